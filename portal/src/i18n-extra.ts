/** The portal's help, menu, transactions and offline strings: one more file per language, merged into each language's bundle. */
import i18next from 'i18next';
import type { Language } from './i18n.js';

const EXTRA: Record<Language, () => Promise<{ default: Record<string, unknown> }>> = {
  'zh-Hans': () => import('./i18n/extra/zh-Hans.json'),
  'zh-Hant': () => import('./i18n/extra/zh-Hant.json'),
  en: () => import('./i18n/extra/en.json'),
  ja: () => import('./i18n/extra/ja.json'),
  ko: () => import('./i18n/extra/ko.json'),
  ru: () => import('./i18n/extra/ru.json'),
  ar: () => import('./i18n/extra/ar.json'),
};

const loaded = new Set<Language>();

export async function addExtraStrings(language: Language): Promise<void> {
  if (loaded.has(language)) return;
  i18next.addResourceBundle(language, 'translation', (await EXTRA[language]()).default, true, false);
  loaded.add(language);
}
