/**
 * The months an account has a statement for: every calendar month (in the account's time zone)
 * from the one of its first ledger entry, purchase or usage record up to the current one.
 */
import { sql } from 'kysely';
import type { Store } from '../../store/open-store.js';
import { toBigInt } from '../../domain/money.js';
import type { Found } from '../query-account.js';
import { monthBounds } from '../query-usage.js';
import { addToTotals, asLedgerKind, monthKey, monthLabel, type StatementTotals } from './build-statement.js';

export interface StatementMonth {
  /** `YYYY-MM`. */
  month: string;
  year: number;
  /** 1-12. */
  monthNumber: number;
  label: string;
  /** False for the current month: its figures can still change. */
  closed: boolean;
  /** The month's wallet movements, as on its statement. */
  totals: StatementTotals;
  /** The wallet at the month's end (now, for the current month). */
  closingBalanceMinor: bigint;
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
      month: monthKey(year, month),
      year,
      monthNumber: month,
      label: monthLabel(year, month, account.language),
      closed: months.length > 0,
      totals: { topupsMinor: 0n, purchasesMinor: 0n, usageChargesMinor: 0n, adjustmentsMinor: 0n },
      closingBalanceMinor: 0n,
    });
    if (--month === 0) {
      month = 12;
      year -= 1;
    }
  }
  await addMonthTotals(store, accountId, months, account.time_zone);
  return { ok: true, value: months };
}

/** Fills each month's totals and closing balance: one grouped sum per month, oldest first, from the opening balance. */
async function addMonthTotals(store: Store, accountId: string, newestFirst: StatementMonth[], timeZone: string): Promise<void> {
  const oldest = newestFirst.at(-1);
  if (oldest === undefined) return;
  const start = monthBounds(oldest.year, oldest.monthNumber, timeZone).fromMs;
  const opening = await sql<{ total: unknown }>`select coalesce(sum(amount_minor), 0) as total from ledger_entries
    where account_id = ${accountId} and at < ${start}`.execute(store.db);
  let balance = toBigInt(opening.rows[0]?.total ?? 0);
  for (const m of [...newestFirst].reverse()) {
    const { fromMs, toMs } = monthBounds(m.year, m.monthNumber, timeZone);
    const sums = await sql<{ kind: string; total: unknown }>`select kind, sum(amount_minor) as total from ledger_entries
      where account_id = ${accountId} and at >= ${fromMs} and at < ${toMs} group by kind`.execute(store.db);
    for (const row of sums.rows) {
      const amount = toBigInt(row.total ?? 0);
      addToTotals(m.totals, asLedgerKind(row.kind), amount);
      balance += amount;
    }
    m.closingBalanceMinor = balance;
  }
}

/** The statement month `YYYY-MM` if the account has it, else undefined (another account's or a future month). */
export async function findStatementMonth(store: Store, accountId: string, month: string, nowMs: number): Promise<StatementMonth | undefined> {
  const months = await listStatementMonths(store, accountId, nowMs);
  return months.ok ? months.value.find((m) => m.month === month) : undefined;
}
