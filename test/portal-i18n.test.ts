/**
 * The portal's strings in ICU MessageFormat, without a browser: every file under portal/src/i18n
 * in every language parses for its locale and covers the language's plural categories; every
 * plural message renders through i18next + i18next-icu (as the portal does) for 0, 1, 2, 5, 11,
 * 21 and 101; expected wording in ru, ar, ja and ko; the converter leaves converted files alone.
 */
import i18next, { type i18n } from 'i18next';
import ICU from 'i18next-icu';
import { IntlMessageFormat } from 'intl-messageformat';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMessages, formatUsageKind, intlLocale } from '../portal/src/format.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { convertObject } from '../scripts/i18next-to-icu.mjs';
import { LANGUAGES, LOCALE_OF, type Language } from '../src/messages/languages.js';
import { argumentNames, icuProblems, pluralArguments, stringsOf } from './browser/i18n-keys.js';

const I18N_DIR = join(process.cwd(), 'portal', 'src', 'i18n');
const COUNTS = [0, 1, 2, 5, 11, 21, 101];

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
    });
}
const FILES = jsonFiles(I18N_DIR).map((path) => ({
  path,
  folder: relative(I18N_DIR, join(path, '..')),
  language: basename(path, '.json') as Language,
  json: JSON.parse(readFileSync(path, 'utf8')) as object,
}));

describe('the portal string files', () => {
  it('are one file per language in each folder', () => {
    for (const folder of new Set(FILES.map((f) => f.folder))) {
      expect(
        FILES.filter((f) => f.folder === folder)
          .map((f) => f.language)
          .sort(),
        folder || '.',
      ).toEqual([...LANGUAGES].sort());
    }
  });

  it.each(FILES.map((f) => [`${f.folder}/${f.language}`, f] as const))('%s: same keys and values as en, parses, plurals complete', (_name, file) => {
    const strings = stringsOf(file.json);
    const english = stringsOf(FILES.find((f) => f.folder === file.folder && f.language === 'en')!.json);
    expect([...strings.keys()].sort()).toEqual([...english.keys()].sort());
    const locale = LOCALE_OF[file.language];
    expect([...strings].flatMap(([key, text]) => icuProblems(text, locale).map((p) => `${key}: ${p}`))).toEqual([]);
    for (const [key, text] of strings) expect(argumentNames(text, locale), key).toEqual(argumentNames(english.get(key)!, 'en'));
  });

  it('are already ICU: the converter changes none of them', () => {
    for (const file of FILES) expect(convertObject(file.json, file.language), file.path).toEqual(file.json);
  });
});

describe('the converter', () => {
  const ru = {
    a: { days_one: '{{count, number}} день', days_few: '{{count, number}} дня', days_many: '{{count, number}} дней', days_other: '{{count, number}} дня' },
    hello: "Hi {{name}}, it's {curly} '{{name}}' #1",
    too_many_requests: 'Too many',
    page: 'Page {{page, number}}',
  };

  it('rewrites placeholders, quotes ICU syntax and merges plural families with the language categories', () => {
    const icu = convertObject(ru, 'ru');
    expect(icu).toEqual({
      a: { days: '{count, plural, one {# день} few {# дня} many {# дней} other {# дня}}' },
      hello: "Hi {name}, it's '{'curly'}' ''{name}' #1",
      too_many_requests: 'Too many',
      page: 'Page {page, number}',
    });
    expect(new IntlMessageFormat(icu.hello, 'en').format({ name: 'Ann' })).toBe("Hi Ann, it's {curly} 'Ann' #1");
    expect(convertObject(icu, 'ru')).toEqual(icu);
  });

  it('gives i18next _zero the =0 selector where zero is not a category, and Japanese only other', () => {
    expect(convertObject({ n_zero: 'none', n_one: 'one', n_other: '{{count}} x' }, 'en')).toEqual({ n: '{count, plural, =0 {none} one {one} other {# x}}' });
    expect(convertObject({ n_other: '{{count}} 通' }, 'ja')).toEqual({ n: '{count, plural, other {# 通}}' });
  });
});

