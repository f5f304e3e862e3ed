import { ratingCommitted } from './rating-hooks.js';
import { applyDraws, rateEvent, type BucketState } from '../domain/rating.js';
import { INT64_MAX, INT64_MIN, overflowDetail } from '../domain/money.js';
import { applyWindow, prepareUsage, type ParsedUsage, type PreparedUsage, type RawUsageRow, type RejectionCode, type UsageWindow } from '../domain/usage-event.js';
import type { Cell } from '../store/bulk.js';
import type { Db, Store } from '../store/open-store.js';
import { findKnownEvents, nextId as readNextId, advanceIds, writeRatedBatch, RECORD_COLUMNS, type KnownEvent, type RatedBatchWrites } from '../store/usage-store.js';
import { RatingContext } from './rating-context.js';
import { AlertWatch } from './alerts/alert-watch.js';

export interface IncomingUsage {
  readonly raw: RawUsageRow;
  /** Where the row came from (a file's line number, a batch index), echoed in the result. */
  readonly ref: number;
  /** Set when re-rating a held event: the suspense row that is this event's standing copy. */
  readonly suspenseId?: bigint;
  /** The row already checked and fingerprinted (by a file parser thread); computed here when absent. */
  readonly prepared?: PreparedUsage;
}

export type UsageResult =
  | { ref: number; eventId: string; status: 'rated'; recordId: bigint; amountMinor: bigint; debt: boolean }
  | { ref: number; eventId: string; status: 'duplicate' }
  | { ref: number; eventId: string; status: 'rejected'; code: RejectionCode; detail: string };

/**
 * Rates a batch of usage rows in arrival order inside one write transaction (rules 1-8).
 * Every rated event, its draws and its wallet charge are written with the batch or not at all.
 */
export async function rateUsageBatch(
  store: Store,
  source: string,
  items: readonly IncomingUsage[],
  nowMs: number,
  window: UsageWindow,
  ctx: RatingContext = new RatingContext(),
): Promise<UsageResult[]> {
  if (items.length === 0) return [];
  try {
    const results = await store.writeTransaction(async (tx) => {
      await ctx.begin(tx);
      const rated = await rateBatch(tx, source, items, nowMs, window, ctx);
      await writeRatedBatch(tx, store, rated.writes, nowMs);
      await advanceIds(tx, 'usage_records', rated.firstId, rated.nextId);
      ctx.committed();
      return rated.results;
    });
    ratingCommitted(store);
    return results;
  } catch (error) {
    ctx.clear(); // its buckets and wallets may hold what was rolled back
    throw error;
  }
}

const RECORD_WIDTH = RECORD_COLUMNS.length;

/** What a batch moves a line's freshness to: its latest usage rated, on which network. */
interface LineFreshness {
  usageToMs: number;
  mccMnc: string;
}

function rateFailure(code: 'no_rate' | 'amount_out_of_range' | undefined, tariffId: string, usage: ParsedUsage): string {
  return code === 'amount_out_of_range'
    ? `the charge for ${usage.quantity} ${usage.kind} units at tariff ${tariffId}'s rate for ${usage.country} is above ${INT64_MAX} minor units`
    : `tariff ${tariffId} has no ${usage.kind} rate for ${usage.country}`;
}

/**
 * An integer cell as a JS number while it is exactly one (always, for ids and quantities), else as
 * bigint: a batch handed to the writer thread is copied, and numbers copy at half the cost. Both
 * databases store either into their integer columns unchanged.
 */
function cellOf(v: bigint): number | bigint {
  return v <= MAX_EXACT && v >= MIN_EXACT ? Number(v) : v;
}
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_EXACT = -MAX_EXACT; // a constant: negating in the check made a bigint per call

/** A batch rated in memory: what it answers, what it writes, and the record ids it took. */
export interface RatedBatch {
  results: UsageResult[];
  writes: RatedBatchWrites;
  firstId: bigint;
  nextId: bigint;
  /** Every event id of the batch as it stands once the batch is written (see `RateOptions.unwritten`). */
  known: Map<string, KnownEvent>;
}

