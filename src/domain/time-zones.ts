/** Calendar days and months of an IANA time zone as UTC instants (pure: Intl only). */
import { MS_PER_DAY } from './units.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    return formatter(timeZone) !== undefined;
  } catch {
    return false;
  }
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Per zone and UTC day (epoch day number): the day's offset when it is the same at both ends of
 * the day, else NaN (the day has a transition). Formatting an instant costs ~2 µs; forecasts and
 * day series ask for the same few days thousands of times. Offsets change at most once a day
 * (see PROBE_MS), so equal ends mean one offset all day.
 */
const steadyDays = new Map<string, Map<number, number>>();
const STEADY_DAYS_KEPT = 50_000;

/** The zone's UTC offset at an instant, in ms (local wall time minus UTC). */
export function offsetAt(ms: number, timeZone: string): number {
  const day = Math.floor(ms / MS_PER_DAY);
  let days = steadyDays.get(timeZone);
  if (days === undefined) steadyDays.set(timeZone, (days = new Map()));
  let steady = days.get(day);
  if (steady === undefined) {
    if (days.size >= STEADY_DAYS_KEPT) days.clear();
    const first = formattedOffsetAt(day * MS_PER_DAY, timeZone);
    steady = first === formattedOffsetAt((day + 1) * MS_PER_DAY - 1000, timeZone) ? first : Number.NaN;
    days.set(day, steady);
  }
  return Number.isNaN(steady) ? formattedOffsetAt(ms, timeZone) : steady;
}

function formattedOffsetAt(ms: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The first instant in (lo, hi] whose offset differs from `offset` (offsetAt(hi) must differ). */
function firstChange(lo: number, hi: number, offset: number, timeZone: string): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid, timeZone) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

export interface OffsetSegment {
  fromMs: number;
  toMs: number;
  offsetMs: number;
}

/** Offset changes are found by probing once a day; no zone changes its offset twice within a day. */
const PROBE_MS = MS_PER_DAY;

/** Cuts [fromMs, toMs) into pieces over which the zone's UTC offset is constant. */
export function constantOffsetSegments(fromMs: number, toMs: number, timeZone: string): OffsetSegment[] {
  const segments: OffsetSegment[] = [];
  let start = fromMs;
  let offset = offsetAt(fromMs, timeZone);
  let probed = fromMs;
  while (probed < toMs - 1) {
    const probe = Math.min(probed + PROBE_MS, toMs - 1);
    if (offsetAt(probe, timeZone) === offset) {
      probed = probe;
      continue;
    }
    const change = firstChange(probed, probe, offset, timeZone);
    segments.push({ fromMs: start, toMs: change, offsetMs: offset });
    start = change;
    probed = change;
    offset = offsetAt(change, timeZone);
  }
  segments.push({ fromMs: start, toMs, offsetMs: offset });
  return segments;
}

/**
 * The first instant of a local calendar day: local midnight, or, where a transition skips
 * midnight, the transition itself.
 */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  const before = offsetAt(wall - MS_PER_DAY, timeZone);
  const after = offsetAt(wall + MS_PER_DAY, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => offsetAt(t, timeZone) === wall - t);
  if (candidates.length > 0) return Math.min(...candidates);
  return firstChange(wall - after, wall - before, offsetAt(wall - after, timeZone), timeZone);
}

/** The UTC instants [fromMs, toMs) of a calendar month (1-12) in a time zone. */
export function monthBounds(year: number, month: number, timeZone: string): { fromMs: number; toMs: number } {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`no month ${year}-${month}`);
  }
  return {
    fromMs: startOfLocalDay(year, month, 1, timeZone),
    toMs: month === 12 ? startOfLocalDay(year + 1, 1, 1, timeZone) : startOfLocalDay(year, month + 1, 1, timeZone),
  };
}
