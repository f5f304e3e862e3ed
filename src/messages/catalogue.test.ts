import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, message, type MessageKey } from './catalogue.js';
import { displayKit } from './display.js';
import { endsInConsonant } from './korean.js';
import { LANGUAGES, LOCALE_OF, type Language } from './languages.js';

const COUNTS = [0, 1, 2, 5, 11, 21, 101] as const;
const MIB = 1_048_576n;
const GIB = 1_073_741_824n;

type Arg = { name: string; kind: 'text' | 'number' | 'select'; options: string[] };

/** The arguments of a message, from its ICU syntax tree (plural and number arguments take counts). */
function argumentsOf(language: Language, key: MessageKey): Arg[] {
  const args = new Map<string, Arg>();
  const walk = (nodes: readonly unknown[]) => {
    for (const node of nodes as { type: number; value?: string; options?: Record<string, { value: unknown[] }> }[]) {
      if (node.type === 1) args.set(node.value!, args.get(node.value!) ?? { name: node.value!, kind: 'text', options: [] });
      if (node.type === 2 || node.type === 6) args.set(node.value!, { name: node.value!, kind: 'number', options: [] });
      if (node.type === 5) args.set(node.value!, { name: node.value!, kind: 'select', options: Object.keys(node.options!) });
      for (const option of Object.values(node.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(CATALOGUE[language][key], LOCALE_OF[language], undefined, { ignoreTag: true }).getAst());
  return [...args.values()];
}

describe('the message catalogue', () => {
  it('has the same keys in every language', () => {
    const keys = Object.keys(CATALOGUE.en).sort();
    for (const language of LANGUAGES) expect(Object.keys(CATALOGUE[language]).sort(), language).toEqual(keys);
  });

  it('renders every message in every language with 0, 1, 2, 5, 11, 21 and 101 of each unit and every choice', () => {
    let rendered = 0;
    for (const language of LANGUAGES) {
      const digits = (n: number) => new Intl.NumberFormat(LOCALE_OF[language]).format(n);
      for (const key of Object.keys(CATALOGUE.en) as MessageKey[]) {
        const args = argumentsOf(language, key);
        const choices = args.find((a) => a.kind === 'select')?.options ?? ['other'];
        for (const count of COUNTS) {
          for (const choice of choices) {
            const values = Object.fromEntries(args.map((a) => [a.name, a.kind === 'number' ? count : a.kind === 'select' ? choice : 'X']));
            const text = message(language, key, values);
            expect(text, `${language} ${key}`).not.toMatch(/[{}]|undefined|NaN/);
            // A count is written in the language's digits, except where the language says it in words (Arabic 1 and 2).
            if (args.some((a) => a.kind === 'number') && !args.some((a) => a.kind === 'select') && count > 2) expect(text, `${language} ${key}`).toContain(digits(count));
            rendered += 1;
          }
        }
      }
    }
    expect(rendered).toBeGreaterThan(118 * 7 * 7);
  });

  const unitCases = (language: Language, key: MessageKey) => COUNTS.map((count) => message(language, key, { count }));

  it('says units in Russian with its three plural forms', () => {
    expect(unitCases('ru', 'unit.minutes')).toEqual(['0 минут', '1 минута', '2 минуты', '5 минут', '11 минут', '21 минута', '101 минута']);
    expect(unitCases('ru', 'unit.seconds')).toEqual(['0 секунд', '1 секунда', '2 секунды', '5 секунд', '11 секунд', '21 секунда', '101 секунда']);
    expect(unitCases('ru', 'unit.messages')).toEqual(['0 сообщений', '1 сообщение', '2 сообщения', '5 сообщений', '11 сообщений', '21 сообщение', '101 сообщение']);
    expect(unitCases('ru', 'unit.days')).toEqual(['0 дней', '1 день', '2 дня', '5 дней', '11 дней', '21 день', '101 день']);
    expect(unitCases('ru', 'unit.records')).toEqual(['0 записей', '1 запись', '2 записи', '5 записей', '11 записей', '21 запись', '101 запись']);
    expect(COUNTS.map((n) => displayKit('ru').bytes(BigInt(n) * GIB))).toEqual(['0 Б', '1 ГБ', '2 ГБ', '5 ГБ', '11 ГБ', '21 ГБ', '101 ГБ']);
    expect(COUNTS.map((n) => displayKit('ru').spokenBytes(BigInt(n) * MIB))).toEqual(['0 байт', '1 мегабайт', '2 мегабайта', '5 мегабайт', '11 мегабайт', '21 мегабайт', '101 мегабайт']);
  });

  it('says units in Arabic with its six plural forms and Arabic-Indic digits', () => {
    expect(unitCases('ar', 'unit.minutes')).toEqual(['٠ دقيقة', 'دقيقة واحدة', 'دقيقتان', '٥ دقائق', '١١ دقيقة', '٢١ دقيقة', '١٠١ دقيقة']);
    expect(unitCases('ar', 'unit.seconds')).toEqual(['٠ ثانية', 'ثانية واحدة', 'ثانيتان', '٥ ثوانٍ', '١١ ثانية', '٢١ ثانية', '١٠١ ثانية']);
    expect(unitCases('ar', 'unit.messages')).toEqual(['٠ رسالة', 'رسالة واحدة', 'رسالتان', '٥ رسائل', '١١ رسالة', '٢١ رسالة', '١٠١ رسالة']);
    expect(unitCases('ar', 'unit.days')).toEqual(['٠ يوم', 'يوم واحد', 'يومان', '٥ أيام', '١١ يومًا', '٢١ يومًا', '١٠١ يوم']);
    expect(unitCases('ar', 'unit.records')).toEqual(['٠ سجل', 'سجل واحد', 'سجلان', '٥ سجلات', '١١ سجلًا', '٢١ سجلًا', '١٠١ سجل']);
    expect(COUNTS.map((n) => displayKit('ar').bytes(BigInt(n) * MIB))).toEqual(['٠ بايت', '١ م.ب', '٢ م.ب', '٥ م.ب', '١١ م.ب', '٢١ م.ب', '١٠١ م.ب']);
  });

  it('counts in Korean and Japanese with counter words', () => {
    expect(unitCases('ko', 'unit.minutes')).toEqual(['0분', '1분', '2분', '5분', '11분', '21분', '101분']);
    expect(unitCases('ko', 'unit.messages')).toEqual(['0건', '1건', '2건', '5건', '11건', '21건', '101건']);
    expect(unitCases('ko', 'unit.days')).toEqual(['0일', '1일', '2일', '5일', '11일', '21일', '101일']);
    expect(COUNTS.map((n) => displayKit('ko').bytes(BigInt(n) * GIB))).toEqual(['0B', '1GB', '2GB', '5GB', '11GB', '21GB', '101GB']);
    expect(unitCases('ja', 'unit.minutes')).toEqual(['0分', '1分', '2分', '5分', '11分', '21分', '101分']);
    expect(unitCases('ja', 'unit.messages')).toEqual(['0通', '1通', '2通', '5通', '11通', '21通', '101通']);
    expect(unitCases('ja', 'unit.days')).toEqual(['0日間', '1日間', '2日間', '5日間', '11日間', '21日間', '101日間']);
    expect(unitCases('ja', 'unit.records')).toEqual(['0件', '1件', '2件', '5件', '11件', '21件', '101件']);
    expect(COUNTS.map((n) => displayKit('ja').bytes(BigInt(n) * MIB))).toEqual(['0 B', '1 MB', '2 MB', '5 MB', '11 MB', '21 MB', '101 MB']);
  });

  it('chooses the Korean particle by how the amount before it is read', () => {
    const ko = displayKit('ko');
    expect(message('ko', 'ivr.topupOk', { money: ko.spokenMoney(3_000_000n, 'KRW') })).toBe('감사합니다. 잔액에 3,000,000 대한민국 원이 충전되었습니다.');
    expect(message('ko', 'ivr.topupOk', { money: ko.spokenMoney(10_000n, 'HKD') })).toBe('감사합니다. 잔액에 100 홍콩 달러가 충전되었습니다.');
    expect(message('ko', 'ivr.dataNotStarted', { amount: ko.spokenBytes(2n * GIB) })).toBe('첫 사용 시 시작되는 데이터 2기가바이트가 있습니다.');
    expect(['₩30,000', '30,000', '30,002', '3', '10', '100', '1,000,000,000,000', '5 MB', 'SMS', 'ML', '달러', '원'].map(endsInConsonant)).toEqual([
      true,
      true,
      false,
      true,
      true,
      true,
      false,
      false,
      false,
      true,
      false,
      true,
    ]);
  });

  it('fixes the grammar of the old concatenations', () => {
    expect(message('ru', 'record.usage', { kind: 'voice', direction: 'in' })).toBe('Входящий звонок');
    expect(message('ru', 'record.usage', { kind: 'sms', direction: 'out' })).toBe('Исходящее SMS');
    const ru = displayKit('ru');
    const until = message('ru', 'ivr.dataUntil', { amount: ru.spokenBytes((5n * GIB) / 2n), until: ru.date(Date.UTC(2026, 10, 26), 'UTC') });
    expect(until).toBe('Остаток трафика: 2,5 гигабайта, действует до 26 ноября 2026 г.');
  });

  it('writes one convention per language: lists, dates, data rounded down', () => {
    expect(displayKit('zh-Hans').list(['日本', '韩国', '香港'])).toBe('日本、韩国和香港');
    expect(displayKit('zh-Hant').shortDate(Date.UTC(2026, 11, 31, 3), 'Asia/Hong_Kong')).toBe('12/31');
    // 19,966,372,596 bytes = 18.595 GB: every channel says 18.5, never more than there is.
    expect(LANGUAGES.map((l) => displayKit(l).bytes(19_966_372_596n))).toEqual(['18.5 GB', '18.5 GB', '18.5 GB', '18.5 GB', '18.5GB', '18,5 ГБ', '١٨٫٥ غ.ب']);
    expect(displayKit('ar').money(14_000n, 'OMR')).toMatch(/١٤٫٠٠٠/);
  });
});
