import { applyDraws, rateEvent, type BucketState } from '../domain/rating.js';
import { parseUsageRow, usageFingerprint, type ParsedUsage, type RawUsageRow, type RejectionCode, type UsageWindow } from '../domain/usage-event.js';
import type { Cell } from '../store/bulk.js';
import type { Db, Store } from '../store/open-store.js';
import {
  findKnownEvents, nextId as readNextId, advanceIds, writeRatedBatch, type KnownEvent, type LineRef, type RatedBatchWrites,
} from '../store/usage-store.js';
import { RatingContext } from './rating-context.js';

export interface IncomingUsage {
  readonly raw: RawUsageRow;
  /** Where the row came from (a file's line number, a batch index), echoed in the result. */
  readonly ref: number;
  /** Set when re-rating a held event: the suspense row that is this event's standing copy. */
  readonly suspenseId?: bigint;
}

export type UsageResult =
  | { ref: number; eventId: string; status: 'rated'; recordId: bigint; amountMinor: bigint; debt: boolean }
  | { ref: number; eventId: string; status: 'duplicate' }
  | { ref: number; eventId: string; status: 'rejected'; code: RejectionCode; detail: string };

type Parsed = { item: IncomingUsage; hash: string; eventId: string };

/**
 * Rates a batch of usage rows in arrival order inside one write transaction (rules 1-8).
 * Every rated event, its draws and its wallet charge are written with the batch or not at all.
 */
export async function rateUsageBatch(
  store: Store, source: string, items: readonly IncomingUsage[], nowMs: number, window: UsageWindow,
  ctx: RatingContext = new RatingContext(),
): Promise<UsageResult[]> {
  if (items.length === 0) return [];
  try {
    return await store.writeTransaction((tx) => rateInTransaction(tx, store, source, items, nowMs, window, ctx));
  } catch (error) {
    ctx.clear(); // its buckets and wallets may hold what was rolled back
    throw error;
  }
}

async function rateInTransaction(
  tx: Db, store: Store, source: string, items: readonly IncomingUsage[], nowMs: number, window: UsageWindow, ctx: RatingContext,
): Promise<UsageResult[]> {
  await ctx.begin(tx);
  {
    const parsed: Parsed[] = items.map((item) => ({ item, hash: usageFingerprint(item.raw), eventId: (item.raw.event_id ?? '').trim() }));
    const known = await findKnownEvents(tx, source, [...new Set(parsed.map((p) => p.eventId))]);
    const checks = parsed.map((p) => ({ p, check: parseUsageRow(p.item.raw, window) }));
    await ctx.load(tx, checks.flatMap((c) => (c.check.ok ? [c.check.usage] : [])));
    const firstId = await readNextId(tx, 'usage_records');
    const writes: RatedBatchWrites = { records: [], draws: [], ledger: [], suspense: [], buckets: [], wallets: new Map(), resolvedSuspense: [] };
    const touchedBuckets = new Map<string, BucketState>();
    let nextId = firstId;
    const results: UsageResult[] = [];

    const hold = (p: Parsed, code: RejectionCode, detail: string): UsageResult => {
      if (p.item.suspenseId === undefined) {
        writes.suspense.push([source, p.eventId, p.hash, code, detail, JSON.stringify(p.item.raw), nowMs]);
      }
      // A conflict never replaces the standing copy; a row without a valid id has no identity to remember.
      if (code !== 'exists_with_different_payload' && code !== 'invalid_event_id') remember(p.eventId, p.hash, false);
      return { ref: p.item.ref, eventId: p.eventId, status: 'rejected', code, detail };
    };
    const remember = (id: string, hash: string, rated: boolean) => known.set(id, { standingHash: hash, conflictHashes: new Set(), rated });

    for (const { p, check } of checks) {
      const identified = check.ok || check.code !== 'invalid_event_id';
      const seen: KnownEvent | undefined = identified ? known.get(p.eventId) : undefined;
      // A held event being re-rated is its own standing copy, unless the event was rated meanwhile.
      const reratingItself = p.item.suspenseId !== undefined && seen !== undefined && !seen.rated && seen.standingHash === p.hash;
      if (seen && !reratingItself) {
        if (seen.standingHash === p.hash || seen.conflictHashes.has(p.hash)) {
          if (p.item.suspenseId !== undefined && seen.rated) writes.resolvedSuspense.push({ id: p.item.suspenseId, recordId: null });
          results.push({ ref: p.item.ref, eventId: p.eventId, status: 'duplicate' });
        } else {
          seen.conflictHashes.add(p.hash);
          results.push(hold(p, 'exists_with_different_payload', `event ${p.eventId} already arrived with other content; the first copy stands`));
        }
        continue;
      }
      if (!check.ok) { results.push(hold(p, check.code, check.detail)); continue; }
      const usage = check.usage;
      const line = ctx.line(usage);
      if (line === undefined || line === 'conflict') {
        results.push(hold(p, 'unknown_subscriber', line === 'conflict' ? 'imsi and iccid name different lines' : `no line with ${usage.imsi ? `imsi ${usage.imsi}` : `iccid ${usage.iccid}`}`));
        continue;
      }
      const tariff = ctx.tariffs.get(line.tariffId);
      const buckets = ctx.buckets.get(line.iccid) ?? [];
      const outcome = tariff ? rateEvent(usage, buckets, tariff) : { ok: false as const, code: 'no_rate' as const };
      if (!outcome.ok) { results.push(hold(p, 'no_rate', `tariff ${line.tariffId} has no ${usage.kind} rate for ${usage.country}`)); continue; }

      const recordId = nextId++;
      for (const b of applyDraws(usage, outcome.draws, ctx.bucketIndex)) touchedBuckets.set(b.id, b);
      for (const d of outcome.draws) writes.draws.push([d.bucketId, recordId, d.units]);
      const balance = (ctx.wallets.get(line.accountId) ?? 0n) - outcome.amountMinor;
      const debt = outcome.amountMinor > 0n && balance < 0n;
      if (outcome.amountMinor > 0n) {
        ctx.wallets.set(line.accountId, balance);
        writes.wallets.set(line.accountId, balance);
        writes.ledger.push([line.accountId, usage.startedAtMs, -outcome.amountMinor, 'usage', `usage:${recordId}`]);
      }
      writes.records.push(recordRow(recordId, source, p, usage, line, outcome, debt, nowMs));
      if (p.item.suspenseId !== undefined) writes.resolvedSuspense.push({ id: p.item.suspenseId, recordId });
      remember(p.eventId, p.hash, true);
      results.push({ ref: p.item.ref, eventId: p.eventId, status: 'rated', recordId, amountMinor: outcome.amountMinor, debt });
    }
    writes.buckets = [...touchedBuckets.values()];
    await writeRatedBatch(tx, store.dialect, writes, nowMs);
    await advanceIds(tx, 'usage_records', firstId, nextId);
    ctx.committed();
    return results;
  }
}

function recordRow(
  id: bigint, source: string, p: Parsed, u: ParsedUsage, line: LineRef,
  o: { bucketUnits: bigint; chargedBlocks: bigint; amountMinor: bigint }, debt: boolean, nowMs: number,
): Cell[] {
  return [id, source, p.eventId, p.hash, line.iccid, line.accountId, u.kind, u.direction, u.startedAtMs, u.quantity,
    u.mccMnc, u.country, o.bucketUnits, o.chargedBlocks, o.amountMinor, debt ? 1 : 0, nowMs];
}
