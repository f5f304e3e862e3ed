import type { Tariff } from '../domain/catalog.js';
import type { BucketState } from '../domain/rating.js';
import type { ParsedUsage, UsageParse } from '../domain/usage-event.js';
import type { LineRef, UsageLedgerReads } from '../store/usage-ledger-port.js';
import { BucketSlots, NO_SLOT } from './bucket-slots.js';

/** Lines read per statement by `loadAllLines`. */
const PRELOAD_PAGE = 2_000;

/**
 * A line as the context holds it: the number of the last batch that used it, the first slot of
 * its open buckets' chain (see BucketSlots), and those buckets as objects while a batch rates them
 * (see `bucketsOf`).
 */
export interface HeldLine extends LineRef {
  lastBatch: number;
  readonly firstSlot: number;
  open: BucketState[] | undefined;
}

/**
 * What rating needs of the lines it sees: their tariffs, open buckets and wallet balances.
 * An import keeps one across its batches and reloads only lines it does not hold. Once a batch is
 * in the store, the lines no later batch used may go (see `landed`). It stays valid
 * only while nobody else writes: every write transaction bumps the store's write generation, so a
 * generation other than the one this context's own last batch left means something changed
 * (a purchase, a top-up, provisioning) and everything is read again.
 */
export class RatingContext {
  readonly byImsi = new Map<string, HeldLine>();
  readonly byIccid = new Map<string, HeldLine>();
  readonly tariffs = new Map<string, Tariff>();
  readonly wallets = new Map<string, bigint>();
  private readonly buckets = new BucketSlots();
  /** Lines whose buckets the batch being rated has as objects. */
  private opened: HeldLine[] = [];
  private generation: bigint | undefined;
  /** The batch being rated: each `load` starts one. */
  private batch = 0;

  /** @param keepLines how many lines `landed` leaves held (lines used by batches in flight stay anyway). */
  constructor(private readonly keepLines = 0) {}

  /** The number of the batch last loaded: pass it to `landed` once that batch is in the store. */
  get currentBatch(): number {
    return this.batch;
  }

  /** Open buckets held, of every line held. */
  get heldBuckets(): number {
    return this.buckets.size;
  }

  clear(): void {
    for (const map of [this.byImsi, this.byIccid, this.tariffs, this.wallets]) map.clear();
    this.buckets.clear();
    this.opened = [];
    this.generation = undefined;
  }

  /**
   * The line's open buckets as objects, the same ones for the whole batch: rating changes them
   * event after event, and `rated` stores them back.
   */
  bucketsOf(line: HeldLine): BucketState[] {
    if (line.open === undefined) {
      line.open = this.buckets.readAll(line.firstSlot);
      this.opened.push(line);
    }
    return line.open;
  }

  /** The batch is rated: stores back what it changed of the buckets it opened, and lets the objects go. */
  rated(): void {
    for (const line of this.opened) {
      this.buckets.writeAll(line.firstSlot, line.open!);
      line.open = undefined;
    }
    this.opened = [];
  }

  /**
   * Every batch up to `batch` is in the store: a line that no later batch used reads the same from
   * the store as from here, so past `keepLines` it is dropped (with its buckets, and its account's
   * wallet once no held line is on that account). An import holds the lines of its batches in
   * flight, not every line it ever saw (100,000 lines with their 200,000 buckets are ~46 MB).
   * `keepLines` overrides the constructor's for this call (0 when memory runs short).
   */
  landed(batch: number, keepLines = this.keepLines): void {
    this.rated();
    if (this.byIccid.size <= keepLines) return;
    const accounts = new Set<string>();
    for (const line of this.byIccid.values()) {
      if (line.lastBatch > batch) {
        accounts.add(line.accountId);
        continue;
      }
      this.byIccid.delete(line.iccid);
      if (this.byImsi.get(line.imsi) === line) this.byImsi.delete(line.imsi);
      this.buckets.releaseAll(line.firstSlot);
    }
    for (const account of this.wallets.keys()) if (!accounts.has(account)) this.wallets.delete(account);
  }

  /** Call first inside the batch's write transaction (with its reads): drops what another writer may have changed. */
  async begin(reads: UsageLedgerReads): Promise<void> {
    const current = await reads.writeGeneration();
    if (current !== this.generation) this.clear();
    this.generation = current;
  }

