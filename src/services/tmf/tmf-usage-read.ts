/**
 * TMF635 usages as read views: a rated usage record, or an event held in suspense (status
 * rejected, with its reason). Ids: the event id for events that arrived through TMF635,
 * `source:eventId` for the others (files, the operator batch API).
 */
import { toBigInt } from '../../domain/money.js';
import { keysetPage, numberPart, type Key, type PageArgs, type PageOf } from '../../store/keyset.js';
import type { Db, Store } from '../../store/open-store.js';
import { drawsOfRecords, type RecordDraw } from '../record-draws.js';
import { isBilledAt } from './bill-periods.js';

export const TMF_USAGE_SOURCE = 'tmf635';

export interface RatedUsage {
  status: 'rated';
  id: string;
  recordId: string;
  accountId: string;
  currency: string;
  timeZone: string;
  iccid: string;
  kind: string;
  direction: string;
  startedAt: number;
  quantity: bigint;
  mccMnc: string;
  country: string;
  bucketUnits: bigint;
  amountMinor: bigint;
  debt: boolean;
  ratedAt: number;
  isBilled: boolean;
  /** Which bundles paid: each bucket drawn and how much (the rest is `amountMinor` from the wallet). */
  draws: RecordDraw[];
  /** The other party, masked (see maskPeer); null when none was sent. */
  peer: string | null;
}
export interface RejectedUsage {
  status: 'rejected';
  id: string;
  reason: string;
  detail: string;
  payload: Record<string, string>;
  receivedAt: number;
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
  return db
    .selectFrom('usage_records')
    .innerJoin('accounts', 'accounts.id', 'usage_records.account_id')
    .select([
      'usage_records.id',
      'source',
      'event_id',
      'iccid',
      'account_id',
      'kind',
      'direction',
      'started_at',
      'quantity',
      'mcc_mnc',
      'country',
      'bucket_units',
      'amount_minor',
      'debt',
      'rated_at',
      'peer',
      'accounts.currency',
      'accounts.time_zone',
    ]);
}
type RecordRow = Awaited<ReturnType<ReturnType<typeof recordQuery>['execute']>>[number];

function rated(r: RecordRow, nowMs: number): RatedUsage {
  const startedAt = Number(r.started_at);
  return {
    status: 'rated',
    id: usageIdOf(r.source, r.event_id),
    recordId: String(r.id),
    accountId: r.account_id,
    currency: r.currency,
    timeZone: r.time_zone,
    iccid: r.iccid,
    kind: r.kind,
    direction: r.direction,
    startedAt,
    quantity: toBigInt(r.quantity),
    mccMnc: r.mcc_mnc,
    country: r.country,
    bucketUnits: toBigInt(r.bucket_units),
    amountMinor: toBigInt(r.amount_minor),
    debt: Number(r.debt) !== 0,
    ratedAt: Number(r.rated_at),
    isBilled: isBilledAt(startedAt, r.time_zone, nowMs),
    draws: [],
    peer: r.peer,
  };
}

function suspenseQuery(db: Db) {
  return db
    .selectFrom('suspense')
    .select(['id', 'source', 'event_id', 'reason', 'detail', 'payload', 'created_at'])
    .where('resolved_at', 'is', null)
    .where('reason', '!=', 'exists_with_different_payload');
}
type SuspenseRow = Awaited<ReturnType<ReturnType<typeof suspenseQuery>['execute']>>[number];

function rejected(s: SuspenseRow): RejectedUsage {
  return {
    status: 'rejected',
    id: usageIdOf(s.source, s.event_id),
    reason: s.reason,
    detail: s.detail,
    payload: JSON.parse(s.payload) as Record<string, string>,
    receivedAt: Number(s.created_at),
  };
}

export async function getUsage(store: Store, id: string, nowMs: number): Promise<UsageView | undefined> {
  for (const k of keysOf(id)) {
    const r = await recordQuery(store.db).where('source', '=', k.source).where('event_id', '=', k.eventId).executeTakeFirst();
    if (r) return (await withDraws(store, [rated(r, nowMs)]))[0];
    const s = await suspenseQuery(store.db).where('source', '=', k.source).where('event_id', '=', k.eventId).orderBy('id').executeTakeFirst();
    if (s) return rejected(s);
  }
  return undefined;
}

