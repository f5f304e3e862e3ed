/**
 * Alerts (issue 25): which balance changes warn a subscriber, and when a warning may be delivered.
 * Pure: the rating calls these with a bucket's or wallet's state before and after a batch, the
 * delivery worker with the clock. Amounts are bigint minor units or units of the bucket's kind.
 */
import { offsetAt } from './time-zones.js';

export const ALERT_RULES = ['bucket_level', 'payg', 'wallet_low', 'wallet_debt', 'bucket_expiring', 'plan_started'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/** Levels of a bucket used, in percent of its initial allowance, when an account set none. */
export const DEFAULT_LEVELS: readonly number[] = [80, 100];
/** A bucket expiring within this many hours warns, unless the account chose otherwise. */
export const DEFAULT_EXPIRY_WITHIN_HOURS = 24;

/** What an account asked to be warned of (null = that rule is off). */
export interface AlertRules {
  readonly levels: readonly number[];
  readonly walletBelowMinor: bigint | null;
  readonly expiryWithinHours: number | null;
}

export const DEFAULT_RULES: AlertRules = Object.freeze({ levels: DEFAULT_LEVELS, walletBelowMinor: null, expiryWithinHours: DEFAULT_EXPIRY_WITHIN_HOURS });

/**
 * The levels a bucket crossed between two states: level L is crossed when the units used reach
 * L % of `initial` now and did not before. Used units only grow, so each level of a bucket is
 * crossed once; a new plan is a new bucket, armed afresh.
 */
export function levelCrossings(initial: bigint, remainingBefore: bigint, remainingAfter: bigint, levels: readonly number[]): number[] {
  if (initial <= 0n) return [];
  const usedBefore = (initial - remainingBefore) * 100n;
  const usedAfter = (initial - remainingAfter) * 100n;
  return levels.filter((level) => {
    const mark = BigInt(level) * initial;
    return usedBefore < mark && usedAfter >= mark;
  });
}

/**
 * The wallet rules a change of balance fires: below the account's amount, and into debt. A top-up
 * lifts the balance back over the line, which arms the rule again for the next fall.
 */
export function walletCrossings(before: bigint, after: bigint, belowMinor: bigint | null): AlertRule[] {
  const fired: AlertRule[] = [];
  if (belowMinor !== null && before >= belowMinor && after < belowMinor) fired.push('wallet_low');
  if (before >= 0n && after < 0n) fired.push('wallet_debt');
  return fired;
}

/** Running out (a bucket used up, usage now charged to the wallet) and debt wait for no quiet hours. */
export function isUrgent(rule: AlertRule, level: number): boolean {
  return rule === 'wallet_debt' || rule === 'payg' || (rule === 'bucket_level' && level >= 100);
}

/** Local wall-clock `HH:MM`; the window wraps midnight when start > end (22:00-08:00). */
export interface QuietWindow {
  readonly start: string;
  readonly end: string;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function minutesOf(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new RangeError(`quiet hours need HH:MM, got "${hhmm}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function inWindow(minute: number, start: number, end: number): boolean {
  return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** The instant whose local wall clock in `timeZone` reads `wallMs` (as if UTC); in a DST gap, the gap's end. */
function instantOfWall(wallMs: number, timeZone: string): number {
  const offsets = [offsetAt(wallMs - DAY, timeZone), offsetAt(wallMs + DAY, timeZone)];
  const exact = offsets.map((o) => wallMs - o).filter((t) => t + offsetAt(t, timeZone) === wallMs);
  if (exact.length > 0) return Math.min(...exact);
  let at = Math.min(...offsets.map((o) => wallMs - o));
  while (at + offsetAt(at, timeZone) < wallMs) at += MINUTE;
  return at;
}

/**
 * When an alert raised at `nowMs` may be delivered: at once when urgent or outside the account's
 * quiet hours, else at the window's local end (the next morning) in the account's zone.
 */
export function deliverAfter(nowMs: number, timeZone: string, quiet: QuietWindow | null, urgent: boolean): number {
  if (urgent || quiet === null) return nowMs;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const wallNow = nowMs + offsetAt(nowMs, timeZone);
  const minute = Math.floor((((wallNow % DAY) + DAY) % DAY) / MINUTE);
  if (!inWindow(minute, start, end)) return nowMs;
  const localMidnight = wallNow - (((wallNow % DAY) + DAY) % DAY);
  const endWall = localMidnight + end * MINUTE + (minute >= end ? DAY : 0);
  return Math.max(nowMs, instantOfWall(endWall, timeZone));
}

/** Why an alert cannot be raised twice for the same crossing: one key per (rule, subject, level, arming). */
export function onceKey(rule: AlertRule, subject: string, level: number, arming: string): string {
  return `${rule}:${subject}:${level}:${arming}`;
}
