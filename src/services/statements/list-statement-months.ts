/**
 * The months an account has a statement for: every calendar month (in the account's time zone)
 * from the one of its first ledger entry, purchase or usage record up to the current one.
 */
import { sql } from 'kysely';
import type { Store } from '../../store/open-store.js';
import type { Found } from '../query-account.js';
import { monthKey, monthLabel } from './build-statement.js';

export interface StatementMonth {
  /** `YYYY-MM`. */
  month: string;
  year: number;
  /** 1-12. */
  monthNumber: number;
  label: string;
  /** False for the current month: its figures can still change. */
  closed: boolean;
}

/** The calendar year and month (1-12) of an instant in a time zone. */
export function localYearMonth(ms: number, timeZone: string): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(ms);
  const part = (type: 'year' | 'month') => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month') };
}

async function firstActivityAt(store: Store, accountId: string): Promise<number | undefined> {
  const result = await sql<{ first: unknown }>`select min(t) as first from (
      select min(at) as t from ledger_entries where account_id = ${accountId}
      union all select min(at) as t from purchases where account_id = ${accountId}
      union all select min(started_at) as t from usage_records where account_id = ${accountId}
    ) firsts`.execute(store.db);
  const first = result.rows[0]?.first;
  return first === null || first === undefined ? undefined : Number(first);
}

/** Newest first. */
export async function listStatementMonths(store: Store, accountId: string, nowMs: number): Promise<Found<StatementMonth[], 'unknown_account'>> {
  const account = await store.db.selectFrom('accounts').select(['time_zone', 'language']).where('id', '=', accountId).executeTakeFirst();
  if (account === undefined) return { ok: false, code: 'unknown_account' };
  const first = await firstActivityAt(store, accountId);
  if (first === undefined || first > nowMs) return { ok: true, value: [] };
  const start = localYearMonth(first, account.time_zone);
  const current = localYearMonth(nowMs, account.time_zone);
  const months: StatementMonth[] = [];
  for (let { year, month } = current; year > start.year || (year === start.year && month >= start.month);) {
    months.push({
      month: monthKey(year, month), year, monthNumber: month, label: monthLabel(year, month, account.language),
      closed: months.length > 0,
    });
    if (--month === 0) { month = 12; year -= 1; }
  }
  return { ok: true, value: months };
}

/** The statement month `YYYY-MM` if the account has it, else undefined (another account's or a future month). */
export async function findStatementMonth(store: Store, accountId: string, month: string, nowMs: number): Promise<StatementMonth | undefined> {
  const months = await listStatementMonths(store, accountId, nowMs);
  return months.ok ? months.value.find((m) => m.month === month) : undefined;
}
