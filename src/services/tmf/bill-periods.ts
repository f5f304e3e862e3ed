import { monthBounds, offsetAt } from '../query-usage.js';

/** The calendar month (`YYYY-MM`) an instant falls in, in the account's time zone. */
export function monthOf(ms: number, timeZone: string): string {
  return new Date(ms + offsetAt(ms, timeZone)).toISOString().slice(0, 7);
}

export function boundsOf(month: string, timeZone: string): { fromMs: number; toMs: number } {
  return monthBounds(Number(month.slice(0, 4)), Number(month.slice(5, 7)), timeZone);
}

/** A charge is billed once the month it falls in has ended in the account's time zone. */
export function isBilledAt(ms: number, timeZone: string, nowMs: number): boolean {
  return boundsOf(monthOf(ms, timeZone), timeZone).toMs <= nowMs;
}
