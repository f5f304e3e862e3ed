/**
 * Run-out forecast: when an allowance (or the wallet) runs out at the line's recent pace.
 * The pace is the weighted median of the last 7 complete local days (newest weighs most), so one
 * big day moves it no more than one day's weight; no forecast from fewer than 3 such days.
 */
import { MS_PER_DAY } from './units.js';
import { constantOffsetSegments, offsetAt, startOfLocalDay } from './time-zones.js';

/** `YYYY-MM-DD`, a calendar day in some zone. */
export type LocalDay = string;

export const PACE_DAYS = 7;
export const MIN_HISTORY_DAYS = 3;
/** Beyond this a forecast says nothing useful ("lasts"). */
const HORIZON_DAYS = 366;

export interface ForecastInput {
  nowMs: number;
  timeZone: string;
  /** Units (bytes, seconds, messages or minor units) used per local day; absent days used none. */
  daily: ReadonlyMap<LocalDay, bigint>;
  /** From when the series is known: a day counts only if it began at or after this instant. */
  historyFromMs: number;
  remaining: bigint;
  /** When the plan ends; null for the wallet. */
  planEndMs: number | null;
}

export type Forecast =
  | { outcome: 'too_short'; knownDays: number }
  | { outcome: 'lasts'; pacePerDay: bigint; planEndMs: number | null }
  | { outcome: 'runs_out'; atMs: number; pacePerDay: bigint; planEndMs: number | null };

export function localDayOf(ms: number, timeZone: string): LocalDay {
  return new Date(ms + offsetAt(ms, timeZone)).toISOString().slice(0, 10);
}

export function addLocalDays(day: LocalDay, n: number): LocalDay {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function startOfDay(day: LocalDay, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return startOfLocalDay(y, m, d, timeZone);
}

/** The smallest value whose cumulative weight reaches half the total (values with their weights). */
export function weightedMedian(samples: readonly { value: bigint; weight: number }[]): bigint {
  const sorted = [...samples].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const total = sorted.reduce((s, x) => s + x.weight, 0);
  let cumulative = 0;
  for (const x of sorted) {
    cumulative += x.weight;
    if (cumulative * 2 >= total) return x.value;
  }
  return 0n;
}

/** The pace per local day, or the number of known days when fewer than MIN_HISTORY_DAYS. */
export function recentPace(input: Pick<ForecastInput, 'nowMs' | 'timeZone' | 'daily' | 'historyFromMs'>): { pace: bigint } | { knownDays: number } {
  const today = localDayOf(input.nowMs, input.timeZone);
  const samples: { value: bigint; weight: number }[] = [];
  for (let k = 1; k <= PACE_DAYS; k++) {
    const day = addLocalDays(today, -k);
    if (startOfDay(day, input.timeZone) < input.historyFromMs) break;
    samples.push({ value: input.daily.get(day) ?? 0n, weight: PACE_DAYS + 1 - k });
  }
  if (samples.length < MIN_HISTORY_DAYS) return { knownDays: samples.length };
  return { pace: weightedMedian(samples) };
}

/**
 * Spends `remaining` at `pace` per local day, each day's share spread evenly over that day's real
 * length (23 or 25 hours across a DST change), from `nowMs`; the instant it reaches zero, if
 * before `untilMs`.
 */
function runOutInstant(nowMs: number, timeZone: string, pace: bigint, remaining: bigint, untilMs: number): number | undefined {
  let t = nowMs;
  let left = remaining;
  let day = localDayOf(nowMs, timeZone);
  let dayStart = startOfDay(day, timeZone);
  while (t < untilMs) {
    const next = addLocalDays(day, 1);
    const dayEnd = startOfDay(next, timeZone);
    const length = BigInt(dayEnd - dayStart);
    const share = (pace * BigInt(dayEnd - t)) / length;
    if (share >= left) {
      const at = t + Number((left * length + pace - 1n) / pace);
      return at < untilMs ? at : undefined;
    }
    left -= share;
    t = dayEnd;
    day = next;
    dayStart = dayEnd;
    const skipped = skipSteadyDays(t, timeZone, pace, left, untilMs);
    if (skipped !== undefined) {
      t += skipped * MS_PER_DAY;
      left -= BigInt(skipped) * pace;
      day = addLocalDays(day, skipped);
      dayStart = t;
    }
  }
  return undefined;
}

/**
 * Whole local days from `dayStart` that `left` pays for at `pace` and that are all 24 hours (one
 * UTC offset throughout), so the loop need not walk them one by one; undefined when none.
 */
function skipSteadyDays(dayStart: number, timeZone: string, pace: bigint, left: bigint, untilMs: number): number | undefined {
  const whole = Math.min(Number(left / pace), Math.floor((untilMs - dayStart) / MS_PER_DAY));
  if (whole < 2) return undefined;
  const steady = constantOffsetSegments(dayStart, dayStart + whole * MS_PER_DAY, timeZone).length === 1;
  return steady ? whole : undefined;
}

export function forecastRunOut(input: ForecastInput): Forecast {
  const pace = recentPace(input);
  if ('knownDays' in pace) return { outcome: 'too_short', knownDays: pace.knownDays };
  const { planEndMs } = input;
  if (input.remaining <= 0n) return { outcome: 'runs_out', atMs: input.nowMs, pacePerDay: pace.pace, planEndMs };
  if (pace.pace === 0n) return { outcome: 'lasts', pacePerDay: 0n, planEndMs };
  const until = Math.min(planEndMs ?? Infinity, input.nowMs + HORIZON_DAYS * MS_PER_DAY);
  const at = runOutInstant(input.nowMs, input.timeZone, pace.pace, input.remaining, until);
  return at === undefined ? { outcome: 'lasts', pacePerDay: pace.pace, planEndMs } : { outcome: 'runs_out', atMs: at, pacePerDay: pace.pace, planEndMs };
}
