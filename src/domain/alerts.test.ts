import { describe, expect, it } from 'vitest';
import { deliverAfter, isUrgent, levelCrossings, walletCrossings } from './alerts.js';

const GB = 1024n ** 3n;

describe('level crossings', () => {
  it('fires each level once, when the used units reach it', () => {
    const initial = 10n * GB;
    expect(levelCrossings(initial, initial, 3n * GB, [80, 100])).toEqual([]);
    expect(levelCrossings(initial, 3n * GB, 2n * GB, [80, 100])).toEqual([80]); // exactly 80 % used
    expect(levelCrossings(initial, 2n * GB, 1n, [80, 100])).toEqual([]);
    expect(levelCrossings(initial, 1n, 0n, [80, 100])).toEqual([100]);
    expect(levelCrossings(initial, initial, 0n, [50, 80, 100])).toEqual([50, 80, 100]);
  });

  it('needs no rounding: one byte short of a level is not the level', () => {
    expect(levelCrossings(1000n, 1000n, 201n, [80])).toEqual([]);
    expect(levelCrossings(1000n, 201n, 200n, [80])).toEqual([80]);
    expect(levelCrossings(3n, 3n, 0n, [33, 34])).toEqual([33, 34]);
  });

  it('an empty bucket has no levels', () => expect(levelCrossings(0n, 0n, 0n, [80])).toEqual([]));
});

describe('wallet crossings', () => {
  it('fires below the amount and into debt, each on the fall only', () => {
    expect(walletCrossings(1000n, 400n, 500n)).toEqual(['wallet_low']);
    expect(walletCrossings(400n, 300n, 500n)).toEqual([]);
    expect(walletCrossings(400n, -1n, 500n)).toEqual(['wallet_debt']);
    expect(walletCrossings(1000n, -1n, 500n)).toEqual(['wallet_low', 'wallet_debt']);
    expect(walletCrossings(1000n, -1n, null)).toEqual(['wallet_debt']);
    expect(walletCrossings(-5n, -10n, null)).toEqual([]);
  });
});

describe('urgency', () => {
  it('running out and debt are urgent, warnings are not', () => {
    expect(isUrgent('bucket_level', 100)).toBe(true);
    expect(isUrgent('bucket_level', 80)).toBe(false);
    expect(isUrgent('wallet_debt', 0)).toBe(true);
    expect(isUrgent('payg', 0)).toBe(true);
    expect(isUrgent('wallet_low', 0)).toBe(false);
    expect(isUrgent('bucket_expiring', 0)).toBe(false);
  });
});

describe('quiet hours', () => {
  const night = { start: '22:00', end: '08:00' };

  it('holds a warning until the local morning, on both sides of the date line', () => {
    const at = Date.parse('2026-11-26T09:30:00Z');
    // Kiritimati (UTC+14): 23:30 on Nov 26 -> 08:00 on Nov 27 local = 18:00Z Nov 26.
    expect(new Date(deliverAfter(at, 'Pacific/Kiritimati', night, false)).toISOString()).toBe('2026-11-26T18:00:00.000Z');
    // Pago Pago (UTC-11): the same instant is 22:30 on Nov 25 -> 08:00 on Nov 26 local = 19:00Z Nov 26.
    expect(new Date(deliverAfter(at, 'Pacific/Pago_Pago', night, false)).toISOString()).toBe('2026-11-26T19:00:00.000Z');
  });

  it('holds after midnight until the same morning, and lets the day through', () => {
    const early = Date.parse('2026-11-26T03:00:00+08:00');
    expect(deliverAfter(early, 'Asia/Hong_Kong', night, false)).toBe(Date.parse('2026-11-26T08:00:00+08:00'));
    const noon = Date.parse('2026-11-26T12:00:00+08:00');
    expect(deliverAfter(noon, 'Asia/Hong_Kong', night, false)).toBe(noon);
  });

  it('never holds urgent alerts, nor any without quiet hours', () => {
    const early = Date.parse('2026-11-26T03:00:00+08:00');
    expect(deliverAfter(early, 'Asia/Hong_Kong', night, true)).toBe(early);
    expect(deliverAfter(early, 'Asia/Hong_Kong', null, false)).toBe(early);
  });

  it('a window that does not wrap midnight', () => {
    const lunch = { start: '12:00', end: '13:30' };
    const at = Date.parse('2026-11-26T12:10:00+09:00');
    expect(deliverAfter(at, 'Asia/Tokyo', lunch, false)).toBe(Date.parse('2026-11-26T13:30:00+09:00'));
  });

  it('morning after a DST change: the local clock, not 24 hours', () => {
    // New York falls back on 2026-11-01 at 02:00; 23:00 EDT on Oct 31 -> 08:00 EST on Nov 1 (10 h later, not 9).
    const at = Date.parse('2026-10-31T23:00:00-04:00');
    expect(deliverAfter(at, 'America/New_York', night, false)).toBe(Date.parse('2026-11-01T08:00:00-05:00'));
    // Springs forward on 2026-03-08: quiet 01:00-02:30 ends in the gap, at 03:00 EDT.
    const gap = Date.parse('2026-03-08T01:30:00-05:00');
    expect(deliverAfter(gap, 'America/New_York', { start: '01:00', end: '02:30' }, false)).toBe(Date.parse('2026-03-08T03:00:00-04:00'));
  });

  it('refuses a malformed window', () => {
    expect(() => deliverAfter(0, 'UTC', { start: '25:00', end: '08:00' }, false)).toThrow(/HH:MM/);
  });
});
