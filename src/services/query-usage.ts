import { sql } from 'kysely';
import { toBigInt } from '../domain/money.js';
import { MS_PER_DAY, USAGE_KINDS, type Direction, type UsageKind } from '../domain/units.js';
import type { Store } from '../store/open-store.js';
import { lookupNetwork } from '../domain/networks.js';
import { drawsOfRecords, type RecordDraw } from './record-draws.js';

export { constantOffsetSegments, isTimeZone, monthBounds, offsetAt, startOfLocalDay, type OffsetSegment } from '../domain/time-zones.js';
import { constantOffsetSegments, isTimeZone } from '../domain/time-zones.js';

export type Granularity = 'day' | 'month';

export interface UsageSummaryQuery {
  accountId: string;
  iccid?: string;
  /** Epoch ms, half-open [from, to). */
  from: number;
  to: number;
  /** IANA zone whose calendar days/months the periods are. */
  timeZone: string;
  granularity: Granularity;
}

export interface UsageSummaryRow {
  /** `YYYY-MM-DD` or `YYYY-MM`, a calendar period in the query's time zone. */
  period: string;
  kind: UsageKind;
  /** Bytes, seconds or messages. */
  quantity: bigint;
  amountMinor: bigint;
  events: number;
}

export type UsageSummary = { ok: true; rows: UsageSummaryRow[] } | { ok: false; code: 'invalid_time_zone' | 'invalid_range' };

function periodOf(localDay: bigint, granularity: Granularity): string {
  const iso = new Date(Number(localDay) * MS_PER_DAY).toISOString();
  return granularity === 'day' ? iso.slice(0, 10) : iso.slice(0, 7);
}

/**
 * Usage per local calendar day or month and kind. The range is cut where the zone's UTC offset
 * changes (DST, law changes); within each piece the offset is fixed, so SQL can group by local
 * day exactly (`(started_at + offset) / day`) over an index range scan, for any offset
 * (+05:45, +03:30, historical ones). Days are then folded into periods in JS, merging the two
 * pieces of a day that a transition cuts.
 */
export async function summarizeUsage(store: Store, q: UsageSummaryQuery): Promise<UsageSummary> {
  if (!isTimeZone(q.timeZone)) return { ok: false, code: 'invalid_time_zone' };
  if (!Number.isSafeInteger(q.from) || !Number.isSafeInteger(q.to) || q.from < 0 || q.from >= q.to) {
    return { ok: false, code: 'invalid_range' };
  }
  const totals = new Map<string, UsageSummaryRow>();
  for (const segment of constantOffsetSegments(q.from, q.to, q.timeZone)) {
    const localDay = sql<unknown>`(started_at + ${sql.lit(segment.offsetMs)}) / ${sql.lit(MS_PER_DAY)}`;
    let query = store.db
      .selectFrom('usage_records')
      .select(['kind', localDay.as('local_day'), sql<unknown>`sum(quantity)`.as('quantity'), sql<unknown>`sum(amount_minor)`.as('amount_minor'), sql<unknown>`count(*)`.as('events')])
      .where('account_id', '=', q.accountId)
      .where('started_at', '>=', segment.fromMs)
      .where('started_at', '<', segment.toMs);
    if (q.iccid !== undefined) query = query.where('iccid', '=', q.iccid);
    for (const r of await query.groupBy(['kind', localDay]).execute()) {
      const period = periodOf(toBigInt(r.local_day), q.granularity);
      const key = `${period} ${r.kind}`;
      const row = totals.get(key) ?? { period, kind: r.kind as UsageKind, quantity: 0n, amountMinor: 0n, events: 0 };
      row.quantity += toBigInt(r.quantity);
      row.amountMinor += toBigInt(r.amount_minor);
      row.events += Number(r.events);
      totals.set(key, row);
    }
  }
  return {
    ok: true,
    rows: [...totals.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : USAGE_KINDS.indexOf(a.kind) - USAGE_KINDS.indexOf(b.kind))),
  };
}

