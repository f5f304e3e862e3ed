import { toBigInt } from '../domain/money.js';
import type { RawUsageRow } from '../domain/usage-event.js';
import { keysetPage, numberPart, type PageArgs, type PageOf } from '../store/keyset.js';
import type { Store } from '../store/open-store.js';
import { ingestUsage } from './ingest-usage.js';
import type { IncomingUsage } from './rate-usage-batch.js';

/** An event id taken by other content can never be rated: such rows are reports, not work. */
export const NEVER_RATABLE = 'exists_with_different_payload';

export interface SuspenseFilter {
  reason?: string;
  source?: string;
  includeResolved?: boolean;
}

export interface SuspenseItem {
  id: string;
  source: string;
  eventId: string;
  reason: string;
  detail: string;
  payload: RawUsageRow;
  /** Epoch ms. */
  createdAt: number;
  resolvedAt: number | null;
  recordId: string | null;
}

function filtered(store: Store, f: SuspenseFilter) {
  let q = store.db.selectFrom('suspense');
  if (f.reason !== undefined) q = q.where('reason', '=', f.reason);
  if (f.source !== undefined) q = q.where('source', '=', f.source);
  if (!(f.includeResolved ?? false)) q = q.where('resolved_at', 'is', null);
  return q;
}

/** Held events in arrival order (key: the suspense id), a page at a time (indexes suspense_held, _reason, _source). */
export function listSuspense(store: Store, f: SuspenseFilter, args: PageArgs): Promise<PageOf<SuspenseItem>> {
  return keysetPage(filtered(store, f).selectAll(), { columns: ['id'], keyOf: (r) => [numberPart(r.id)] }, args, (r) => ({
    id: String(r.id),
    source: r.source,
    eventId: r.event_id,
    reason: r.reason,
    detail: r.detail,
    payload: JSON.parse(r.payload) as RawUsageRow,
    createdAt: Number(r.created_at),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    recordId: r.record_id === null ? null : String(r.record_id),
  }));
}

export interface RerateOptions {
  source?: string;
  reason?: string;
  nowMs: number;
  retentionMonths: number;
}

export interface RerateSummary {
  examined: number;
  rated: number;
  stillRejected: number;
  /** Reasons of the events still held after this run. */
  byReason: Record<string, number>;
  /** Held rows whose event already stands elsewhere (left as they were). */
  duplicates: number;
}

export const RERATE_BATCH = 5_000;

type HeldRow = { id: bigint; source: string; reason: string; detail: string; payload: RawUsageRow };

async function nextHeld(store: Store, o: RerateOptions, afterId: bigint): Promise<HeldRow[]> {
  let q = store.db.selectFrom('suspense').select(['id', 'source', 'reason', 'detail', 'payload']).where('resolved_at', 'is', null).where('reason', '!=', NEVER_RATABLE).where('id', '>', afterId);
  if (o.source !== undefined) q = q.where('source', '=', o.source);
  if (o.reason !== undefined) q = q.where('reason', '=', o.reason);
  const rows = await q.orderBy('id').limit(RERATE_BATCH).execute();
  return rows.map((r) => ({ id: toBigInt(r.id), source: r.source, reason: r.reason, detail: r.detail, payload: JSON.parse(r.payload) as RawUsageRow }));
}

/** Consecutive rows of one source: each is one ingestUsage call, so arrival order is kept. */
function runsBySource(rows: readonly HeldRow[]): HeldRow[][] {
  const runs: HeldRow[][] = [];
  for (const row of rows) {
    const run = runs[runs.length - 1];
    if (run !== undefined && run[0]!.source === row.source) run.push(row);
    else runs.push([row]);
  }
  return runs;
}

async function rerateRun(store: Store, run: readonly HeldRow[], o: RerateOptions, summary: RerateSummary): Promise<void> {
  const items: IncomingUsage[] = run.map((r, i) => ({ raw: r.payload, ref: i, suspenseId: r.id }));
  const { results } = await ingestUsage(store, items, { source: run[0]!.source, nowMs: o.nowMs, retentionMonths: o.retentionMonths });
  const changed: { row: HeldRow; reason: string; detail: string }[] = [];
  for (const result of results) {
    const row = run[result.ref]!;
    if (result.status === 'rated') summary.rated++;
    else if (result.status === 'duplicate') summary.duplicates++;
    else {
      summary.stillRejected++;
      summary.byReason[result.code] = (summary.byReason[result.code] ?? 0) + 1;
      if (result.code !== row.reason || result.detail !== row.detail) changed.push({ row, reason: result.code, detail: result.detail });
    }
  }
  if (changed.length === 0) return;
  await store.writeTransaction(async (tx) => {
    for (const c of changed) {
      await tx.updateTable('suspense').set({ reason: c.reason, detail: c.detail }).where('id', '=', c.row.id).where('resolved_at', 'is', null).execute();
    }
  });
}

/**
 * Re-rates held events (after a fix to the catalog, a line or the network table) in arrival order,
 * 5,000 per transaction. Rated ones are resolved with their record by the rating batch itself;
 * the others keep their place with their current reason.
 */
export async function rerateSuspense(store: Store, o: RerateOptions): Promise<RerateSummary> {
  const summary: RerateSummary = { examined: 0, rated: 0, stillRejected: 0, byReason: {}, duplicates: 0 };
  let afterId = 0n;
  for (;;) {
    const rows = await nextHeld(store, o, afterId);
    if (rows.length === 0) return summary;
    summary.examined += rows.length;
    for (const run of runsBySource(rows)) await rerateRun(store, run, o, summary);
    afterId = rows[rows.length - 1]!.id;
  }
}
