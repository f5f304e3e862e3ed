/**
 * The hotline's voices: the Twilio <Say> language of each of the seven languages and the order
 * of the language menu. What it says is in the message catalogue (ivr.*, topup.*, unit.*).
 */
import type { Language } from '../../messages/languages.js';

/** Twilio <Say language> per language. */
export const IVR_VOICE: Readonly<Record<Language, string>> = {
  en: 'en-US',
  'zh-Hans': 'cmn-CN',
  'zh-Hant': 'yue-HK',
  ja: 'ja-JP',
  ko: 'ko-KR',
  ru: 'ru-RU',
  ar: 'ar-XA',
};

/** The language menu's order: key 1..7. */
export const IVR_LANGUAGE_ORDER: readonly Language[] = ['en', 'zh-Hans', 'zh-Hant', 'ja', 'ko', 'ru', 'ar'];
