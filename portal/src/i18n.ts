/**
 * i18next with one lazily loaded JSON file per language, its strings in ICU MessageFormat
 * (plurals by the language's rules, like the server's catalogue); misses are collected for the tests.
 */
import i18next from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import { intlLocale } from './format.js';
import { addExtraStrings } from './i18n-extra.js';

export const LANGUAGES = ['zh-Hans', 'zh-Hant', 'en', 'ja', 'ko', 'ru', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

const LOADERS: Record<Language, () => Promise<{ default: Record<string, unknown> }>> = {
  'zh-Hans': () => import('./i18n/zh-Hans.json'),
  'zh-Hant': () => import('./i18n/zh-Hant.json'),
  en: () => import('./i18n/en.json'),
  ja: () => import('./i18n/ja.json'),
  ko: () => import('./i18n/ko.json'),
  ru: () => import('./i18n/ru.json'),
  ar: () => import('./i18n/ar.json'),
};

/** Strings of the freshness, forecast and pay-as-you-go notes, one file per language, merged in at load. */
const NUMBERS: Record<Language, () => Promise<{ default: Record<string, unknown> }>> = {
  'zh-Hans': () => import('./i18n/numbers/zh-Hans.json'),
  'zh-Hant': () => import('./i18n/numbers/zh-Hant.json'),
  en: () => import('./i18n/numbers/en.json'),
  ja: () => import('./i18n/numbers/ja.json'),
  ko: () => import('./i18n/numbers/ko.json'),
  ru: () => import('./i18n/numbers/ru.json'),
  ar: () => import('./i18n/numbers/ar.json'),
};
/** The alert inbox and alert contacts strings. */
const ALERTS: Record<Language, () => Promise<{ default: Record<string, unknown> }>> = {
  'zh-Hans': () => import('./i18n/alerts/zh-Hans.json'),
  'zh-Hant': () => import('./i18n/alerts/zh-Hant.json'),
  en: () => import('./i18n/alerts/en.json'),
  ja: () => import('./i18n/alerts/ja.json'),
  ko: () => import('./i18n/alerts/ko.json'),
  ru: () => import('./i18n/alerts/ru.json'),
  ar: () => import('./i18n/alerts/ar.json'),
};
const loadTranslation = async (l: Language) => ({ ...(await LOADERS[l]()).default, ...(await NUMBERS[l]()).default, ...(await ALERTS[l]()).default });

const STORAGE_KEY = 'simledger.language';

declare global {
  interface Window {
    __i18nMissing?: string[];
  }
}

export function isLanguage(s: string | null | undefined): s is Language {
  return (LANGUAGES as readonly string[]).includes(s ?? '');
}

/** Before sign-in: the remembered choice, else the browser's, else English. */
export function guessLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  for (const tag of navigator.languages ?? []) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return /hant|tw|hk|mo/.test(lower) ? 'zh-Hant' : 'zh-Hans';
    const base = lower.split('-')[0]!;
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export async function initI18n(language: Language): Promise<void> {
  window.__i18nMissing = [];
  // Messages format numbers (`#`, `{n, number}`) in the display kit's locale: Arabic-Indic digits for Arabic.
  await i18next
    .use(new ICU({ parseLngForICU: intlLocale }))
    .use(initReactI18next)
    .init({
      lng: language,
      fallbackLng: false,
      resources: { [language]: { translation: await loadTranslation(language) } },
      interpolation: { escapeValue: false },
      returnNull: false,
      saveMissing: true,
      missingKeyHandler: (lngs, _ns, key) => window.__i18nMissing!.push(`${lngs.join(',')}:${key}`),
      react: { useSuspense: false },
    });
  await addExtraStrings(language);
  applyDocumentLanguage(language);
}

export async function changeLanguage(language: Language): Promise<void> {
  if (!i18next.hasResourceBundle(language, 'translation')) {
    i18next.addResourceBundle(language, 'translation', await loadTranslation(language));
  }
  await addExtraStrings(language);
  await i18next.changeLanguage(language);
  localStorage.setItem(STORAGE_KEY, language);
  applyDocumentLanguage(language);
}

function applyDocumentLanguage(language: Language): void {
  document.documentElement.lang = language;
  document.documentElement.dir = language === 'ar' ? 'rtl' : 'ltr';
  document.title = i18next.t('app.title');
}
