import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstant, parseInstantGeneral } from './instant.js';

const two = (n: number) => String(n).padStart(2, '0');

/** Strings of the instant grammar, valid or nearly so: out-of-range fields, odd offsets, long fractions, stray characters. */
const nearlyInstants = fc
  .tuple(
    fc.constantFrom('0050', '1969', '1970', '2000', '2024', '2025', '2026', '2100', '9999', '20x6'),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 24 }),
    fc.integer({ min: 0, max: 60 }),
    fc.option(fc.integer({ min: 0, max: 60 })),
    fc.option(fc.stringMatching(/^[0-9]{0,10}$/)),
    fc.constantFrom('Z', '+08:00', '-05:30', '+0800', '+09', '+24:00', '+23:59', '-00:00', '+12:60', 'z', '', '+08:00 '),
  )
  .map(([y, mo, d, h, mi, s, frac, offset]) => {
    let t = `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}`;
    if (s !== null) t += `:${two(s)}`;
    if (s !== null && frac !== null) t += `.${frac}`;
    return t + offset;
  });

describe('parseInstant', () => {
  it('reads what the general way reads, and refuses what it refuses', () => {
    fc.assert(
      fc.property(nearlyInstants, (text) => {
        expect(parseInstant(text)).toBe(parseInstantGeneral(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('hand-checked instants', () => {
    expect(parseInstant('2026-10-02T08:01:00.000+08:00')).toBe(Date.UTC(2026, 9, 2, 0, 1));
    expect(parseInstant('2026-10-02T08:01+08:00')).toBe(Date.UTC(2026, 9, 2, 0, 1));
    expect(parseInstant('2026-10-01T23:30:00.5-01:00')).toBe(Date.UTC(2026, 9, 2, 0, 30, 0, 500));
    expect(parseInstant('2026-10-02T00:00:00.123456789Z')).toBe(Date.UTC(2026, 9, 2, 0, 0, 0, 123));
    expect(parseInstant('2024-02-29T12:00:00Z')).toBe(Date.UTC(2024, 1, 29, 12));
    expect(parseInstant('2026-02-29T12:00:00Z')).toBeUndefined();
    expect(parseInstant('2026-10-02T24:00:00Z')).toBeUndefined();
    expect(parseInstant('2026-10-02T08:01:00')).toBeUndefined();
    expect(parseInstant('2026-10-02 08:01:00Z')).toBeUndefined();
    expect(parseInstant('2026-10-02T08:01:00.1234567890Z')).toBeUndefined();
  });
});
