import type { Tariff } from '../domain/catalog.js';
import type { BucketState } from '../domain/rating.js';
import type { ParsedUsage, UsageParse } from '../domain/usage-event.js';
import type { Db } from '../store/open-store.js';
import { findLines, loadOpenBuckets, loadTariffs, loadWalletBalances, readWriteGeneration, type LineRef } from '../store/usage-store.js';

/** A line as the context holds it: with the number of the last batch that used it. */
interface CachedLine extends LineRef { lastBatch: number }

/**
 * What rating needs of the lines it sees: their tariffs, open buckets and wallet balances.
 * An import keeps one across its batches and reloads only lines it does not hold. Once a batch is
 * in the store, the lines no later batch used may go (see `landed`). It stays valid
 * only while nobody else writes: every write transaction bumps the store's write generation, so a
 * generation other than the one this context's own last batch left means something changed
 * (a purchase, a top-up, provisioning) and everything is read again.
 */
export class RatingContext {
  readonly byImsi = new Map<string, CachedLine>();
  readonly byIccid = new Map<string, CachedLine>();
  readonly tariffs = new Map<string, Tariff>();
  readonly buckets = new Map<string, BucketState[]>();
  readonly wallets = new Map<string, bigint>();
  private generation: bigint | undefined;
  /** The batch being rated: each `load` starts one. */
  private batch = 0;

  /** @param keepLines how many lines `landed` leaves held (lines used by batches in flight stay anyway). */
  constructor(private readonly keepLines = 0) {}

  /** The number of the batch last loaded: pass it to `landed` once that batch is in the store. */
  get currentBatch(): number {
    return this.batch;
  }

  clear(): void {
    for (const map of [this.byImsi, this.byIccid, this.tariffs, this.buckets, this.wallets]) map.clear();
    this.generation = undefined;
  }

  /**
   * Every batch up to `batch` is in the store: a line that no later batch used reads the same from
   * the store as from here, so past `keepLines` it is dropped (with its buckets, and its account's
   * wallet once no held line is on that account). An import holds the lines of its batches in
   * flight, not every line it ever saw (100,000 lines with their 200,000 buckets are ~85 MB).
   * `keepLines` overrides the constructor's for this call (0 when memory runs short).
   */
  landed(batch: number, keepLines = this.keepLines): void {
    if (this.byIccid.size <= keepLines) return;
    const accounts = new Set<string>();
    for (const line of this.byIccid.values()) {
      if (line.lastBatch > batch) { accounts.add(line.accountId); continue; }
      this.byIccid.delete(line.iccid);
      if (this.byImsi.get(line.imsi) === line) this.byImsi.delete(line.imsi);
      this.buckets.delete(line.iccid);
    }
    for (const account of this.wallets.keys()) if (!accounts.has(account)) this.wallets.delete(account);
  }

  /** Call first inside the batch's write transaction: drops what another writer may have changed. */
  async begin(tx: Db): Promise<void> {
    const current = await readWriteGeneration(tx);
    if (current !== this.generation) this.clear();
    this.generation = current;
  }

  /** The batch wrote and will commit with one more generation (the store bumps it). */
  committed(): void {
    if (this.generation !== undefined) this.generation += 1n;
  }

  line(u: ParsedUsage): LineRef | 'conflict' | undefined {
    const a = u.imsi ? this.byImsi.get(u.imsi) : undefined;
    const b = u.iccid ? this.byIccid.get(u.iccid) : undefined;
    if (u.imsi && u.iccid) return a && b ? (a.iccid === b.iccid ? a : 'conflict') : undefined;
    return a ?? b;
  }

  /** Reads the lines of these events that are not known yet, with their tariffs, buckets and wallets. */
  async load(tx: Db, checks: readonly UsageParse[]): Promise<void> {
    const batch = ++this.batch;
    const imsis = new Set<string>();
    const iccids = new Set<string>();
    for (const check of checks) {
      if (!check.ok) continue;
      const u = check.usage;
      if (u.imsi) {
        const held = this.byImsi.get(u.imsi);
        if (held) held.lastBatch = batch; else imsis.add(u.imsi);
      }
      if (u.iccid) {
        const held = this.byIccid.get(u.iccid);
        if (held) held.lastBatch = batch; else iccids.add(u.iccid);
      }
    }
    if (imsis.size === 0 && iccids.size === 0) return;
    const lines = (await findLines(tx, [...imsis], [...iccids])).filter((l) => {
      const held = this.byIccid.get(l.iccid); // named by an imsi it no longer has (another writer changed it): reread all
      if (held) held.lastBatch = batch;
      return !held;
    });
    const unique = [...new Map(lines.map((l) => [l.iccid, l])).values()];
    const missingTariffs = [...new Set(unique.map((l) => l.tariffId))].filter((id) => !this.tariffs.has(id));
    for (const [id, tariff] of await loadTariffs(tx, missingTariffs)) this.tariffs.set(id, tariff);
    const buckets = await loadOpenBuckets(tx, unique.map((l) => l.iccid));
    const accounts = [...new Set(unique.map((l) => l.accountId))].filter((a) => !this.wallets.has(a));
    for (const [id, balance] of await loadWalletBalances(tx, accounts)) this.wallets.set(id, balance);
    for (const l of unique) {
      // The tariff's own id: one string for every line on it, not one per row read.
      const line: CachedLine = { iccid: l.iccid, imsi: l.imsi, accountId: l.accountId, tariffId: this.tariffs.get(l.tariffId)?.id ?? l.tariffId, lastBatch: batch };
      this.byImsi.set(line.imsi, line);
      this.byIccid.set(line.iccid, line);
      this.buckets.set(line.iccid, buckets.get(line.iccid) ?? []);
    }
  }
}
