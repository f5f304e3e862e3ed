import type { RawUsageRow } from '../../domain/usage-event.js';
import type { UsageLedgerReads } from '../../store/usage-ledger-port.js';
import { partitionOfAccount, partitionOfUnknown } from './usage-partitions.js';

/** Lines kept in memory by a router before it starts over (a line is ~100 bytes here). */
const MAX_HELD = 1_000_000;

/**
 * Finds each row's partition from its line's account, reading the lines it has not seen from the
 * store. A row naming no known line goes by its imsi/iccid (rating holds it as unknown_subscriber).
 */
export class UsageRouter {
  private readonly accountByImsi = new Map<string, string>();
  private readonly accountByIccid = new Map<string, string>();

  constructor(private readonly lines: Pick<UsageLedgerReads, 'findLines'>) {}

  async partitionsOf(rows: readonly RawUsageRow[]): Promise<number[]> {
    await this.learn(rows);
    return rows.map((row) => {
      const account = (row.imsi ? this.accountByImsi.get(row.imsi) : undefined) ?? (row.iccid ? this.accountByIccid.get(row.iccid) : undefined);
      return account === undefined ? partitionOfUnknown(row) : partitionOfAccount(account);
    });
  }

  private async learn(rows: readonly RawUsageRow[]): Promise<void> {
    const imsis = new Set<string>();
    const iccids = new Set<string>();
    for (const row of rows) {
      if (row.imsi && !this.accountByImsi.has(row.imsi)) imsis.add(row.imsi);
      if (row.iccid && !this.accountByIccid.has(row.iccid)) iccids.add(row.iccid);
    }
    if (imsis.size === 0 && iccids.size === 0) return;
    if (this.accountByIccid.size > MAX_HELD) {
      this.accountByImsi.clear();
      this.accountByIccid.clear();
    }
    for (const line of await this.lines.findLines([...imsis], [...iccids])) {
      this.accountByImsi.set(line.imsi, line.accountId);
      this.accountByIccid.set(line.iccid, line.accountId);
    }
  }
}
