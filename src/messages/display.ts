/**
 * The display kit every channel formats numbers and dates with (SMS, USSD, IVR, statements, the
 * CLI and the portal): one locale per language (LOCALE_OF), one rounding rule for data (down, to
 * one decimal: nobody is told of more than they have), unit words from the message catalogue.
 * Pure: no Node APIs, so the portal's build imports it too.
 */
import { currencyExponent, formatMinorPlain, formatMoney, isCurrencyCode } from '../domain/money.js';
import { message } from './catalogue.js';
import { LOCALE_OF, type Language } from './languages.js';

const KIB = 1024n;
const MIB = KIB * KIB;
const GIB = MIB * KIB;

export type DataUnit = 'GB' | 'MB' | 'KB' | 'B';

/** Bytes in the largest unit that is at least 1, rounded down to tenths: 19,966,372,596 -> 18.5 GB. */
export function dataAmount(bytes: bigint): { unit: DataUnit; value: number } {
  const positive = bytes < 0n ? 0n : bytes;
  const [unit, size]: [DataUnit, bigint] = positive >= GIB ? ['GB', GIB] : positive >= MIB ? ['MB', MIB] : positive >= KIB ? ['KB', KIB] : ['B', 1n];
  return { unit, value: Number((positive * 10n) / size) / 10 };
}

type ExactFormat = (value: string) => string;

export interface DisplayKit {
  readonly language: Language;
  readonly locale: string;
  /** "HK$123.50", "￥1,500", "١٤٫٠٠٠ ر.ع."; an unknown currency code as minor units and its code. */
  money(minor: bigint, currency: string): string;
  /** Money as a voice reads it: "123.50 Hong Kong dollars", "100 Hong Kong dollars". */
  spokenMoney(minor: bigint, currency: string): string;
  number(value: number | bigint, fractionDigits?: number): string;
  /** "18.5 GB", "512 MB", "4.8 KB", "12 B" in the language's unit words. */
  bytes(bytes: bigint): string;
  /** "2.5 gigabytes", "2,5 гигабайта". */
  spokenBytes(bytes: bigint): string;
  /** Whole minutes, rounded down: "5 minutes", "5 минут", "٥ دقائق". */
  minutes(seconds: bigint): string;
  /** "1 minute 1 second", "30 seconds". */
  duration(seconds: bigint): string;
  /** "2:05": a call's length where space is short (USSD). */
  clock(seconds: bigint): string;
  messages(count: bigint | number): string;
  days(count: number): string;
  /** "November 26, 2026" in the zone. */
  date(ms: number, timeZone: string): string;
  /** "Nov 26, 2026, 12:00 PM" in the zone. */
  dateTime(ms: number, timeZone: string): string;
  /** "11/26" in the zone. */
  shortDate(ms: number, timeZone: string): string;
  /** "11/26, 12:00" in the zone. */
  shortDateTime(ms: number, timeZone: string): string;
  /** "2026-03" -> "March 2026", "2026年3月", "март 2026 г.". */
  month(yearMonth: string, style?: 'long' | 'short'): string;
  /** "Japan, Korea, and Hong Kong", "日本、韩国和香港". */
  list(items: readonly string[]): string;
  country(code: string): string;
}

const kits = new Map<Language, DisplayKit>();

export function displayKit(language: Language): DisplayKit {
  let kit = kits.get(language);
  if (kit === undefined) {
    kit = makeKit(language);
    kits.set(language, kit);
  }
  return kit;
}

function makeKit(language: Language): DisplayKit {
  const locale = LOCALE_OF[language];
  const dates = (options: Intl.DateTimeFormatOptions) => (ms: number, timeZone: string) => new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(ms);
  const regions = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  const listFormat = new Intl.ListFormat(locale, { type: 'conjunction' });
  const number = (value: number | bigint, fractionDigits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value);
  return {
    language,
    locale,
    number,
    money: (minor, currency) => (isCurrencyCode(currency) ? formatMoney(minor, currency, locale) : `${minor} ${currency}`),
    spokenMoney: (minor, currency) => {
      if (!isCurrencyCode(currency)) return `${minor} ${currency}`;
      const plain = formatMinorPlain(minor, currency);
      const whole = /\.0+$/.test(plain);
      const digits = whole ? 0 : currencyExponent(currency);
      const format = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'name', minimumFractionDigits: digits, maximumFractionDigits: digits });
      return (format.format as unknown as ExactFormat)(whole ? plain.replace(/\.0+$/, '') : plain);
    },
    bytes: (bytes) => {
      const { unit, value } = dataAmount(bytes);
      return message(language, 'unit.data', { unit, value: number(value, 1) });
    },
    spokenBytes: (bytes) => message(language, 'unit.dataSpoken', dataAmount(bytes)),
    minutes: (seconds) => message(language, 'unit.minutes', { count: Number(seconds / 60n) }),
    duration: (seconds) => {
      const [m, s] = [Number(seconds / 60n), Number(seconds % 60n)];
      if (m === 0) return message(language, 'unit.seconds', { count: s });
      const minutes = message(language, 'unit.minutes', { count: m });
      return s === 0 ? minutes : message(language, 'unit.minutesSeconds', { minutes, seconds: message(language, 'unit.seconds', { count: s }) });
    },
    clock: (seconds) => `${number(seconds / 60n)}:${number(seconds % 60n).padStart(2, number(0))}`,
    messages: (count) => message(language, 'unit.messages', { count: Number(count) }),
    days: (count) => message(language, 'unit.days', { count }),
    date: dates({ dateStyle: 'long' }),
    dateTime: dates({ dateStyle: 'medium', timeStyle: 'short' }),
    shortDate: dates({ month: '2-digit', day: '2-digit' }),
    shortDateTime: dates({ month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    month: (yearMonth, style = 'long') => {
      const [year, m] = yearMonth.split('-').map(Number);
      return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: style }).format(Date.UTC(year ?? 1970, (m ?? 1) - 1, 15));
    },
    list: (items) => listFormat.format(items),
    country: (code) => {
      try {
        return regions.of(code) ?? code;
      } catch {
        return code;
      }
    },
  };
}