describe('plural messages through i18next-icu, as the portal renders them', () => {
  const instances = new Map<Language, i18n>();
  beforeAll(async () => {
    for (const language of LANGUAGES) {
      const instance = i18next.createInstance();
      await instance.use(new ICU({ parseLngForICU: intlLocale })).init({ lng: language, fallbackLng: false, resources: {}, interpolation: { escapeValue: false } });
      for (const file of FILES.filter((f) => f.language === language)) instance.addResourceBundle(language, 'translation', file.json, true, false);
      instances.set(language, instance);
    }
  });
  const t = (language: Language, key: string, values: Record<string, unknown>) => instances.get(language)!.t(key, values) as string;

  it('renders every plural message of every language for 0, 1, 2, 5, 11, 21 and 101', () => {
    for (const file of FILES) {
      for (const [key, text] of stringsOf(file.json)) {
        const plurals = pluralArguments(text, LOCALE_OF[file.language]);
        if (plurals.length === 0) continue;
        const others = Object.fromEntries(argumentNames(text, 'en').map((n) => [n, `<${n}>`]));
        for (const n of COUNTS) {
          const out = t(file.language, key, { ...others, ...Object.fromEntries(plurals.map((p) => [p, n])) });
          expect(out, `${file.language} ${key} ${n}`).not.toMatch(/[{}#]|^$/);
          expect(out).not.toBe(key);
        }
      }
    }
  });

  const render = (language: Language, key: string, name = 'count') => COUNTS.map((n) => t(language, key, { [name]: n, network: 'Ooredoo' }));

  it('ru: день, дня, дней by the number', () => {
    expect(render('ru', 'plans.validityPurchase')).toEqual(['0 дней', '1 день', '2 дня', '5 дней', '11 дней', '21 день', '101 день'].map((d) => `Действует ${d} с момента покупки`));
  });

  it('ar: zero, one, two, few, many and other, in Arabic-Indic digits', () => {
    expect(render('ar', 'plans.validityPurchase')).toEqual([
      'صالحة من تاريخ الشراء',
      'صالحة ليوم واحد من تاريخ الشراء',
      'صالحة ليومين من تاريخ الشراء',
      'صالحة ٥ أيام من تاريخ الشراء',
      'صالحة ١١ يومًا من تاريخ الشراء',
      'صالحة ٢١ يومًا من تاريخ الشراء',
      'صالحة ١٠١ يوم من تاريخ الشراء',
    ]);
    expect(render('ar', 'numbers.lateNetwork', 'hours').map((s) => /نحو (.+)، لذا/.exec(s)?.[1])).toEqual(['٠ ساعة', 'ساعة واحدة', 'ساعتين', '٥ ساعات', '١١ ساعة', '٢١ ساعة', '١٠١ ساعة']);
    expect(t('ar', 'records.page', { page: 12 })).toBe('الصفحة ١٢');
  });

  it('ja and ko: one form with the number', () => {
    expect(render('ja', 'plans.validityPurchase')).toEqual(COUNTS.map((n) => `購入から ${n} 日間有効`));
    expect(render('ko', 'plans.validityPurchase')).toEqual(COUNTS.map((n) => `구매일부터 ${n}일간 유효`));
    expect(render('ko', 'dashboard.startsOnFirstUseDays')).toEqual(COUNTS.map((n) => `처음 사용할 때 시작, 이후 ${n}일간 유효`));
  });

  it('takes messages, kinds and directions from the shared catalogue', () => {
    expect(COUNTS.map((n) => formatMessages(n, 'ru'))).toEqual(['0 сообщений', '1 сообщение', '2 сообщения', '5 сообщений', '11 сообщений', '21 сообщение', '101 сообщение']);
    expect(formatMessages(2, 'ar')).toBe('رسالتان');
    expect(formatMessages(5, 'ko')).toBe('5건');
    expect(formatUsageKind('voice', 'in', 'ru')).toBe('Входящий звонок');
    expect(formatUsageKind('data', undefined, 'ja')).toBe('データ通信');
  });
});
