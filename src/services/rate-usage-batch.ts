import { ratingCommitted } from './rating-hooks.js';
import { applyDraws, rateEvent, type BucketState } from '../domain/rating.js';
import { INT64_MAX } from '../domain/money.js';
import { applyWindow, prepareUsage, type ParsedUsage, type PreparedUsage, type RawUsageRow, type RejectionCode, type UsageWindow } from '../domain/usage-event.js';
import { debitWallet } from '../domain/wallet-debit.js';
import type { Db, Store } from '../store/open-store.js';
import { RatedBatchBuilder } from '../store/rated-batch.js';
import type { KnownEvent, UsageLedgerReads } from '../store/usage-ledger-port.js';
import { RatingContext, type HeldLine } from './rating-context.js';
import { AlertWatch } from './alerts/alert-watch.js';

export interface IncomingUsage {
  readonly raw: RawUsageRow;
  /** Where the row came from (a file's line number, a batch index), echoed in the result. */
  readonly ref: number;
  /** Set when re-rating a held event: the suspense row that is this event's standing copy. */
  readonly suspenseId?: bigint;
  /** The row already checked and fingerprinted; computed here when absent. */
  readonly prepared?: PreparedUsage;
}

export type UsageResult =
  | { ref: number; eventId: string; status: 'rated'; recordId: bigint; amountMinor: bigint; debt: boolean }
  | { ref: number; eventId: string; status: 'duplicate' }
  | { ref: number; eventId: string; status: 'rejected'; code: RejectionCode | 'malformed_row'; detail: string };

/** Rows of one source, in arrival order. */
export interface SourceRun {
  readonly source: string;
  readonly items: readonly IncomingUsage[];
}

/**
 * Rates a batch of usage rows in arrival order inside one write transaction (rules 1-8).
 * Every rated event, its draws and its wallet charge are written with the batch or not at all;
 * `inTransaction` adds the caller's own writes to the same transaction.
 */
export async function rateUsageBatch(
  store: Store,
  source: string,
  items: readonly IncomingUsage[],
  nowMs: number,
  window: UsageWindow,
  ctx: RatingContext = new RatingContext(),
  inTransaction?: (tx: Db) => Promise<void>,
): Promise<UsageResult[]> {
  if (items.length === 0 && inTransaction === undefined) return [];
  return (await rateSourceRuns(store, [{ source, items }], nowMs, window, ctx, inTransaction))[0]!;
}

/** Runs of several sources (a stream's partitions) rated one after the other in one write transaction: each run's answers. */
export async function rateSourceRuns(
  store: Store,
  runs: readonly SourceRun[],
  nowMs: number,
  window: UsageWindow,
  ctx: RatingContext,
  inTransaction?: (tx: Db) => Promise<void>,
): Promise<UsageResult[][]> {
  try {
    const results = await store.writeTransaction(async (tx) => {
      const reads = store.ledger.reads(tx);
      await ctx.begin(reads);
      const answers: UsageResult[][] = [];
      for (const run of runs) {
        const builder = new RatedBatchBuilder();
        const rated = await rateBatch(reads, run.source, run.items, nowMs, window, ctx, builder);
        await store.ledger.writeRatedBatch(tx, builder.take(), rated, nowMs);
        answers.push(rated.results);
      }
      await inTransaction?.(tx);
      ctx.committed();
      return answers;
    });
    ratingCommitted(store);
    return results;
  } catch (error) {
    ctx.clear(); // its buckets and wallets may hold what was rolled back
    throw error;
  }
}

function rateFailure(code: 'no_rate' | 'amount_out_of_range' | undefined, tariffId: string, usage: ParsedUsage): string {
  return code === 'amount_out_of_range'
    ? `the charge for ${usage.quantity} ${usage.kind} units at tariff ${tariffId}'s rate for ${usage.country} is above ${INT64_MAX} minor units`
    : `tariff ${tariffId} has no ${usage.kind} rate for ${usage.country}`;
}

