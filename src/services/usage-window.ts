import type { UsageWindow } from '../domain/usage-event.js';

/** How far ahead of `now` an event may start (network clocks drift). */
export const CLOCK_SKEW_MS = 15 * 60_000;

/** The instant `months` calendar months before `nowMs` (UTC). */
export function monthsBefore(nowMs: number, months: number): number {
  const d = new Date(nowMs);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.getTime();
}

export function usageWindow(nowMs: number, retentionMonths: number): UsageWindow {
  return { latestAcceptedMs: nowMs + CLOCK_SKEW_MS, oldestAcceptedMs: monthsBefore(nowMs, retentionMonths) };
}
