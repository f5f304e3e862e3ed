/**
 * Locale formatting for short texts (SMS, USSD): money via `formatMoney`, data in GB/MB
 * (1 GB = 1024 MB = 1,073,741,824 bytes, rounded down so a line is never told it has more than it
 * has), minutes, dates in the account's time zone. English stays within the GSM 7-bit alphabet:
 * currency symbols outside it (₩, ₽) become ISO codes and no-break spaces become spaces.
 */
import { formatMinorPlain, formatMoney, isCurrencyCode } from '../../../domain/money.js';
import { BYTES_PER_GIB, BYTES_PER_MIB } from '../../../domain/units.js';
import type { SmsLanguage } from '../../../services/sms-keywords/keywords.js';
import { isGsm7 } from '../segments.js';

export const LOCALE_OF: Readonly<Record<SmsLanguage, string>> = {
  'zh-Hans': 'zh-CN', 'zh-Hant': 'zh-HK', en: 'en-GB', ja: 'ja-JP', ko: 'ko-KR', ru: 'ru-RU', ar: 'ar-OM',
};

/** GSM-7 languages: their texts must not pull a message into UCS-2. */
const GSM_LANGUAGES: ReadonlySet<SmsLanguage> = new Set(['en']);

function gsmSafe(text: string, language: SmsLanguage): string {
  return GSM_LANGUAGES.has(language) ? text.replace(/[\u00a0\u202f\u2009]/g, ' ') : text;
}

export function formatAmount(minor: bigint, currency: string, language: SmsLanguage): string {
  const locale = LOCALE_OF[language];
  if (!isCurrencyCode(currency)) return `${minor} ${currency}`;
  const text = gsmSafe(formatMoney(minor, currency, locale), language);
  if (!GSM_LANGUAGES.has(language) || isGsm7(text)) return text;
  const plain = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'code' });
  // Node's Intl takes a decimal string exactly (see formatMoney).
  return gsmSafe((plain.format as unknown as (v: string) => string)(formatMinorPlain(minor, currency)), language);
}

function formatNumber(value: number, language: SmsLanguage, fractionDigits = 0): string {
  return gsmSafe(new Intl.NumberFormat(LOCALE_OF[language], { maximumFractionDigits: fractionDigits }).format(value), language);
}

/** "99.9 GB", "512 MB" in the locale's digits; data left is rounded down. */
export function formatDataBytes(bytes: bigint, language: SmsLanguage): string {
  const unit = (u: 'gigabyte' | 'megabyte', value: number) =>
    gsmSafe(new Intl.NumberFormat(LOCALE_OF[language], { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: 1 }).format(value), language);
  if (bytes >= BYTES_PER_GIB) return unit('gigabyte', Number((bytes * 10n) / BYTES_PER_GIB) / 10);
  return unit('megabyte', Number(bytes / BYTES_PER_MIB));
}

/** Whole minutes (rounded down) of a number of seconds. */
export function formatMinutes(seconds: bigint, language: SmsLanguage): string {
  return formatNumber(Number(seconds / 60n), language);
}

export function formatCount(count: bigint, language: SmsLanguage): string {
  return formatNumber(Number(count), language);
}

/** Day, month and time in the account's zone: "31/12 23:59", "12/31 23:59". */
export function formatShortDateTime(ms: number, timeZone: string, language: SmsLanguage): string {
  const locale = LOCALE_OF[language];
  const date = new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'numeric' }).format(ms);
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms);
  return gsmSafe(`${date} ${time}`, language);
}

/** "2026-03" -> "March 2026", "2026年3月", "март 2026 г." ... */
export function formatMonth(month: string, language: SmsLanguage): string {
  const [year, m] = month.split('-').map(Number);
  const f = new Intl.DateTimeFormat(LOCALE_OF[language], { timeZone: 'UTC', year: 'numeric', month: language === 'en' ? 'short' : 'long' });
  return gsmSafe(f.format(Date.UTC(year ?? 1970, (m ?? 1) - 1, 15)), language);
}