/** A chunk rated in memory: what it answers, the record ids it took, and its events as they stand once written. */
export interface RatedBatch {
  results: UsageResult[];
  firstId: bigint;
  nextId: bigint;
  known: Map<string, KnownEvent>;
}

export interface RateOptions {
  /** The first record id to assign; read from the store when absent. */
  firstId?: bigint;
  /** Events of earlier batches still being written: newer than what the store shows of them. */
  unwritten?: ReadonlyMap<string, KnownEvent>;
}

/** One chunk's rating: the state its events share, and the writes they add to the builder. */
class ChunkRating {
  readonly touched = new Set<BucketState>();
  readonly wallets = new Map<string, bigint>();
  readonly watch: AlertWatch;
  nextId: bigint;

  constructor(
    readonly source: string,
    readonly nowMs: number,
    readonly ctx: RatingContext,
    readonly builder: RatedBatchBuilder,
    readonly known: Map<string, KnownEvent>,
    firstId: bigint,
  ) {
    this.nextId = firstId;
    this.watch = new AlertWatch(ctx);
  }

  /** Holds the event in suspense (unless it is a held event being re-rated) and answers it rejected. */
  hold(item: IncomingUsage, p: PreparedUsage, code: RejectionCode, detail: string): UsageResult {
    if (item.suspenseId === undefined) this.builder.addSuspense(this.source, p.eventId, p.hash, code, detail, JSON.stringify(item.raw), this.nowMs);
    // A conflict never replaces the standing copy; a row without a valid id has no identity to remember.
    if (code !== 'exists_with_different_payload' && code !== 'invalid_event_id') this.known.set(p.eventId, { standingHash: p.hash, rated: false });
    return { ref: item.ref, eventId: p.eventId, status: 'rejected', code, detail };
  }

  /** An event id seen before: a duplicate, or a conflict when its content differs. */
  seenBefore(item: IncomingUsage, p: PreparedUsage, seen: KnownEvent): UsageResult {
    if (seen.standingHash === p.hash || seen.conflictHashes?.has(p.hash)) {
      if (item.suspenseId !== undefined && seen.rated) this.builder.resolveSuspense(item.suspenseId, null);
      return { ref: item.ref, eventId: p.eventId, status: 'duplicate' };
    }
    (seen.conflictHashes ??= new Set()).add(p.hash);
    return this.hold(item, p, 'exists_with_different_payload', `event ${p.eventId} already arrived with other content; the first copy stands`);
  }

  /** Rates a valid event on its line: draws, wallet debit, record. */
  rate(item: IncomingUsage, p: PreparedUsage, usage: ParsedUsage, line: HeldLine): UsageResult {
    const tariff = this.ctx.tariffs.get(line.tariffId);
    const buckets = this.ctx.bucketsOf(line);
    const outcome = tariff ? rateEvent(usage, buckets, tariff) : undefined;
    if (outcome === undefined || !outcome.ok) return this.hold(item, p, outcome?.code ?? 'no_rate', rateFailure(outcome?.code, line.tariffId, usage));
    const amount = outcome.amountMinor;
    const before = this.ctx.wallets.get(line.accountId) ?? 0n;
    const debit = debitWallet(before, amount, `charge of event ${p.eventId}`);
    if (!debit.ok) return this.hold(item, p, debit.code, debit.detail);
    const recordId = this.nextId++;
    if (outcome.draws.length > 0) {
      this.watch.drawing(line, outcome.draws, buckets);
      for (const b of applyDraws(usage, outcome.draws, buckets)) this.touched.add(b);
      for (const d of outcome.draws) this.builder.addDraw(d.bucketId, recordId, d.units);
    }
    if (amount > 0n) {
      this.watch.charging(line, before, usage, outcome.chargedBlocks, buckets, tariff!);
      this.ctx.wallets.set(line.accountId, debit.balanceMinor);
      this.wallets.set(line.accountId, debit.balanceMinor);
      this.builder.addLedgerEntry(line.accountId, usage.startedAtMs, -amount, 'usage', `usage:${recordId}`);
    }
    this.builder.addRecord({
      id: recordId,
      source: this.source,
      eventId: p.eventId,
      hash: p.hash,
      iccid: line.iccid,
      accountId: line.accountId,
      kind: usage.kind,
      direction: usage.direction,
      startedAtMs: usage.startedAtMs,
      quantity: usage.quantity,
      mccMnc: usage.mccMnc,
      country: usage.country,
      bucketUnits: outcome.bucketUnits,
      chargedBlocks: outcome.chargedBlocks,
      amountMinor: amount,
      debt: debit.debt,
      ratedAtMs: this.nowMs,
      peer: usage.peer,
    });
    if (item.suspenseId !== undefined) this.builder.resolveSuspense(item.suspenseId, recordId);
    this.builder.setFreshness(line.iccid, usage.startedAtMs, this.nowMs, usage.mccMnc);
    this.known.set(p.eventId, { standingHash: p.hash, rated: true });
    return { ref: item.ref, eventId: p.eventId, status: 'rated', recordId, amountMinor: amount, debt: debit.debt };
  }

