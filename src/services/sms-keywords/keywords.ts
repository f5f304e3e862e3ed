/**
 * Decoding an SMS keyword: the text is NFKC-normalised (full-width letters and digits become
 * ASCII), lower-cased, Arabic-Indic digits mapped to 0-9, and matched against the words people
 * actually send in each of the product's languages. CJK keywords need no space before their
 * argument ("充值12345678"); Latin and Cyrillic ones end at a word boundary.
 */

export const SMS_LANGUAGES = ['zh-Hans', 'zh-Hant', 'en', 'ja', 'ko', 'ru', 'ar'] as const;
export type SmsLanguage = (typeof SMS_LANGUAGES)[number];

export type SmsCommand = 'balance' | 'usage' | 'topup' | 'plans' | 'help' | 'lang' | 'stop' | 'start';

export type SmsIntent =
  | { readonly command: Exclude<SmsCommand, 'topup' | 'lang'>; readonly language?: SmsLanguage }
  | { readonly command: 'topup'; readonly pin: string | undefined; readonly language?: SmsLanguage }
  | { readonly command: 'lang'; readonly target: SmsLanguage | undefined; readonly language?: SmsLanguage }
  | { readonly command: 'unknown' };

type Words = Partial<Record<SmsLanguage, readonly string[]>>;

/** Keyword -> command, with the language it is typical of (a guess for senders we do not know). */
const WORDS: Record<SmsCommand, Words> = {
  balance: {
    en: ['balance', 'bal', 'bal?', 'credit'],
    'zh-Hans': ['余额', '查询', '查余额', '话费'],
    'zh-Hant': ['餘額', '查詢', '查餘額'],
    ja: ['残高', 'ざんだか', '残高照会'],
    ko: ['잔액', '잔고', '잔액조회'],
    ru: ['баланс', 'бал'],
    ar: ['رصيد', 'الرصيد', 'رصيدي'],
  },
  usage: {
    en: ['usage', 'use', 'data'],
    'zh-Hans': ['用量', '流量', '使用量'],
    'zh-Hant': ['用量查詢'],
    ja: ['使用量', 'データ', '利用量'],
    ko: ['사용량', '데이터'],
    ru: ['расход', 'трафик', 'использование'],
    ar: ['استهلاك', 'الاستهلاك', 'الاستخدام'],
  },
  topup: {
    en: ['topup', 'top-up', 'top up', 'recharge', 'reload'],
    'zh-Hans': ['充值', '充值卡'],
    'zh-Hant': ['儲值', '增值', '充值卡'],
    ja: ['チャージ', '入金'],
    ko: ['충전'],
    ru: ['пополнить', 'пополнение', 'попол'],
    ar: ['شحن', 'اشحن', 'تعبئة'],
  },
  plans: {
    en: ['plans', 'plan', 'bundles'],
    'zh-Hans': ['套餐', '套餐列表'],
    'zh-Hant': ['計劃', '計畫', '月費計劃'],
    ja: ['プラン', 'ぷらん'],
    ko: ['요금제', '플랜'],
    ru: ['тарифы', 'пакеты', 'тариф'],
    ar: ['الباقات', 'باقات', 'باقة'],
  },
  help: {
    en: ['help', 'info', '?', 'menu'],
    'zh-Hans': ['帮助', '说明', '菜单'],
    'zh-Hant': ['幫助', '說明', '幫忙'],
    ja: ['ヘルプ', 'へるぷ', '使い方'],
    ko: ['도움말', '도움', '안내'],
    ru: ['помощь', 'справка', 'инфо'],
    ar: ['مساعدة', 'مساعده', 'تعليمات'],
  },
  lang: {
    en: ['lang', 'language'],
    'zh-Hans': ['语言'],
    'zh-Hant': ['語言'],
    ja: ['言語'],
    ko: ['언어'],
    ru: ['язык'],
    ar: ['لغة', 'اللغة'],
  },
  stop: {
    en: ['stop', 'unsubscribe', 'stopall'],
    'zh-Hans': ['退订', '停止'],
    'zh-Hant': ['退訂'],
    ja: ['配信停止', '停止'],
    ko: ['수신거부', '중지'],
    ru: ['стоп', 'отписаться'],
    ar: ['إيقاف', 'ايقاف', 'توقف', 'الغاء'],
  },
  start: {
    en: ['start', 'subscribe', 'unstop'],
    'zh-Hans': ['订阅', '开始'],
    'zh-Hant': ['訂閱', '開始'],
    ja: ['配信再開', '再開'],
    ko: ['수신', '수신동의'],
    ru: ['старт', 'подписаться'],
    ar: ['تفعيل', 'اشتراك', 'بدء'],
  },
};

