/**
 * Display formatting for the UI language through the display kit every channel shares
 * (src/messages/display.ts): the same digits, units and data rounding as SMS, USSD, the hotline
 * and statements. Money from integer minor units, exactly.
 */
import { message } from '../../src/messages/catalogue.js';
import { displayKit } from '../../src/messages/display.js';
import { languageOf, LOCALE_OF } from '../../src/messages/languages.js';

const kit = (language: string) => displayKit(languageOf(language));

/** Intl locale of a UI language (Arabic with Arabic-Indic digits as Oman shows them). */
export function intlLocale(language: string): string {
  return LOCALE_OF[languageOf(language)];
}

export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** "1234" minor HKD -> "12.34" as an exact decimal string (no floating point). */
export function minorToDecimal(minor: number | bigint, currency: string): string {
  const digits = currencyDigits(currency);
  const v = BigInt(minor);
  const neg = v < 0n;
  const abs = (neg ? -v : v).toString().padStart(digits + 1, '0');
  const whole = digits === 0 ? abs : abs.slice(0, -digits);
  const frac = digits === 0 ? '' : `.${abs.slice(-digits)}`;
  return `${neg ? '-' : ''}${whole}${frac}`;
}

/** Major-unit decimal text typed by a person -> minor units, or undefined if not a valid amount. */
export function decimalToMinor(text: string, currency: string): number | undefined {
  const digits = currencyDigits(currency);
  const m = /^\s*(\d+)(?:[.,](\d*))?\s*$/.exec(text);
  if (!m || (m[2] ?? '').length > digits) return undefined;
  return Number(BigInt(m[1]!) * 10n ** BigInt(digits) + BigInt((m[2] ?? '').padEnd(digits, '0') || '0'));
}

export function formatMoney(minor: number | bigint, currency: string, language: string): string {
  const nf = new Intl.NumberFormat(intlLocale(language), { style: 'currency', currency, currencyDisplay: 'symbol' });
  // Intl formats a decimal string exactly (no float rounding of minor units).
  return nf.format(minorToDecimal(minor, currency) as unknown as number);
}

export function formatNumber(n: number, language: string, fractionDigits = 0): string {
  return new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: fractionDigits }).format(n);
}

export function formatPercent(fraction: number, language: string): string {
  return new Intl.NumberFormat(intlLocale(language), { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

/** Bytes as GB, MB, KB or B (1 GB = 1024 MB), rounded down to one decimal like every other channel. */
export function formatBytes(bytes: number, language: string): string {
  return kit(language).bytes(BigInt(Math.trunc(bytes)));
}

/** "1 minute 1 second", "5 минут". */
export function formatSeconds(seconds: number, language: string): string {
  return kit(language).duration(BigInt(Math.trunc(seconds)));
}

/** "Japan, Korea, and Hong Kong", "日本、韩国和香港". */
export function formatList(items: readonly string[], language: string): string {
  return kit(language).list(items);
}

/** "12 messages" as the shared catalogue says it on every channel. */
export function formatMessages(count: number, language: string): string {
  return kit(language).messages(count);
}

/** A record's or bucket's amount in its kind's unit: bytes, call time or messages. */
export function formatQuantity(kind: string, quantity: number, language: string): string {
  if (kind === 'data') return formatBytes(quantity, language);
  if (kind === 'voice') return formatSeconds(quantity, language);
  return formatMessages(quantity, language);
}

/** "Data", "Calls", "SMS": a kind of usage as every channel names it. */
export function formatKind(kind: string, language: string): string {
  return message(languageOf(language), 'kind.total', { kind });
}

/** "Incoming call", "Data": kind and direction as one catalogue message, never two words glued. */
export function formatUsageKind(kind: string, direction: string | undefined, language: string): string {
  return message(languageOf(language), 'record.usage', { kind, direction: direction ?? 'out' });
}

export function formatDateTime(iso: string | number, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
}

export function formatDate(iso: string | number, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: 'medium', timeZone }).format(new Date(iso));
}

/** A local calendar day `YYYY-MM-DD` formatted as a short day label, no time zone shift. */
export function formatDay(day: string, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** The calendar day `YYYY-MM-DD` of an instant in a time zone. */
export function localDay(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([intlLocale(language)], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Days and hours left until an instant, as a localized duration ("3 days 4 hours"). */
export function timeLeft(toMs: number, nowMs: number, language: string): { days: number; hours: number; text: string } {
  const left = Math.max(0, toMs - nowMs);
  const days = Math.floor(left / 86_400_000);
  const hours = Math.floor((left % 86_400_000) / 3_600_000);
  const locale = intlLocale(language);
  const unit = (n: number, u: 'day' | 'hour') => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'long' }).format(n);
  return { days, hours, text: days > 0 ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(hours, 'hour') };
}
