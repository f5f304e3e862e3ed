import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkedAdd, CURRENCIES, currencyExponent, fitsInt64, formatMinorPlain, formatMoney, INT64_MAX, INT64_MIN, isCurrencyCode, parseMinor, toBigInt, type CurrencyCode } from './money.js';

const CODES = Object.keys(CURRENCIES) as CurrencyCode[];

describe('currencies', () => {
  it('uses the ISO 4217 exponents', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KRW')).toBe(0);
    expect(currencyExponent('OMR')).toBe(3);
    for (const c of ['HKD', 'RUB', 'USD', 'CNY', 'EUR', 'GBP', 'SGD', 'TWD', 'THB', 'AED', 'MOP'] as const) {
      expect(currencyExponent(c)).toBe(2);
    }
  });

  it('recognises codes', () => {
    expect(isCurrencyCode('OMR')).toBe(true);
    expect(isCurrencyCode('omr')).toBe(false);
    expect(isCurrencyCode('toString')).toBe(false);
  });
});

describe('parseMinor', () => {
  it('parses exactly per exponent', () => {
    expect(parseMinor('100', 'HKD')).toBe(10000n);
    expect(parseMinor('100.5', 'HKD')).toBe(10050n);
    expect(parseMinor('-3.20', 'RUB')).toBe(-320n);
    expect(parseMinor('0.125', 'OMR')).toBe(125n);
    expect(parseMinor('1.25', 'OMR')).toBe(1250n);
    expect(parseMinor('1500', 'JPY')).toBe(1500n);
    expect(parseMinor(' 7 ', 'KRW')).toBe(7n);
    expect(parseMinor('90071992547409.93', 'USD')).toBe(9007199254740993n);
  });

  it('rejects too many decimals and malformed text', () => {
    expect(parseMinor('1.5', 'JPY')).toBeUndefined();
    expect(parseMinor('0.1250', 'OMR')).toBeUndefined();
    expect(parseMinor('1.001', 'USD')).toBeUndefined();
    for (const bad of ['', '.5', '5.', '1,000', '1e3', 'abc', '--1', '1.2.3', 'NaN']) {
      expect(parseMinor(bad, 'USD')).toBeUndefined();
    }
  });
});

describe('formatMinorPlain', () => {
  it('writes exact decimals', () => {
    expect(formatMinorPlain(10050n, 'HKD')).toBe('100.50');
    expect(formatMinorPlain(1500n, 'JPY')).toBe('1500');
    expect(formatMinorPlain(1250n, 'OMR')).toBe('1.250');
    expect(formatMinorPlain(5n, 'OMR')).toBe('0.005');
    expect(formatMinorPlain(-5n, 'USD')).toBe('-0.05');
    expect(formatMinorPlain(0n, 'EUR')).toBe('0.00');
    expect(formatMinorPlain(-1500n, 'KRW')).toBe('-1500');
  });

  it('round-trips through parseMinor for every currency', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.constantFrom(...CODES), (minor, currency) => {
        expect(parseMinor(formatMinorPlain(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});

describe('formatMoney', () => {
  it('is exact beyond Number.MAX_SAFE_INTEGER', () => {
    expect(formatMoney(9007199254740993n, 'USD', 'en-US')).toBe('$90,071,992,547,409.93');
    expect(formatMoney(9007199254740993n, 'JPY', 'en-US')).toBe('¥9,007,199,254,740,993');
  });

  it('shows exactly the exponent of fraction digits', () => {
    expect(formatMoney(10050n, 'HKD', 'en-HK')).toBe('HK$100.50');
    expect(formatMoney(1250n, 'OMR', 'en')).toBe('OMR\u00a01.250');
    expect(formatMoney(1250n, 'OMR', 'ar-OM')).toContain('١٫٢٥٠');
    expect(formatMoney(1500n, 'KRW', 'ko-KR')).toBe('₩1,500');
    expect(formatMoney(-320n, 'RUB', 'en')).toBe('-RUB\u00a03.20');
    expect(formatMoney(1000n, 'TWD', 'en')).toBe('NT$10.00');
  });
});

describe('toBigInt', () => {
  it('normalises driver values', () => {
    expect(toBigInt(5n)).toBe(5n);
    expect(toBigInt(42)).toBe(42n);
    expect(toBigInt('-9007199254740993')).toBe(-9007199254740993n);
  });

  it('throws a TypeError naming the value', () => {
    expect(() => toBigInt(1.5)).toThrow(/number 1\.5/);
    expect(() => toBigInt('12.0')).toThrow(TypeError);
    expect(() => toBigInt('abc')).toThrow(/"abc"/);
    expect(() => toBigInt(null)).toThrow(/null/);
    expect(() => toBigInt(2 ** 53)).toThrow(TypeError);
  });
});

describe('checkedAdd', () => {
  it('adds within the signed 64-bit range and refuses past either end', () => {
    expect(checkedAdd(INT64_MAX - 5n, 5n)).toBe(INT64_MAX);
    expect(checkedAdd(INT64_MAX, 1n)).toBeUndefined();
    expect(checkedAdd(INT64_MIN, -1n)).toBeUndefined();
    expect(checkedAdd(INT64_MIN, INT64_MAX)).toBe(-1n);
    expect(checkedAdd(0n, INT64_MAX + 1n)).toBeUndefined();
  });

  it('is the exact sum whenever that sum fits, and undefined only then', () => {
    const anyInt = fc.bigInt({ min: INT64_MIN * 2n, max: INT64_MAX * 2n });
    fc.assert(
      fc.property(anyInt, anyInt, (a, b) => {
        const fits = fitsInt64(a) && fitsInt64(b) && fitsInt64(a + b);
        expect(checkedAdd(a, b)).toBe(fits ? a + b : undefined);
      }),
    );
  });
});
