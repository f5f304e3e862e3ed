/** The product's seven languages and the Intl locale each is displayed in, on every channel. */
export const LANGUAGES = ['zh-Hans', 'zh-Hant', 'en', 'ja', 'ko', 'ru', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * One locale per language (docs/display-conventions.md): Arabic as Oman writes it, with
 * Arabic-Indic digits; Traditional Chinese month/day order (not Hong Kong's day/month).
 */
export const LOCALE_OF: Readonly<Record<Language, string>> = {
  'zh-Hans': 'zh-Hans',
  'zh-Hant': 'zh-Hant',
  en: 'en',
  ja: 'ja',
  ko: 'ko',
  ru: 'ru',
  ar: 'ar-OM',
};

export function isLanguage(s: string | null | undefined): s is Language {
  return (LANGUAGES as readonly string[]).includes(s ?? '');
}

/** A stored language tag as one of ours: exact, else by its base ("zh" is Simplified), else English. */
export function languageOf(tag: string | null | undefined): Language {
  if (isLanguage(tag)) return tag;
  const lower = (tag ?? '').toLowerCase();
  if (lower.startsWith('zh')) return /hant|tw|hk|mo/.test(lower) ? 'zh-Hant' : 'zh-Hans';
  const base = lower.split('-')[0];
  return isLanguage(base) ? base : 'en';
}
