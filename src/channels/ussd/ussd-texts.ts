/** The USSD menu's languages and who is greeted in which; its words are in the message catalogue (ussd.*). */
import { LANGUAGES, type Language } from '../../messages/languages.js';

export const USSD_LANGUAGES = LANGUAGES;
export type UssdLanguage = Language;

/** Each language named in itself, in the order of the language menu (1-7). */
export const LANGUAGE_NAMES: Record<UssdLanguage, string> = {
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
  en: 'English',
  ja: '日本語',
  ko: '한국어',
  ru: 'Русский',
  ar: 'العربية',
};

export function isUssdLanguage(s: string): s is UssdLanguage {
  return (USSD_LANGUAGES as readonly string[]).includes(s);
}

const PREFIX_LANGUAGES: [string, UssdLanguage][] = [
  ['+86', 'zh-Hans'],
  ['+852', 'zh-Hant'],
  ['+853', 'zh-Hant'],
  ['+886', 'zh-Hant'],
  ['+81', 'ja'],
  ['+82', 'ko'],
  ['+7', 'ru'],
  ...['+968', '+971', '+966', '+974', '+973', '+965', '+962', '+961', '+963', '+964', '+967', '+20', '+212', '+213', '+216', '+218', '+249'].map((p): [string, UssdLanguage] => [p, 'ar']),
];

/** The language to greet a number the system does not know in: its country's, else English. */
export function languageOfNumber(phoneNumber: string): UssdLanguage {
  const e164 = phoneNumber.trim().startsWith('+') ? phoneNumber.trim() : `+${phoneNumber.trim()}`;
  return PREFIX_LANGUAGES.find(([prefix]) => e164.startsWith(prefix))?.[1] ?? 'en';
}
