/**
 * The display kit as SMS needs it. English stays within the GSM 7-bit alphabet so a reply costs
 * 160 characters a segment, not 70: currency signs outside it (₩, ₽) become ISO codes and
 * no-break spaces become spaces. The other languages are UCS-2 anyway and use the kit as is.
 */
import { formatMinorPlain, isCurrencyCode } from '../../../domain/money.js';
import type { DisplayKit } from '../../../messages/display.js';
import type { Language } from '../../../messages/languages.js';
import { isGsm7 } from '../segments.js';

/** GSM-7 languages: their texts must not pull a message into UCS-2. */
const GSM_LANGUAGES: ReadonlySet<Language> = new Set(['en']);

export function gsmSafe(text: string, language: Language): string {
  return GSM_LANGUAGES.has(language) ? text.replace(/[\u00a0\u202f\u2009]/g, ' ') : text;
}

type ExactFormat = (value: string) => string;

/** Money for an SMS: the kit's, or in English with the ISO code when the sign is not GSM-7. */
export function smsMoney(kit: DisplayKit, minor: bigint, currency: string): string {
  const text = gsmSafe(kit.money(minor, currency), kit.language);
  if (!GSM_LANGUAGES.has(kit.language) || isGsm7(text) || !isCurrencyCode(currency)) return text;
  const coded = new Intl.NumberFormat(kit.locale, { style: 'currency', currency, currencyDisplay: 'code' });
  return gsmSafe((coded.format as unknown as ExactFormat)(formatMinorPlain(minor, currency)), kit.language);
}
