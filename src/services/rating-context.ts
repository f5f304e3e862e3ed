import type { Tariff } from '../domain/catalog.js';
import type { BucketState } from '../domain/rating.js';
import type { ParsedUsage, UsageParse } from '../domain/usage-event.js';
import type { Db } from '../store/open-store.js';
import { findLines, loadOpenBuckets, loadTariffs, loadWalletBalances, readWriteGeneration, type LineRef } from '../store/usage-store.js';

/** Past this many lines the context starts afresh, so an import's memory stays bounded. */
const MAX_CACHED_LINES = 250_000;

/**
 * What rating needs of the lines it sees: their tariffs, open buckets and wallet balances.
 * An import keeps one across its batches and reloads only lines it has not seen. It stays valid
 * only while nobody else writes: every write transaction bumps the store's write generation, so a
 * generation other than the one this context's own last batch left means something changed
 * (a purchase, a top-up, provisioning) and everything is read again.
 */
export class RatingContext {
  readonly byImsi = new Map<string, LineRef>();
  readonly byIccid = new Map<string, LineRef>();
  readonly tariffs = new Map<string, Tariff>();
  readonly buckets = new Map<string, BucketState[]>();
  readonly wallets = new Map<string, bigint>();
  private generation: bigint | undefined;

  clear(): void {
    for (const map of [this.byImsi, this.byIccid, this.tariffs, this.buckets, this.wallets]) map.clear();
    this.generation = undefined;
  }

  /** Holds as many lines as it may: start afresh before reading more. */
  get full(): boolean {
    return this.byIccid.size > MAX_CACHED_LINES;
  }

  /** Call first inside the batch's write transaction: drops what another writer may have changed. */
  async begin(tx: Db): Promise<void> {
    const current = await readWriteGeneration(tx);
    if (current !== this.generation || this.full) this.clear();
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
    const imsis = new Set<string>();
    const iccids = new Set<string>();
    for (const check of checks) {
      if (!check.ok) continue;
      const u = check.usage;
      if (u.imsi && !this.byImsi.has(u.imsi)) imsis.add(u.imsi);
      if (u.iccid && !this.byIccid.has(u.iccid)) iccids.add(u.iccid);
    }
    if (imsis.size === 0 && iccids.size === 0) return;
    const lines = (await findLines(tx, [...imsis], [...iccids])).filter((l) => !this.byIccid.has(l.iccid));
    const unique = [...new Map(lines.map((l) => [l.iccid, l])).values()];
    const missingTariffs = [...new Set(unique.map((l) => l.tariffId))].filter((id) => !this.tariffs.has(id));
    for (const [id, tariff] of await loadTariffs(tx, missingTariffs)) this.tariffs.set(id, tariff);
    const buckets = await loadOpenBuckets(tx, unique.map((l) => l.iccid));
    const accounts = [...new Set(unique.map((l) => l.accountId))].filter((a) => !this.wallets.has(a));
    for (const [id, balance] of await loadWalletBalances(tx, accounts)) this.wallets.set(id, balance);
    for (const l of unique) {
      // The tariff's own id: one string for every line on it, not one per row read.
      l.tariffId = this.tariffs.get(l.tariffId)?.id ?? l.tariffId;
      this.byImsi.set(l.imsi, l);
      this.byIccid.set(l.iccid, l);
      this.buckets.set(l.iccid, buckets.get(l.iccid) ?? []);
    }
  }
}
