import { describe, expect, it } from 'vitest';
import { offsetAt } from './time-zones.js';

const H = 3_600_000;

describe('offsetAt (memoised per UTC day)', () => {
  it('is exact on both sides of a transition within a UTC day, and on steady days', () => {
    // London springs forward at 01:00 UTC on 29 March 2026; asked in either order.
    expect(offsetAt(Date.parse('2026-03-29T01:00:00Z'), 'Europe/London')).toBe(H);
    expect(offsetAt(Date.parse('2026-03-29T00:59:59Z'), 'Europe/London')).toBe(0);
    expect(offsetAt(Date.parse('2026-03-29T23:59:59Z'), 'Europe/London')).toBe(H);
    expect(offsetAt(Date.parse('2026-03-28T12:00:00Z'), 'Europe/London')).toBe(0);
    expect(offsetAt(Date.parse('2026-03-30T00:00:00Z'), 'Europe/London')).toBe(H);
    // New York: 06:00 UTC on 1 November 2026 (02:00 EDT back to 01:00 EST).
    expect(offsetAt(Date.parse('2026-11-01T05:59:59.500Z'), 'America/New_York')).toBe(-4 * H);
    expect(offsetAt(Date.parse('2026-11-01T06:00:00Z'), 'America/New_York')).toBe(-5 * H);
    // +05:45 all day, every day.
    expect(offsetAt(Date.parse('2026-06-01T18:14:59Z'), 'Asia/Kathmandu')).toBe(5 * H + 45 * 60_000);
  });
});