export interface UsageRecordView {
  id: string;
  eventId: string;
  iccid: string;
  kind: UsageKind;
  direction: Direction;
  /** Epoch ms. */
  startedAt: number;
  quantity: bigint;
  mccMnc: string;
  country: string;
  bucketUnits: bigint;
  chargedBlocks: bigint;
  amountMinor: bigint;
  debt: boolean;
  /** The visited network's operator name, when known. */
  networkName: string | null;
  /** Which bundles paid: each bucket drawn and how much; what is left was charged to the wallet (`amountMinor`). */
  draws: RecordDraw[];
  /** The other party of a call or SMS, masked but its last digits; null when the network sent none. */
  peer: string | null;
}

export interface ListUsageQuery {
  accountId: string;
  iccid?: string;
  /** Empty or absent: every kind. */
  kinds?: readonly UsageKind[];
  /** Epoch ms, half-open [from, to). */
  from?: number;
  to?: number;
  country?: string;
  /** 1..200, default 50. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export type UsageRecordPage = { ok: true; records: UsageRecordView[]; nextCursor?: string } | { ok: false; code: 'invalid_limit' | 'invalid_cursor' };

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

interface CursorKey {
  startedAt: number;
  id: bigint;
}

function encodeCursor(key: CursorKey): string {
  return Buffer.from(`${key.startedAt}:${key.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): CursorKey | undefined {
  const m = /^(\d{1,16}):(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) return undefined;
  const startedAt = Number(m[1]);
  return Number.isSafeInteger(startedAt) ? { startedAt, id: BigInt(m[2]!) } : undefined;
}

/**
 * A page of an account's (or one line's) usage records, newest first by (started_at, id), paged by
 * keyset: each page is one range scan of the (account_id|iccid, started_at) index from the cursor.
 */
export async function listUsageRecords(store: Store, q: ListUsageQuery): Promise<UsageRecordPage> {
  const limit = q.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) return { ok: false, code: 'invalid_limit' };
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  if (q.cursor !== undefined && after === undefined) return { ok: false, code: 'invalid_cursor' };

  let query = store.db
    .selectFrom('usage_records')
    .select(['id', 'event_id', 'iccid', 'kind', 'direction', 'started_at', 'quantity', 'mcc_mnc', 'country', 'bucket_units', 'charged_blocks', 'amount_minor', 'debt', 'peer'])
    .where('account_id', '=', q.accountId);
  if (q.iccid !== undefined) query = query.where('iccid', '=', q.iccid);
  if (q.kinds !== undefined && q.kinds.length > 0) query = query.where('kind', 'in', q.kinds);
  if (q.country !== undefined) query = query.where('country', '=', q.country);
  if (q.from !== undefined) query = query.where('started_at', '>=', q.from);
  if (q.to !== undefined) query = query.where('started_at', '<', q.to);
  if (after !== undefined) {
    // `started_at <= x` bounds the index range; the tie on started_at is settled by id.
    query = query.where('started_at', '<=', after.startedAt).where((eb) => eb.or([eb('started_at', '<', after.startedAt), eb('id', '<', after.id)]));
  }
  const rows = await query
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const records = rows.slice(0, limit).map((r): UsageRecordView => ({
    id: String(r.id),
    eventId: r.event_id,
    iccid: r.iccid,
    kind: r.kind as UsageKind,
    direction: r.direction as Direction,
    startedAt: Number(r.started_at),
    quantity: toBigInt(r.quantity),
    mccMnc: r.mcc_mnc,
    country: r.country,
    bucketUnits: toBigInt(r.bucket_units),
    chargedBlocks: toBigInt(r.charged_blocks),
    amountMinor: toBigInt(r.amount_minor),
    debt: Number(r.debt) !== 0,
    networkName: lookupNetwork(r.mcc_mnc)?.operator ?? null,
    draws: [],
    peer: r.peer,
  }));
  const draws = await drawsOfRecords(
    store.db,
    records.filter((r) => r.bucketUnits > 0n).map((r) => r.id),
  );
  for (const r of records) r.draws = draws.get(r.id) ?? [];
  const last = records[records.length - 1];
  if (rows.length <= limit || last === undefined) return { ok: true, records };
  return { ok: true, records, nextCursor: encodeCursor({ startedAt: last.startedAt, id: BigInt(last.id) }) };
}