export interface RateOptions {
  /** The first record id to assign; read from the store when absent. */
  firstId?: bigint;
  /** Events of earlier batches still being written, oldest batch first: newer than what `db` shows of them. */
  unwritten?: readonly ReadonlyMap<string, KnownEvent>[];
}

// The loop below runs once per event of every import: it keeps allocations few (rows go straight
// into flat cell arrays) because at a million events each object per event is felt.
/**
 * Rates a batch against what `db` shows plus the rating context (which holds the lines, buckets
 * and wallets as rated so far); changes only the context. The caller writes `writes`.
 */
export async function rateBatch(db: Db, source: string, items: readonly IncomingUsage[], nowMs: number, window: UsageWindow, ctx: RatingContext, options: RateOptions = {}): Promise<RatedBatch> {
  const prepared = items.map((item) => item.prepared ?? prepareUsage(item.raw));
  const ids = new Set<string>();
  for (const p of prepared) ids.add(p.eventId);
  const known = await findKnownEvents(db, source, [...ids]);
  for (const batch of options.unwritten ?? [])
    for (const id of ids) {
      const k = batch.get(id);
      if (k) known.set(id, k);
    }
  const checks = prepared.map((p, i) => applyWindow(p.fields, items[i]!.raw, window));
  await ctx.load(db, checks);
  const firstId = options.firstId ?? (await readNextId(db, 'usage_records'));
  const records: Cell[] = new Array(items.length * RECORD_WIDTH);
  const writes: RatedBatchWrites = { records, draws: [], ledger: [], suspense: [], buckets: [], wallets: [], lines: [], resolvedSuspense: [], alerts: [] };
  const watch = new AlertWatch(ctx);
  const touched = new Set<BucketState>();
  const wallets = new Map<string, bigint>();
  const freshness = new Map<string, LineFreshness>();
  let nextId = firstId;
  let cell = 0;
  const results: UsageResult[] = new Array(items.length);

  const hold = (item: IncomingUsage, p: PreparedUsage, code: RejectionCode, detail: string): UsageResult => {
    if (item.suspenseId === undefined) writes.suspense.push(source, p.eventId, p.hash, code, detail, JSON.stringify(item.raw), nowMs);
    // A conflict never replaces the standing copy; a row without a valid id has no identity to remember.
    if (code !== 'exists_with_different_payload' && code !== 'invalid_event_id') known.set(p.eventId, { standingHash: p.hash, rated: false });
    return { ref: item.ref, eventId: p.eventId, status: 'rejected', code, detail };
  };

  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const p = prepared[i]!;
    const check = checks[i]!;
    const identified = check.ok || check.code !== 'invalid_event_id';
    const seen = identified ? known.get(p.eventId) : undefined;
    // A held event being re-rated is its own standing copy, unless the event was rated meanwhile.
    const reratingItself = item.suspenseId !== undefined && seen !== undefined && !seen.rated && seen.standingHash === p.hash;
    if (seen && !reratingItself) {
      if (seen.standingHash === p.hash || seen.conflictHashes?.has(p.hash)) {
        if (item.suspenseId !== undefined && seen.rated) writes.resolvedSuspense.push({ id: item.suspenseId, recordId: null });
        results[i] = { ref: item.ref, eventId: p.eventId, status: 'duplicate' };
      } else {
        (seen.conflictHashes ??= new Set()).add(p.hash);
        results[i] = hold(item, p, 'exists_with_different_payload', `event ${p.eventId} already arrived with other content; the first copy stands`);
      }
      continue;
    }
    if (!check.ok) {
      results[i] = hold(item, p, check.code, check.detail);
      continue;
    }
    const usage = check.usage;
    const line = ctx.line(usage);
    if (line === undefined || line === 'conflict') {
      results[i] = hold(item, p, 'unknown_subscriber', line === 'conflict' ? 'imsi and iccid name different lines' : `no line with ${usage.imsi ? `imsi ${usage.imsi}` : `iccid ${usage.iccid}`}`);
      continue;
    }
    const tariff = ctx.tariffs.get(line.tariffId);
    const buckets = ctx.bucketsOf(line);
    const outcome = tariff ? rateEvent(usage, buckets, tariff) : undefined;
    if (outcome === undefined || !outcome.ok) {
      results[i] = hold(item, p, outcome?.code ?? 'no_rate', rateFailure(outcome?.code, line.tariffId, usage));
      continue;
    }
    const amount = outcome.amountMinor;
    const balance = amount > 0n ? (ctx.wallets.get(line.accountId) ?? 0n) - amount : 0n;
    if (balance < INT64_MIN) {
      results[i] = hold(item, p, 'amount_out_of_range', overflowDetail(`charge of event ${p.eventId}`, -amount, balance + amount));
      continue;
    }

    const recordId = nextId++;
    const idCell = cellOf(recordId);
    if (outcome.draws.length > 0) {
      watch.drawing(line, outcome.draws, buckets);
      for (const b of applyDraws(usage, outcome.draws, buckets)) touched.add(b);
      for (const d of outcome.draws) writes.draws.push(d.bucketId, idCell, cellOf(d.units));
    }
    let debt = false;
    if (amount > 0n) {
      watch.charging(line, balance + amount, usage, outcome.chargedBlocks, buckets, tariff!);
      debt = balance < 0n;
      ctx.wallets.set(line.accountId, balance);
      wallets.set(line.accountId, balance);
      writes.ledger.push(line.accountId, usage.startedAtMs, cellOf(-amount), 'usage', `usage:${recordId}`);
    }
    // In RECORD_COLUMNS order.
    records[cell++] = idCell;
    records[cell++] = source;
    records[cell++] = p.eventId;
    records[cell++] = p.hash;
    records[cell++] = line.iccid;
    records[cell++] = line.accountId;
    records[cell++] = usage.kind;
    records[cell++] = usage.direction;
    records[cell++] = usage.startedAtMs;
    records[cell++] = cellOf(usage.quantity);
    records[cell++] = usage.mccMnc;
    records[cell++] = usage.country;
    records[cell++] = cellOf(outcome.bucketUnits);
    records[cell++] = cellOf(outcome.chargedBlocks);
    records[cell++] = cellOf(amount);
    records[cell++] = debt ? 1 : 0;
    records[cell++] = nowMs;
    records[cell++] = usage.peer;
    if (item.suspenseId !== undefined) writes.resolvedSuspense.push({ id: item.suspenseId, recordId });
    const fresh = freshness.get(line.iccid);
    if (fresh === undefined) freshness.set(line.iccid, { usageToMs: usage.startedAtMs, mccMnc: usage.mccMnc });
    else if (usage.startedAtMs >= fresh.usageToMs) {
      fresh.usageToMs = usage.startedAtMs;
      fresh.mccMnc = usage.mccMnc;
    }
    known.set(p.eventId, { standingHash: p.hash, rated: true });
    results[i] = { ref: item.ref, eventId: p.eventId, status: 'rated', recordId, amountMinor: amount, debt };
  }
  records.length = cell;
  // Snapshots: the context's buckets go on changing with the next batch while this one is written.
  for (const b of touched) writes.buckets.push(cellOf(b.remaining), b.validFromMs, b.validToMs, b.usedUpAtMs ?? null, b.id);
  for (const [account, balance] of wallets) writes.wallets.push(cellOf(balance), account);
  for (const [iccid, f] of freshness) writes.lines.push(iccid, f.usageToMs, nowMs, f.mccMnc);
  writes.alerts = await watch.rows(db, ctx.wallets, nowMs, firstId);
  ctx.rated();
  return { results, writes, firstId, nextId, known };
}
