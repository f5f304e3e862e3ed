/**
 * A subscriber's usage, in its account's time zone: dates are local calendar days (`to` included),
 * an eSIM filter must name one of the account's own lines (another's is `unknown_esim`).
 */
import { MS_PER_DAY, type UsageKind } from '../domain/units.js';
import type { Store } from '../store/open-store.js';
import { accountOf, ownsEsim } from './query-account.js';
import { listUsageRecords, offsetAt, startOfLocalDay, summarizeUsage, type Granularity, type UsageRecordView, type UsageSummaryRow } from './query-usage.js';

/** A local calendar date `YYYY-MM-DD`. */
export type LocalDate = string;

/** Longest ranges a summary answers: about a year of days, ten years of months. */
export const MAX_SUMMARY_DAYS = { day: 366, month: 3660 } as const;

export type RangeCode = 'unknown_account' | 'unknown_esim' | 'invalid_range';

export interface AccountUsageSummary {
  timeZone: string;
  currency: string;
  granularity: Granularity;
  from: LocalDate;
  to: LocalDate;
  iccid?: string;
  rows: UsageSummaryRow[];
}

export interface AccountUsagePage {
  timeZone: string;
  currency: string;
  records: UsageRecordView[];
  nextCursor?: string;
}

type Result<T, Code extends string> = { ok: true; value: T } | { ok: false; code: Code; field?: string };

function parts(date: LocalDate): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The first day of the month `months` before the month of `date`. */
function firstOfMonthsBefore(date: LocalDate, months: number): LocalDate {
  const [y, m] = parts(date);
  return new Date(Date.UTC(y, m - 1 - months, 1)).toISOString().slice(0, 10);
}

export function localToday(nowMs: number, timeZone: string): LocalDate {
  return new Date(nowMs + offsetAt(nowMs, timeZone)).toISOString().slice(0, 10);
}

/** [first instant of `from`, first instant after `to`) in the zone. */
export function bounds(from: LocalDate, to: LocalDate, timeZone: string): { fromMs: number; toMs: number } {
  return { fromMs: startOfLocalDay(...parts(from), timeZone), toMs: startOfLocalDay(...parts(addDays(to, 1)), timeZone) };
}

function daysBetween(from: LocalDate, to: LocalDate): number {
  const [a, b] = [parts(from), parts(to)];
  return (Date.UTC(b[0], b[1] - 1, b[2]) - Date.UTC(a[0], a[1] - 1, a[2])) / MS_PER_DAY;
}

async function scope(store: Store, accountId: string, iccid: string | undefined) {
  const account = await accountOf(store.db, accountId);
  if (!account) return { ok: false as const, code: 'unknown_account' as const };
  if (iccid !== undefined && !(await ownsEsim(store.db, accountId, iccid))) return { ok: false as const, code: 'unknown_esim' as const, field: 'iccid' };
  return { ok: true as const, account };
}

export interface SummaryRequest {
  accountId: string;
  granularity: Granularity;
  from?: LocalDate;
  to?: LocalDate;
  iccid?: string;
}

/** Usage per local day or month; by default the last 30 days, or the last 12 months. */
export async function summarizeAccountUsage(store: Store, req: SummaryRequest, nowMs: number): Promise<Result<AccountUsageSummary, RangeCode>> {
  const s = await scope(store, req.accountId, req.iccid);
  if (!s.ok) return s;
  const timeZone = s.account.timeZone;
  const to = req.to ?? localToday(nowMs, timeZone);
  const from = req.from ?? (req.granularity === 'day' ? addDays(to, -29) : firstOfMonthsBefore(to, 11));
  const span = daysBetween(from, to);
  if (span < 0) return { ok: false, code: 'invalid_range', field: 'to' };
  if (span >= MAX_SUMMARY_DAYS[req.granularity]) return { ok: false, code: 'invalid_range', field: 'from' };
  const { fromMs, toMs } = bounds(from, to, timeZone);
  const summary = await summarizeUsage(store, {
    accountId: req.accountId,
    from: fromMs,
    to: toMs,
    timeZone,
    granularity: req.granularity,
    ...(req.iccid === undefined ? {} : { iccid: req.iccid }),
  });
  if (!summary.ok) return { ok: false, code: 'invalid_range', field: 'from' };
  return {
    ok: true,
    value: { timeZone, currency: s.account.currency, granularity: req.granularity, from, to, ...(req.iccid === undefined ? {} : { iccid: req.iccid }), rows: summary.rows },
  };
}

export interface RecordsRequest {
  accountId: string;
  iccid?: string;
  kinds?: readonly UsageKind[];
  from?: LocalDate;
  to?: LocalDate;
  country?: string;
  limit?: number;
  cursor?: string;
}

/** A page of the account's usage records, newest first; dates are local days of the account. */
export async function listAccountUsage(store: Store, req: RecordsRequest): Promise<Result<AccountUsagePage, RangeCode | 'invalid_limit' | 'invalid_cursor'>> {
  const s = await scope(store, req.accountId, req.iccid);
  if (!s.ok) return s;
  const timeZone = s.account.timeZone;
  if (req.from !== undefined && req.to !== undefined && daysBetween(req.from, req.to) < 0) return { ok: false, code: 'invalid_range', field: 'to' };
  const { iccid, kinds, country, limit, cursor } = req;
  const page = await listUsageRecords(store, {
    accountId: req.accountId,
    ...(iccid === undefined ? {} : { iccid }),
    ...(kinds === undefined ? {} : { kinds }),
    ...(country === undefined ? {} : { country }),
    ...(limit === undefined ? {} : { limit }),
    ...(cursor === undefined ? {} : { cursor }),
    ...(req.from === undefined ? {} : { from: startOfLocalDay(...parts(req.from), timeZone) }),
    ...(req.to === undefined ? {} : { to: startOfLocalDay(...parts(addDays(req.to, 1)), timeZone) }),
  });
  if (!page.ok) return { ok: false, code: page.code, field: page.code === 'invalid_limit' ? 'limit' : 'cursor' };
  return {
    ok: true,
    value: { timeZone, currency: s.account.currency, records: page.records, ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) },
  };
}
