/** Amounts, data and dates as a text-to-speech voice reads them well, in the caller's language. */
import { currencyExponent, formatMinorPlain, isCurrencyCode } from '../../domain/money.js';
import { displayBytes } from '../ussd/display.js';

type ExactFormat = (value: string) => string;

/** "123.50 Hong Kong dollars", "100 Hong Kong dollars" (no ".00"), "1,500 Japanese yen", "1 234,50 гонконгского доллара". */
export function spokenMoney(minor: bigint, currency: string, locale: string): string {
  if (!isCurrencyCode(currency)) return `${minor} ${currency}`;
  const plain = formatMinorPlain(minor, currency);
  const whole = currencyExponent(currency) > 0 && /\.0+$/.test(plain);
  const digits = whole ? 0 : currencyExponent(currency);
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'name', minimumFractionDigits: digits, maximumFractionDigits: digits });
  return (format.format as unknown as ExactFormat)(whole ? plain.replace(/\.0+$/, '') : plain);
}

/** "2.5 gigabytes", "512 megabytes". */
export function spokenData(bytes: bigint, locale: string): string {
  return displayBytes(bytes, locale, 'long');
}

/** "November 27, 2026", "2026年11月27日" in the caller's zone. */
export function spokenDate(ms: number, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(ms);
}
