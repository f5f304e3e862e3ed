import { describe, expect, it } from 'vitest';
import { addLocalDays, forecastRunOut, localDayOf, weightedMedian, type LocalDay } from './forecast.js';

/** The same amount on each of the 7 days before `today`, with `overrides` by day. */
function series(today: LocalDay, each: bigint, overrides: Record<LocalDay, bigint> = {}): Map<LocalDay, bigint> {
  const daily = new Map<LocalDay, bigint>();
  for (let k = 1; k <= 7; k++) daily.set(addLocalDays(today, -k), each);
  for (const [day, v] of Object.entries(overrides)) daily.set(day, v);
  return daily;
}

const LONG_AGO = Date.parse('2025-01-01T00:00:00Z');

describe('forecastRunOut', () => {
  // Thu 2026-03-12 14:00 in Hong Kong (UTC+8). 2400 a day = 100 an hour: 1000 to midnight, 2400
  // on Fri, 600 more = Sat 06:00 local = Fri 22:00 UTC.
  const hkNow = Date.parse('2026-03-12T06:00:00Z');
  it('steady use in Hong Kong: runs out on Sat 06:00, before the plan ends on Sun', () => {
    const f = forecastRunOut({
      nowMs: hkNow,
      timeZone: 'Asia/Hong_Kong',
      daily: series('2026-03-12', 2400n),
      historyFromMs: LONG_AGO,
      remaining: 4000n,
      planEndMs: Date.parse('2026-03-15T04:00:00Z'),
    });
    expect(f).toEqual({ outcome: 'runs_out', atMs: Date.parse('2026-03-13T22:00:00Z'), pacePerDay: 2400n, planEndMs: Date.parse('2026-03-15T04:00:00Z') });
  });

  // Sun 2026-02-01 12:00 in London (GMT): 2000 to midnight, 100 full days (Feb 2 - May 12, the
  // 23-hour 29 March among them) and a quarter day more: Wed 13 May 06:00 BST = 05:00 UTC.
  it('a wallet over months in London: whole days counted alike on each side of DST', () => {
    const f = forecastRunOut({
      nowMs: Date.parse('2026-02-01T12:00:00Z'),
      timeZone: 'Europe/London',
      daily: series('2026-02-01', 4000n),
      historyFromMs: LONG_AGO,
      remaining: 2000n + 100n * 4000n + 1000n,
      planEndMs: null,
    });
    expect(f).toEqual({ outcome: 'runs_out', atMs: Date.parse('2026-05-13T05:00:00Z'), pacePerDay: 4000n, planEndMs: null });
  });

  it('lasts until the plan ends when the plan ends first', () => {
    const end = Date.parse('2026-03-13T16:00:00Z'); // Sat 00:00 local
    expect(forecastRunOut({ nowMs: hkNow, timeZone: 'Asia/Hong_Kong', daily: series('2026-03-12', 2400n), historyFromMs: LONG_AGO, remaining: 4000n, planEndMs: end })).toEqual({
      outcome: 'lasts',
      pacePerDay: 2400n,
      planEndMs: end,
    });
  });

  it('bursty use in Tokyo: one big day does not move the pace', () => {
    // Thu 2026-03-12 14:00 in Tokyo (UTC+9); the Monday before used 50,000.
    const now = Date.parse('2026-03-12T05:00:00Z');
    const daily = series('2026-03-12', 2400n, { '2026-03-09': 50_000n, '2026-03-11': 3000n });
    const f = forecastRunOut({ nowMs: now, timeZone: 'Asia/Tokyo', daily, historyFromMs: LONG_AGO, remaining: 4000n, planEndMs: null });
    expect(f).toEqual({ outcome: 'runs_out', atMs: Date.parse('2026-03-13T21:00:00Z'), pacePerDay: 2400n, planEndMs: null });
  });

  it('says nothing from fewer than 3 complete days', () => {
    const today = localDayOf(hkNow, 'Asia/Hong_Kong');
    const twoDaysAgo = Date.parse(`${addLocalDays(today, -2)}T00:00:00+08:00`);
    expect(forecastRunOut({ nowMs: hkNow, timeZone: 'Asia/Hong_Kong', daily: series(today, 2400n), historyFromMs: twoDaysAgo, remaining: 4000n, planEndMs: null })).toEqual({
      outcome: 'too_short',
      knownDays: 2,
    });
    expect(forecastRunOut({ nowMs: hkNow, timeZone: 'Asia/Hong_Kong', daily: series(today, 2400n), historyFromMs: twoDaysAgo - 1, remaining: 4000n, planEndMs: null }).outcome).toBe('too_short');
    const threeDaysAgo = Date.parse(`${addLocalDays(today, -3)}T00:00:00+08:00`);
    expect(forecastRunOut({ nowMs: hkNow, timeZone: 'Asia/Hong_Kong', daily: series(today, 2400n), historyFromMs: threeDaysAgo, remaining: 4000n, planEndMs: null }).outcome).toBe('runs_out');
  });

  it('across the start of DST in New York: the 23-hour Sunday holds a full day of use', () => {
    // Sat 2026-03-07 12:00 EST; 2300 a day: 1150 to midnight, 2300 on Sunday (23 h), 1150 = half of Monday.
    const now = Date.parse('2026-03-07T17:00:00Z');
    const f = forecastRunOut({ nowMs: now, timeZone: 'America/New_York', daily: series('2026-03-07', 2300n), historyFromMs: LONG_AGO, remaining: 4600n, planEndMs: null });
    expect(f).toEqual({ outcome: 'runs_out', atMs: Date.parse('2026-03-09T16:00:00Z'), pacePerDay: 2300n, planEndMs: null }); // 12:00 EDT
  });

  it('across the end of DST in New York: the 25-hour Sunday', () => {
    // Sat 2026-10-31 12:00 EDT; 2500 a day: 1250 to midnight, 2500 on Sunday (25 h), 1250 = Monday 12:00 EST.
    const now = Date.parse('2026-10-31T16:00:00Z');
    const f = forecastRunOut({ nowMs: now, timeZone: 'America/New_York', daily: series('2026-10-31', 2500n), historyFromMs: LONG_AGO, remaining: 5000n, planEndMs: null });
    expect(f).toEqual({ outcome: 'runs_out', atMs: Date.parse('2026-11-02T17:00:00Z'), pacePerDay: 2500n, planEndMs: null });
  });

  it('no recent use lasts; nothing left has run out now', () => {
    expect(forecastRunOut({ nowMs: hkNow, timeZone: 'Asia/Hong_Kong', daily: new Map(), historyFromMs: LONG_AGO, remaining: 10n, planEndMs: null })).toEqual({
      outcome: 'lasts',
      pacePerDay: 0n,
      planEndMs: null,
    });
    expect(forecastRunOut({ nowMs: hkNow, timeZone: 'Asia/Hong_Kong', daily: series('2026-03-12', 5n), historyFromMs: LONG_AGO, remaining: 0n, planEndMs: null })).toEqual({
      outcome: 'runs_out',
      atMs: hkNow,
      pacePerDay: 5n,
      planEndMs: null,
    });
  });
});

describe('weightedMedian', () => {
  it('takes the value where half the weight is reached', () => {
    expect(
      weightedMedian([
        { value: 1n, weight: 1 },
        { value: 100n, weight: 7 },
        { value: 5n, weight: 2 },
      ]),
    ).toBe(100n);
    expect(
      weightedMedian([
        { value: 1n, weight: 3 },
        { value: 100n, weight: 1 },
        { value: 5n, weight: 2 },
      ]),
    ).toBe(1n);
  });
});