/** Fills in the draws of the rated usages among `views` (one query for all of them). */
async function withDraws(store: Store, views: UsageView[]): Promise<UsageView[]> {
  const rated = views.filter((v): v is RatedUsage => v.status === 'rated');
  const draws = await drawsOfRecords(
    store.db,
    rated.map((v) => v.recordId),
  );
  for (const v of rated) v.draws = draws.get(v.recordId) ?? [];
  return views;
}

/** `iccids` holds an account's records to those lines (an app's consented eSIMs). */
export interface UsageFilter {
  status?: 'rated' | 'rejected';
  accountId?: string;
  iccids?: readonly string[];
}

const sectionAfter = (args: PageArgs, section: 'r' | 's') => (args.after === undefined || String(args.after[0]) < section ? {} : args.after[0] === section ? { after: [args.after[1]!] } : undefined);

/** Rows of the records part an offset skipped, counting at most `offset` of them (bounded by MAX_OFFSET). */
async function skippedRecords(store: Store, records: ReturnType<typeof recordQuery>, args: PageArgs): Promise<number> {
  if (args.offset === 0) return 0;
  const from = sectionAfter(args, 'r');
  let q = records.clearSelect().select('usage_records.id');
  if (from?.after) q = q.where('usage_records.id', '<', from.after[0] as number);
  const n = await store.db
    .selectFrom(q.limit(args.offset).as('skipped'))
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n.n);
}

/**
 * Rated records (newest first), then held events (newest first); keys ['r', record id] and
 * ['s', suspense id]. Held events are listed only without an account filter.
 */
/**
 * One account's records newest first by (started_at, id) from usage_records_account_time (an
 * index range of that account), the others by id; the cursor is the record id either way.
 */
async function recordsPage(store: Store, f: UsageFilter, from: { after?: Key }, args: PageArgs, nowMs: number): Promise<PageOf<UsageView>> {
  let records = recordQuery(store.db);
  const keyOf = (r: RecordRow) => ['r', numberPart(r.id)];
  const page = { offset: args.offset, limit: args.limit };
  if (f.accountId === undefined) return keysetPage(records, { columns: ['usage_records.id'], desc: true, keyOf }, { ...from, ...page }, (r) => rated(r, nowMs));
  records = records.where('account_id', '=', f.accountId);
  if (f.iccids !== undefined) records = records.where('iccid', 'in', f.iccids.length > 0 ? f.iccids : ['']);
  const afterId = from.after?.[0];
  const start = afterId === undefined ? undefined : await store.db.selectFrom('usage_records').select('started_at').where('id', '=', Number(afterId)).executeTakeFirst();
  if (afterId !== undefined && start === undefined) return { items: [], more: false };
  return keysetPage(
    records,
    { columns: ['usage_records.started_at', 'usage_records.id'], desc: true, keyOf },
    { ...(start ? { after: [numberPart(start.started_at), Number(afterId)] } : {}), ...page },
    (r) => rated(r, nowMs),
  );
}

/**
 * Rated records (newest first), then held events (newest first); keys ['r', record id] and
 * ['s', suspense id]. Held events are listed only without an account filter.
 */
export async function usagesPage(store: Store, f: UsageFilter, args: PageArgs, nowMs: number): Promise<PageOf<UsageView>> {
  const rFrom = f.status === 'rejected' ? undefined : sectionAfter(args, 'r');
  const first: PageOf<UsageView> = rFrom === undefined ? { items: [], more: false } : await recordsPage(store, f, rFrom, args, nowMs);
  await withDraws(
    store,
    first.items.map((i) => i.value),
  );
  const withHeld = f.status !== 'rated' && f.accountId === undefined;
  const sFrom = sectionAfter(args, 's');
  if (first.more || !withHeld || sFrom === undefined) return first;
  const offset = first.items.length > 0 ? 0 : rFrom === undefined ? args.offset : Math.max(0, args.offset - (await skippedRecords(store, recordQuery(store.db), args)));
  const held = await keysetPage(
    suspenseQuery(store.db),
    { columns: ['id'], desc: true, keyOf: (r) => ['s', numberPart(r.id)] },
    { ...sFrom, offset, limit: args.limit - first.items.length },
    rejected,
  );
  return { items: [...first.items, ...held.items], more: held.more };
}