  /** The batch wrote and will commit with one more generation (the store bumps it). */
  committed(): void {
    if (this.generation !== undefined) this.generation += 1n;
  }

  line(u: ParsedUsage): HeldLine | 'conflict' | undefined {
    const a = u.imsi ? this.byImsi.get(u.imsi) : undefined;
    const b = u.iccid ? this.byIccid.get(u.iccid) : undefined;
    if (u.imsi && u.iccid) return a && b ? (a.iccid === b.iccid ? a : 'conflict') : undefined;
    return a ?? b;
  }

  /** Reads the lines of these events that are not known yet, with their tariffs, buckets and wallets. */
  async load(reads: UsageLedgerReads, checks: readonly UsageParse[]): Promise<void> {
    this.rated();
    const batch = ++this.batch;
    const imsis = new Set<string>();
    const iccids = new Set<string>();
    for (const check of checks) {
      if (!check.ok) continue;
      const u = check.usage;
      if (u.imsi) {
        const held = this.byImsi.get(u.imsi);
        if (held) held.lastBatch = batch;
        else imsis.add(u.imsi);
      }
      if (u.iccid) {
        const held = this.byIccid.get(u.iccid);
        if (held) held.lastBatch = batch;
        else iccids.add(u.iccid);
      }
    }
    if (imsis.size === 0 && iccids.size === 0) return;
    await this.hold(reads, await reads.findLines([...imsis], [...iccids]), batch);
  }

  /**
   * Reads every line of the store, in the order of its key, when there are at most `atMost`:
   * for a file of at least as many events as the store has lines, which will name most of them.
   * Read a chunk's lines at a time, in the file's order, 100,000 lines took ~5.4 s of an import's
   * rating thread (random probes of the line, bucket and wallet indexes through a 4 MB page cache
   * that every commit empties); in key order, before the first commit, ~1-1.5 s.
   */
  async loadAllLines(reads: UsageLedgerReads, atMost: number): Promise<boolean> {
    if ((await reads.countLines()) > atMost) return false;
    for (let after: string | undefined; ;) {
      const lines = await reads.linesAfter(after, PRELOAD_PAGE);
      if (lines.length === 0) return true;
      await this.hold(reads, lines, this.batch);
      after = lines[lines.length - 1]!.iccid;
    }
  }

  /** Holds the lines given that it does not hold yet, with their tariffs, buckets and wallets. */
  private async hold(reads: UsageLedgerReads, found: readonly LineRef[], batch: number): Promise<void> {
    const lines = found.filter((l) => {
      const held = this.byIccid.get(l.iccid); // named by an imsi it no longer has (another writer changed it): reread all
      if (held) held.lastBatch = batch;
      return !held;
    });
    const unique = [...new Map(lines.map((l) => [l.iccid, l])).values()];
    const missingTariffs = [...new Set(unique.map((l) => l.tariffId))].filter((id) => !this.tariffs.has(id));
    for (const [id, tariff] of await reads.loadTariffs(missingTariffs)) this.tariffs.set(id, tariff);
    const buckets = await reads.loadOpenBuckets(unique.map((l) => l.iccid));
    const accounts = [...new Set(unique.map((l) => l.accountId))].filter((a) => !this.wallets.has(a));
    const balances = await reads.loadWalletBalances(accounts);
    for (const l of unique) {
      // Keyed by the line's own account id string, not a second copy read with the wallet row.
      const balance = balances.get(l.accountId);
      if (balance !== undefined && !this.wallets.has(l.accountId)) this.wallets.set(l.accountId, balance);
      // The tariff's own id: one string for every line on it, not one per row read.
      const open = buckets.get(l.iccid);
      const line: HeldLine = {
        iccid: l.iccid,
        imsi: l.imsi,
        accountId: l.accountId,
        tariffId: this.tariffs.get(l.tariffId)?.id ?? l.tariffId,
        lastBatch: batch,
        firstSlot: open ? this.buckets.addAll(open) : NO_SLOT,
        open: undefined,
      };
      this.byImsi.set(line.imsi, line);
      this.byIccid.set(line.iccid, line);
    }
  }
}
