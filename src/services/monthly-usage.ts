/**
 * The 12-month trend a subscriber is promised: per local calendar month of the account's zone
 * (this month and the 11 before it), data, voice and SMS used and what was spent. Months without
 * usage are listed with zeros, so a chart always has 12 bars.
 */
import type { Store } from '../store/open-store.js';
import { localToday, summarizeAccountUsage, type RangeCode } from './query-account-usage.js';

export const TREND_MONTHS = 12;

export interface MonthTotals {
  month: string;
  dataBytes: bigint;
  voiceSeconds: bigint;
  smsMessages: bigint;
  spendMinor: bigint;
}

export interface MonthlyTrend {
  timeZone: string;
  currency: string;
  iccid?: string;
  months: MonthTotals[];
}

export type MonthlyResult = { ok: true; value: MonthlyTrend } | { ok: false; code: RangeCode; field?: string };

/** `YYYY-MM` of the `TREND_MONTHS` months ending with the month of `today`, oldest first. */
export function trendMonths(today: string): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: TREND_MONTHS }, (_, k) => new Date(Date.UTC(y, m - TREND_MONTHS + k, 1)).toISOString().slice(0, 7));
}

export async function monthlyUsage(store: Store, accountId: string, nowMs: number, iccid?: string): Promise<MonthlyResult> {
  const r = await summarizeAccountUsage(store, { accountId, granularity: 'month', ...(iccid === undefined ? {} : { iccid }) }, nowMs);
  if (!r.ok) return r;
  const months = trendMonths(localToday(nowMs, r.value.timeZone)).map((month): MonthTotals => ({ month, dataBytes: 0n, voiceSeconds: 0n, smsMessages: 0n, spendMinor: 0n }));
  const byMonth = new Map(months.map((m) => [m.month, m]));
  for (const row of r.value.rows) {
    const m = byMonth.get(row.period);
    if (m === undefined) continue;
    if (row.kind === 'data') m.dataBytes += row.quantity;
    else if (row.kind === 'voice') m.voiceSeconds += row.quantity;
    else m.smsMessages += row.quantity;
    m.spendMinor += row.amountMinor;
  }
  return { ok: true, value: { timeZone: r.value.timeZone, currency: r.value.currency, ...(iccid === undefined ? {} : { iccid }), months } };
}