/** What people write after LANG: codes and the languages' own names. */
const LANGUAGE_NAMES: Record<SmsLanguage, readonly string[]> = {
  'zh-Hans': ['zh', 'zh-hans', 'zh-cn', 'cn', 'chs', 'sc', '中文', '简体', '简体中文', '普通话'],
  'zh-Hant': ['zh-hant', 'zh-tw', 'zh-hk', 'tw', 'hk', 'cht', 'tc', '繁體', '繁體中文', '繁体', '廣東話', '粵語'],
  en: ['en', 'eng', 'english'],
  ja: ['ja', 'jp', 'jpn', '日本語', 'にほんご'],
  ko: ['ko', 'kr', 'kor', '한국어', '한국말'],
  ru: ['ru', 'rus', 'русский', 'рус'],
  ar: ['ar', 'ara', 'arabic', 'العربية', 'عربي', 'عربى'],
};

const ARABIC_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;

interface Entry {
  readonly word: string;
  readonly command: SmsCommand;
  readonly language: SmsLanguage;
}

/** Longest first, so that "balance" wins over "bal" and "查余额" over "查询". */
const ENTRIES: readonly Entry[] = Object.entries(WORDS)
  .flatMap(([command, byLanguage]) =>
    Object.entries(byLanguage).flatMap(([language, words]) => words.map((word) => ({ word: normalizeSmsText(word), command: command as SmsCommand, language: language as SmsLanguage }))),
  )
  .sort((a, b) => b.word.length - a.word.length);

/** NFKC, lower case, 0-9 for Arabic-Indic digits, one space between words, no edge punctuation. */
export function normalizeSmsText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(ARABIC_DIGITS, (d) => String((d.codePointAt(0)! - 0x0660) % 0x90))
    .toLowerCase()
    .replace(/[\u200b-\u200f\u061c\u2066-\u2069\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.,!。、！،:;]+|[.,!。、！،]+$/g, '')
    .trim();
}

/** Latin, Cyrillic, Arabic and Hangul words end at a word boundary; Chinese and Japanese ones need not. */
function endsWord(word: string, rest: string): boolean {
  if (!/^\p{L}/u.test(rest)) return true;
  return !/[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Hangul}]$/u.test(word);
}

export function languageFromName(text: string): SmsLanguage | undefined {
  const name = normalizeSmsText(text).replace(/_/g, '-');
  for (const language of SMS_LANGUAGES) if (LANGUAGE_NAMES[language].includes(name)) return language;
  return undefined;
}

/** Digits of a voucher PIN, as typed with spaces or dashes; undefined when there are none. */
function pinOf(rest: string): string | undefined {
  const pin = rest.replace(/[\s-]/g, '').replace(/^[:#*]+/, '');
  return /^\d{4,32}$/.test(pin) ? pin : undefined;
}

export function parseSmsKeyword(text: string): SmsIntent {
  const normalized = normalizeSmsText(text);
  for (const { word, command, language } of ENTRIES) {
    if (!normalized.startsWith(word)) continue;
    const rest = normalized.slice(word.length);
    if (!endsWord(word, rest)) continue;
    const argument = rest.replace(/^[\s,.:;!#*-]+/, '').trim();
    if (command === 'topup') return { command, pin: pinOf(argument), language };
    if (command === 'lang') return { command, target: languageFromName(argument), language };
    return { command, language };
  }
  return { command: 'unknown' };
}

/** The keyword the help page shows for a command in a language: its first word there, else the English one. */
export function keywordFor(command: SmsCommand, language: SmsLanguage): string {
  return WORDS[command][language]?.[0] ?? WORDS[command].en![0]!;
}