  /** The last state of what the chunk changed: the context goes on changing with the next chunk. */
  finish(): void {
    for (const b of this.touched) this.builder.setBucket(b);
    for (const [account, balance] of this.wallets) this.builder.setWallet(account, balance);
    this.builder.endChunk();
  }
}

/**
 * Rates a batch against what `reads` shows plus the rating context (which holds the lines, buckets
 * and wallets as rated so far); changes only the context, and adds the writes to `builder`.
 */
export async function rateBatch(
  reads: UsageLedgerReads,
  source: string,
  items: readonly IncomingUsage[],
  nowMs: number,
  window: UsageWindow,
  ctx: RatingContext,
  builder: RatedBatchBuilder,
  options: RateOptions = {},
): Promise<RatedBatch> {
  const prepared = items.map((item) => item.prepared ?? prepareUsage(item.raw));
  const ids = [...new Set(prepared.map((p) => p.eventId))];
  const known = await reads.findKnownEvents(source, ids);
  if (options.unwritten)
    for (const id of ids) {
      const k = options.unwritten.get(id);
      if (k) known.set(id, k);
    }
  const checks = prepared.map((p, i) => applyWindow(p.fields, items[i]!.raw, window));
  await ctx.load(reads, checks);
  const firstId = options.firstId ?? (await reads.nextRecordId());
  const chunk = new ChunkRating(source, nowMs, ctx, builder, known, firstId);
  const results: UsageResult[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const p = prepared[i]!;
    const check = checks[i]!;
    const identified = check.ok || check.code !== 'invalid_event_id';
    const seen = identified ? known.get(p.eventId) : undefined;
    // A held event being re-rated is its own standing copy, unless the event was rated meanwhile.
    const reratingItself = item.suspenseId !== undefined && seen !== undefined && !seen.rated && seen.standingHash === p.hash;
    if (seen && !reratingItself) results[i] = chunk.seenBefore(item, p, seen);
    else if (!check.ok) results[i] = chunk.hold(item, p, check.code, check.detail);
    else {
      const line = ctx.line(check.usage);
      results[i] =
        line === undefined || line === 'conflict'
          ? chunk.hold(
              item,
              p,
              'unknown_subscriber',
              line === 'conflict' ? 'imsi and iccid name different lines' : `no line with ${check.usage.imsi ? `imsi ${check.usage.imsi}` : `iccid ${check.usage.iccid}`}`,
            )
          : chunk.rate(item, p, check.usage, line);
    }
  }
  chunk.finish();
  await chunk.watch.addRows(reads, builder, ctx.wallets, nowMs, firstId);
  ctx.rated();
  return { results, firstId, nextId: chunk.nextId, known };
}
