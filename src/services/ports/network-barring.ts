import type { BarringMode } from '../../config/server-config.js';
/**
 * The network's barring of an eSIM's data, asked for when its pay-as-you-go data cap is reached.
 * Usage the network already carried is still rated (offline usage cannot be refused); barring
 * stops more of it. The default implementation only logs the request: an operator plugs in its
 * HLR/HSS or PCRF adapter here (SIMLEDGER_NETWORK_BARRING=log|off).
 */
export interface BarringRequest {
  readonly iccid: string;
  readonly imsi: string;
  readonly reason: 'payg_cap_reached';
  readonly capBytes: bigint;
  readonly usedBytes: bigint;
  /** The local month (`YYYY-MM`, the account's zone) the cap was reached in. */
  readonly month: string;
}

export interface NetworkBarring {
  barData(request: BarringRequest): Promise<void>;
}

export type { BarringMode };

interface WarnLog {
  warn(object: object, message: string): void;
}

/** Writes each request to the log, for an operator to act on (or a log shipper to forward). */
export class LoggingNetworkBarring implements NetworkBarring {
  constructor(private readonly log: WarnLog) {}
  async barData(r: BarringRequest): Promise<void> {
    this.log.warn(
      { iccid: r.iccid, imsi: r.imsi, reason: r.reason, capBytes: String(r.capBytes), usedBytes: String(r.usedBytes), month: r.month },
      'network barring requested: pay-as-you-go data cap reached',
    );
  }
}

export const NO_BARRING: NetworkBarring = { barData: async () => undefined };

export function networkBarring(mode: BarringMode, log: WarnLog): NetworkBarring {
  return mode === 'off' ? NO_BARRING : new LoggingNetworkBarring(log);
}
