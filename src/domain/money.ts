/**
 * Money as integer minor units (bigint) with the ISO 4217 exponent of its currency.
 * Parsing and plain formatting are string arithmetic; `Intl` is used for display only,
 * and is fed a decimal string so that large amounts stay exact.
 */

export type CurrencyCode = 'HKD' | 'JPY' | 'KRW' | 'RUB' | 'OMR' | 'USD' | 'CNY' | 'EUR' | 'GBP' | 'SGD' | 'TWD' | 'THB' | 'AED' | 'MOP';

/** ISO 4217 minor-unit exponents (digits after the decimal point). */
export const CURRENCIES: Readonly<Record<CurrencyCode, { readonly exponent: number }>> = Object.freeze({
  HKD: { exponent: 2 },
  JPY: { exponent: 0 },
  KRW: { exponent: 0 },
  RUB: { exponent: 2 },
  OMR: { exponent: 3 },
  USD: { exponent: 2 },
  CNY: { exponent: 2 },
  EUR: { exponent: 2 },
  GBP: { exponent: 2 },
  SGD: { exponent: 2 },
  TWD: { exponent: 2 },
  THB: { exponent: 2 },
  AED: { exponent: 2 },
  MOP: { exponent: 2 },
});

export function isCurrencyCode(s: string): s is CurrencyCode {
  return Object.prototype.hasOwnProperty.call(CURRENCIES, s);
}

export function currencyExponent(currency: CurrencyCode): number {
  return CURRENCIES[currency].exponent;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal amount ("100", "100.5", "-3.20", "0.125") into minor units.
 * Returns undefined if malformed or if it has more decimals than the currency allows.
 * No grouping separators, no exponent notation.
 */
export function parseMinor(text: string, currency: CurrencyCode): bigint | undefined {
  const match = DECIMAL.exec(text.trim());
  if (!match) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) return undefined;
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  return sign === '-' ? -minor : minor;
}

/** Exact decimal string of an amount in minor units: "100.50", "1500", "1.250", "-0.05". */
export function formatMinorPlain(minor: bigint, currency: CurrencyCode): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString();
  if (exponent === 0) return (negative ? '-' : '') + digits;
  const padded = digits.padStart(exponent + 1, '0');
  const whole = padded.slice(0, -exponent);
  const fraction = padded.slice(-exponent);
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** Node 20's Intl accepts decimal strings; the ES2022 lib typings do not say so yet. */
type ExactFormat = (value: number | bigint | string) => string;

/** Localized display ("HK$100.50", "￥1,500", "‏١٫٢٥٠ ر.ع.‏"), exact for any size. */
export function formatMoney(minor: bigint, currency: CurrencyCode, locale: string): string {
  const exponent = currencyExponent(currency);
  const format = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  return (format.format as ExactFormat)(formatMinorPlain(minor, currency));
}

/** The range of a signed 64-bit integer, what a BIGINT column holds: every amount and balance the ledger writes. */
export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;

export function fitsInt64(v: bigint): boolean {
  return v >= INT64_MIN && v <= INT64_MAX;
}

/**
 * a + b when both and the sum fit a BIGINT column; undefined otherwise. Checked before a write,
 * because SQLite would store an overflowing sum as a REAL and PostgreSQL would refuse it.
 */
export function checkedAdd(a: bigint, b: bigint): bigint | undefined {
  if (!fitsInt64(a) || !fitsInt64(b)) return undefined;
  const sum = a + b;
  return fitsInt64(sum) ? sum : undefined;
}

/** The detail of an `amount_out_of_range` refusal: `field` names the amount, added to `balanceMinor` when given. */
export function overflowDetail(field: string, amountMinor: bigint, balanceMinor?: bigint): string {
  const what = balanceMinor === undefined ? `${amountMinor}` : `${amountMinor} added to a balance of ${balanceMinor}`;
  return `${field} ${what} would leave the range the ledger holds (${INT64_MIN} to ${INT64_MAX} minor units); nothing applied`;
}

const INTEGER_TEXT = /^[+-]?\d+$/;

/**
 * Normalises what database drivers return for a BIGINT / INTEGER column
 * (bigint, safe integer number, decimal-integer string) into a bigint.
 */
export function toBigInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && INTEGER_TEXT.test(v.trim())) return BigInt(v.trim());
  throw new TypeError(`Expected an integer (bigint, safe integer or integer string), got ${describe(v)}`);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return `number ${String(v)}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return `object ${Object.prototype.toString.call(v)}`;
  return `${typeof v} ${String(v)}`;
}
