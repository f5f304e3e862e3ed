/**
 * TMF635 usages as read views: a rated usage record, or an event held in suspense (status
 * rejected, with its reason). Ids: the event id for events that arrived through TMF635,
 * `source:eventId` for the others (files, the operator batch API).
 */
import { toBigInt } from '../../domain/money.js';
import type { Db, Store } from '../../store/open-store.js';
import { isBilledAt } from './bill-periods.js';

export const TMF_USAGE_SOURCE = 'tmf635';

export interface RatedUsage {
  status: 'rated'; id: string; recordId: string; accountId: string; currency: string; timeZone: string; iccid: string;
  kind: string; direction: string; startedAt: number; quantity: bigint; mccMnc: string; country: string;
  bucketUnits: bigint; amountMinor: bigint; debt: boolean; ratedAt: number; isBilled: boolean;
}
export interface RejectedUsage {
  status: 'rejected'; id: string; reason: string; detail: string; payload: Record<string, string>; receivedAt: number;
}
export type UsageView = RatedUsage | RejectedUsage;

export const usageIdOf = (source: string, eventId: string) => (source === TMF_USAGE_SOURCE ? eventId : `${source}:${eventId}`);

/** The (source, event id) pairs a TMF id may name, most likely first. */
function keysOf(id: string): { source: string; eventId: string }[] {
  const keys = [{ source: TMF_USAGE_SOURCE, eventId: id }];
  const colon = id.indexOf(':');
  if (colon > 0) keys.push({ source: id.slice(0, colon), eventId: id.slice(colon + 1) });
  return keys;
}

function recordQuery(db: Db) {
  return db.selectFrom('usage_records').innerJoin('accounts', 'accounts.id', 'usage_records.account_id')
    .select(['usage_records.id', 'source', 'event_id', 'iccid', 'account_id', 'kind', 'direction', 'started_at', 'quantity', 'mcc_mnc',
      'country', 'bucket_units', 'amount_minor', 'debt', 'rated_at', 'accounts.currency', 'accounts.time_zone']);
}
type RecordRow = Awaited<ReturnType<ReturnType<typeof recordQuery>['execute']>>[number];

function rated(r: RecordRow, nowMs: number): RatedUsage {
  const startedAt = Number(r.started_at);
  return {
    status: 'rated', id: usageIdOf(r.source, r.event_id), recordId: String(r.id), accountId: r.account_id, currency: r.currency,
    timeZone: r.time_zone, iccid: r.iccid, kind: r.kind, direction: r.direction, startedAt, quantity: toBigInt(r.quantity),
    mccMnc: r.mcc_mnc, country: r.country, bucketUnits: toBigInt(r.bucket_units), amountMinor: toBigInt(r.amount_minor),
    debt: Number(r.debt) !== 0, ratedAt: Number(r.rated_at), isBilled: isBilledAt(startedAt, r.time_zone, nowMs),
  };
}

function suspenseQuery(db: Db) {
  return db.selectFrom('suspense').select(['id', 'source', 'event_id', 'reason', 'detail', 'payload', 'created_at'])
    .where('resolved_at', 'is', null).where('reason', '!=', 'exists_with_different_payload');
}
type SuspenseRow = Awaited<ReturnType<ReturnType<typeof suspenseQuery>['execute']>>[number];

function rejected(s: SuspenseRow): RejectedUsage {
  return {
    status: 'rejected', id: usageIdOf(s.source, s.event_id), reason: s.reason, detail: s.detail,
    payload: JSON.parse(s.payload) as Record<string, string>, receivedAt: Number(s.created_at),
  };
}

export async function getUsage(store: Store, id: string, nowMs: number): Promise<UsageView | undefined> {
  for (const k of keysOf(id)) {
    const r = await recordQuery(store.db).where('source', '=', k.source).where('event_id', '=', k.eventId).executeTakeFirst();
    if (r) return rated(r, nowMs);
    const s = await suspenseQuery(store.db).where('source', '=', k.source).where('event_id', '=', k.eventId).orderBy('id').executeTakeFirst();
    if (s) return rejected(s);
  }
  return undefined;
}

export interface UsageFilter { status?: 'rated' | 'rejected'; kind?: string; accountId?: string }

/** Rated records (newest first), then held events; counted and paged across both. */
export async function listUsages(store: Store, f: UsageFilter, offset: number, limit: number, nowMs: number): Promise<{ items: UsageView[]; total: number }> {
  let records = recordQuery(store.db);
  if (f.kind !== undefined) records = records.where('kind', '=', f.kind);
  if (f.accountId !== undefined) records = records.where('account_id', '=', f.accountId);
  const withRecords = f.status !== 'rejected';
  const withHeld = f.status !== 'rated' && f.kind === undefined && f.accountId === undefined;
  const recordTotal = withRecords
    ? Number((await records.clearSelect().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n) : 0;
  const heldTotal = withHeld
    ? Number((await suspenseQuery(store.db).clearSelect().select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n) : 0;
  const items: UsageView[] = [];
  if (withRecords && offset < recordTotal) {
    const rows = await records.orderBy('usage_records.id', 'desc').offset(offset).limit(limit).execute();
    items.push(...rows.map((r) => rated(r, nowMs)));
  }
  const left = limit - items.length;
  if (withHeld && left > 0) {
    const rows = await suspenseQuery(store.db).orderBy('id', 'desc').offset(Math.max(0, offset - recordTotal)).limit(left).execute();
    items.push(...rows.map(rejected));
  }
  return { items, total: recordTotal + heldTotal };
}
