/**
 * The one message catalogue of SMS, USSD, IVR and statements, in ICU MessageFormat: plurals by
 * the language's rules, selects instead of concatenation, Korean particles chosen by the word
 * before them. Numbers inside a message use the language's digits (LOCALE_OF). Pure: no Node APIs.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { ar } from './catalogue/ar.js';
import { en, type MessageKey, type Messages } from './catalogue/en.js';
import { ja } from './catalogue/ja.js';
import { ko } from './catalogue/ko.js';
import { ru } from './catalogue/ru.js';
import { zhHans } from './catalogue/zh-Hans.js';
import { zhHant } from './catalogue/zh-Hant.js';
import { endsInConsonant } from './korean.js';
import { LOCALE_OF, type Language } from './languages.js';

export type { MessageKey } from './catalogue/en.js';
export type MessageValues = Readonly<Record<string, string | number>>;

export const CATALOGUE: Readonly<Record<Language, Messages>> = { 'zh-Hans': zhHans, 'zh-Hant': zhHant, en, ja, ko, ru, ar };

const compiled = new Map<string, IntlMessageFormat>();

function formatOf(language: Language, key: MessageKey): IntlMessageFormat {
  const id = `${language}\u0000${key}`;
  let format = compiled.get(id);
  if (format === undefined) {
    // ignoreTag: "<PIN>" in a help text is text, not markup.
    format = new IntlMessageFormat(CATALOGUE[language][key], LOCALE_OF[language], undefined, { ignoreTag: true });
    compiled.set(id, format);
  }
  return format;
}

/** Korean: each text value `x` also gets `xJosa` = consonant | vowel, for 이/가, 을/를, 은/는. */
function withParticles(language: Language, values: MessageValues): MessageValues {
  if (language !== 'ko') return values;
  const extra: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) extra[`${name}Josa`] = endsInConsonant(String(value)) ? 'consonant' : 'vowel';
  return { ...extra, ...values };
}

/** The message `key` in `language` with its values (already formatted text, or numbers to format). */
export function message(language: Language, key: MessageKey, values: MessageValues = {}): string {
  const text = formatOf(language, key).format(withParticles(language, values));
  return typeof text === 'string' ? text : String(text);
}

const TOPUP_FAILURES = new Set(['invalid_voucher', 'voucher_used', 'voucher_expired', 'currency_mismatch']);

/** The one "top-up failed" message of every channel for a voucher outcome code; other codes say "try again later". */
export function topupFailureKey(code: string): MessageKey {
  return TOPUP_FAILURES.has(code) ? (`topup.failed.${code}` as MessageKey) : 'topup.failed.other';
}
