/** Display helpers the phone channels share: money, data sizes and dates in a locale and time zone. */
import { formatMoney, isCurrencyCode } from '../../domain/money.js';

const GIB = 1_073_741_824n;
const MIB = 1_048_576n;

/** Localized money ("HK$123.50"); an unknown currency code is shown as minor units and its code. */
export function displayMoney(minor: bigint, currency: string, locale: string): string {
  return isCurrencyCode(currency) ? formatMoney(minor, currency, locale) : `${minor} ${currency}`;
}

/**
 * Bytes as GB (from 1 GB = 1024 MB up) or MB, one decimal, rounded down so a remaining amount is
 * never overstated: 2,684,354,560 bytes -> "2.5 GB" ("2.5 gigabytes" with `long`).
 */
export function displayBytes(bytes: bigint, locale: string, unitDisplay: 'short' | 'long' = 'short'): string {
  const [unit, size] = bytes >= GIB ? ['gigabyte', GIB] as const : ['megabyte', MIB] as const;
  const tenths = (bytes < 0n ? 0n : bytes) * 10n / size;
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay, maximumFractionDigits: 1 }).format(Number(tenths) / 10);
}

/** Seconds as m:ss ("12:05"), minutes not capped. */
export function displayDuration(seconds: bigint): string {
  return `${seconds / 60n}:${(seconds % 60n).toString().padStart(2, '0')}`;
}

/** A short day ("11/27", "27.11") in the zone. */
export function displayDay(ms: number, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { month: '2-digit', day: '2-digit', timeZone }).format(ms);
}

/** A short day and time ("11/20, 13:00") in the zone. */
export function displayDayTime(ms: number, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(ms);
}
