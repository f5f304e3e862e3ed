/**
 * Outgoing SMS through Kannel's `sendsms` HTTP interface (smsbox `sendsms-port`). GSM-7 texts go
 * as they are; anything else is sent as UTF-8 with `coding=2` so Kannel delivers UCS-2. Kannel
 * splits long texts itself (`max-messages`), which is set from the segment count.
 */
import type { OutgoingSms, SmsSender } from '../../services/ports/sms-sender.js';
import { splitSms } from './segments.js';

export interface KannelSenderConfig {
  /** e.g. http://127.0.0.1:13013/cgi-bin/sendsms (SIMLEDGER_KANNEL_SENDSMS_URL). */
  readonly sendsmsUrl: string;
  readonly username: string;
  readonly password: string;
  /** The service number replies come from (SIMLEDGER_KANNEL_FROM); omitted = Kannel's global-sender. */
  readonly from?: string;
  readonly timeoutMs?: number;
}

export class KannelSendError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`kannel sendsms answered ${status}: ${body.slice(0, 200)}`);
    this.name = 'KannelSendError';
  }
}

export class KannelSmsSender implements SmsSender {
  constructor(
    private readonly config: KannelSenderConfig,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  /** The sendsms URL for a message (exported for tests and logs; it carries the password). */
  urlFor(message: OutgoingSms): URL {
    const segments = splitSms(message.text);
    const url = new URL(this.config.sendsmsUrl);
    url.searchParams.set('username', this.config.username);
    url.searchParams.set('password', this.config.password);
    if (this.config.from !== undefined) url.searchParams.set('from', this.config.from);
    url.searchParams.set('to', message.to);
    url.searchParams.set('text', message.text);
    url.searchParams.set('charset', 'UTF-8');
    if (segments.encoding === 'ucs2') url.searchParams.set('coding', '2');
    if (segments.parts.length > 1) url.searchParams.set('max-messages', String(segments.parts.length));
    return url;
  }

  async send(message: OutgoingSms): Promise<void> {
    const response = await this.fetchFn(this.urlFor(message), { signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000) });
    const body = await response.text();
    // Kannel answers 202 "0: Accepted for delivery" (or "3: Queued for later delivery").
    if (response.status !== 202 && response.status !== 200) throw new KannelSendError(response.status, body);
  }
}
