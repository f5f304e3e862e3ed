/**
 * The demo catalog: one pay-as-you-go tariff per home currency and travel and home plans priced in
 * every home currency, with names in all seven languages of the product.
 */
export const DEMO_LANGUAGES = ['zh-Hans', 'zh-Hant', 'en', 'ja', 'ko', 'ru', 'ar'] as const;
export type DemoLanguage = (typeof DEMO_LANGUAGES)[number];
export type Localized = Record<DemoLanguage, string>;

export type HomeCurrency = 'HKD' | 'JPY' | 'KRW' | 'RUB' | 'OMR';
export const HOME_CURRENCIES: readonly HomeCurrency[] = ['HKD', 'JPY', 'KRW', 'RUB', 'OMR'];

export interface DemoRates {
  dataPerMiBMinor: number;
  voiceOutPerMinMinor: number;
  voiceInPerMinMinor: number;
  smsOutMinor: number;
}
export interface DemoTariff {
  id: string;
  currency: HomeCurrency;
  rates: Record<string, DemoRates>;
}
export interface DemoPlan {
  id: string;
  name: Localized;
  currency: HomeCurrency;
  priceMinor: number;
  validityDays: number;
  validityStarts: 'purchase' | 'first_use';
  coverage: string[];
  allowances: { dataBytes?: number; voiceSeconds?: number; sms?: number };
}

const GIB = 1024 ** 3;

/** Rates as [data per MiB, voice out per min, voice in per min, SMS out], minor units. */
type RateRow = readonly [number, number, number, number];
const rates = ([d, vo, vi, s]: RateRow): DemoRates => ({ dataPerMiBMinor: d, voiceOutPerMinMinor: vo, voiceInPerMinMinor: vi, smsOutMinor: s });

interface TariffSpec {
  home: string;
  homeRates: RateRow;
  partners: readonly string[];
  partnerRates: RateRow;
  other: RateRow;
}

/** Home is cheap and incoming calls free; partner networks at a roaming rate; `*` for the rest of the world. */
const TARIFFS: Record<HomeCurrency, TariffSpec> = {
  // HK$0.10/MiB at home, HK$0.50/MiB with partners, HK$1.50 elsewhere.
  HKD: { home: 'HK', homeRates: [10, 25, 0, 30], partners: ['MO', 'CN', 'JP', 'KR', 'TW', 'SG'], partnerRates: [50, 300, 200, 250], other: [150, 800, 500, 300] },
  // ¥2/MiB at home (¥22 per 30 s calls), ¥20/MiB with partners.
  JPY: { home: 'JP', homeRates: [2, 44, 0, 3], partners: ['KR', 'HK', 'MO', 'TW', 'CN'], partnerRates: [20, 140, 100, 100], other: [50, 250, 180, 150] },
  // ₩22/MiB at home (1.8 ₩/s voice), ₩300/MiB with partners.
  KRW: { home: 'KR', homeRates: [22, 108, 0, 22], partners: ['JP', 'HK', 'CN', 'TW', 'AE'], partnerRates: [300, 1500, 900, 150], other: [1000, 2500, 1800, 300] },
  // ₽1.00/MiB at home, ₽5.00/MiB with partners.
  RUB: { home: 'RU', homeRates: [100, 250, 0, 250], partners: ['KZ', 'GE', 'TR', 'AE', 'CN', 'TH'], partnerRates: [500, 2500, 1500, 1000], other: [1500, 4900, 3900, 1900] },
  // OMR 0.010/MiB at home, OMR 0.200/MiB in the GCC.
  OMR: { home: 'OM', homeRates: [10, 35, 0, 15], partners: ['AE', 'SA', 'QA'], partnerRates: [200, 350, 250, 150], other: [500, 900, 600, 250] },
};

export function tariffId(currency: HomeCurrency): string {
  return `payg-${currency.toLowerCase()}`;
}

export function buildTariffs(): DemoTariff[] {
  return HOME_CURRENCIES.map((currency) => {
    const t = TARIFFS[currency];
    const table: Record<string, DemoRates> = { [t.home]: rates(t.homeRates) };
    for (const p of t.partners) table[p] = rates(t.partnerRates);
    table['*'] = rates(t.other);
    return { id: tariffId(currency), currency, rates: table };
  });
}

const PLACES = {
  HK: { 'zh-Hans': '香港', 'zh-Hant': '香港', en: 'Hong Kong', ja: '香港', ko: '홍콩', ru: 'Гонконг', ar: 'هونغ كونغ' },
  JP: { 'zh-Hans': '日本', 'zh-Hant': '日本', en: 'Japan', ja: '日本', ko: '일본', ru: 'Япония', ar: 'اليابان' },
  KR: { 'zh-Hans': '韩国', 'zh-Hant': '韓國', en: 'Korea', ja: '韓国', ko: '한국', ru: 'Южная Корея', ar: 'كوريا الجنوبية' },
  RU: { 'zh-Hans': '俄罗斯', 'zh-Hant': '俄羅斯', en: 'Russia', ja: 'ロシア', ko: '러시아', ru: 'Россия', ar: 'روسيا' },
  OM: { 'zh-Hans': '阿曼', 'zh-Hant': '阿曼', en: 'Oman', ja: 'オマーン', ko: '오만', ru: 'Оман', ar: 'عُمان' },
  CN: { 'zh-Hans': '中国内地', 'zh-Hant': '中國內地', en: 'Mainland China', ja: '中国本土', ko: '중국 본토', ru: 'Китай', ar: 'الصين' },
  ASIA: { 'zh-Hans': '亚洲', 'zh-Hant': '亞洲', en: 'Asia', ja: 'アジア', ko: '아시아', ru: 'Азия', ar: 'آسيا' },
  GULF: { 'zh-Hans': '海湾国家', 'zh-Hant': '海灣國家', en: 'Gulf', ja: '湾岸諸国', ko: '걸프 지역', ru: 'Страны Залива', ar: 'دول الخليج' },
} as const satisfies Record<string, Localized>;

/** "дня" / "дней" / "день" after a number. */
function ruDays(n: number): string {
  const ten = n % 10;
  const hundred = n % 100;
  if (ten === 1 && hundred !== 11) return 'день';
  if (ten >= 2 && ten <= 4 && (hundred < 12 || hundred > 14)) return 'дня';
  return 'дней';
}

/** Arabic counted noun: 3-10 plural "أيام", 11 and up singular accusative "يومًا". */
function arDays(n: number): string {
  if (n === 1) return 'يوم واحد';
  if (n === 2) return 'يومان';
  return n <= 10 ? `${n} أيام` : `${n} يومًا`;
}

function travelName(p: Localized, gb: number, days: number): Localized {
  return {
    'zh-Hans': `${p['zh-Hans']} ${gb}GB ${days}天`,
    'zh-Hant': `${p['zh-Hant']} ${gb}GB ${days}日`,
    en: `${p.en} ${gb}GB ${days} days`,
    ja: `${p.ja} ${gb}GB ${days}日間`,
    ko: `${p.ko} ${gb}GB ${days}일`,
    ru: `${p.ru} ${gb} ГБ на ${days} ${ruDays(days)}`,
    ar: `${p.ar} ${gb} جيجابايت لمدة ${arDays(days)}`,
  };
}

function homeComboName(p: Localized, gb: number, minutes: number, sms: number, days: number): Localized {
  return {
    'zh-Hans': `${p['zh-Hans']}本地 ${gb}GB + ${minutes}分钟通话 + ${sms}条短信 ${days}天`,
    'zh-Hant': `${p['zh-Hant']}本地 ${gb}GB + ${minutes}分鐘通話 + ${sms}條短訊 ${days}日`,
    en: `${p.en} Local ${gb}GB + ${minutes} min + ${sms} SMS, ${days} days`,
    ja: `${p.ja}ローカル ${gb}GB + 通話${minutes}分 + SMS ${sms}通 ${days}日間`,
    ko: `${p.ko} 로컬 ${gb}GB + 음성 ${minutes}분 + 문자 ${sms}건 ${days}일`,
    ru: `${p.ru}: ${gb} ГБ + ${minutes} мин + ${sms} SMS на ${days} ${ruDays(days)}`,
    ar: `باقة ${p.ar} المحلية ${gb} جيجابايت + ${minutes} دقيقة + ${sms} رسالة لمدة ${arDays(days)}`,
  };
}

function homeDataName(p: Localized, gb: number, days: number): Localized {
  return {
    'zh-Hans': `${p['zh-Hans']}本地数据 ${gb}GB ${days}天`,
    'zh-Hant': `${p['zh-Hant']}本地數據 ${gb}GB ${days}日`,
    en: `${p.en} Data ${gb}GB, ${days} days`,
    ja: `${p.ja}データ ${gb}GB ${days}日間`,
    ko: `${p.ko} 데이터 ${gb}GB ${days}일`,
    ru: `${p.ru}: интернет ${gb} ГБ на ${days} ${ruDays(days)}`,
    ar: `باقة بيانات ${p.ar} ${gb} جيجابايت لمدة ${arDays(days)}`,
  };
}

type Prices = Partial<Record<HomeCurrency, number>>;
interface TravelSpec {
  key: string;
  place: Localized;
  coverage: string[];
  gb: number;
  days: number;
  prices: Prices;
}

/** Travel plans start at first use; a market does not sell a plan for its own country. */
export const TRAVEL_PLANS: readonly TravelSpec[] = [
  { key: 'jp-5gb-7d', place: PLACES.JP, coverage: ['JP'], gb: 5, days: 7, prices: { HKD: 8800, KRW: 12900, RUB: 79000, OMR: 4500 } },
  { key: 'kr-3gb-5d', place: PLACES.KR, coverage: ['KR'], gb: 3, days: 5, prices: { HKD: 5800, JPY: 1200, RUB: 55000, OMR: 2900 } },
  { key: 'asia-10gb-15d', place: PLACES.ASIA, coverage: ['HK', 'MO', 'JP', 'KR', 'TW', 'SG', 'TH'], gb: 10, days: 15, prices: { HKD: 16800, JPY: 3200, KRW: 29000, RUB: 179000, OMR: 8500 } },
  { key: 'gulf-2gb-7d', place: PLACES.GULF, coverage: ['OM', 'AE', 'SA', 'QA'], gb: 2, days: 7, prices: { HKD: 9800, JPY: 1900, KRW: 17000, RUB: 99000, OMR: 3000 } },
  { key: 'ru-5gb-30d', place: PLACES.RU, coverage: ['RU'], gb: 5, days: 30, prices: { HKD: 12800, JPY: 2400, KRW: 22000, OMR: 6000 } },
  { key: 'cn-1gb-3d', place: PLACES.CN, coverage: ['CN'], gb: 1, days: 3, prices: { HKD: 3800, JPY: 700, KRW: 6500, RUB: 35000, OMR: 1800 } },
];

interface HomeSpec {
  country: keyof typeof PLACES;
  currency: HomeCurrency;
  combo: { gb: number; minutes: number; sms: number; price: number };
  data: { gb: number; price: number };
}

/** Monthly home plans: voice minutes, SMS and data, valid 30 days from purchase. */
const HOME_PLANS: readonly HomeSpec[] = [
  { country: 'HK', currency: 'HKD', combo: { gb: 20, minutes: 500, sms: 100, price: 9800 }, data: { gb: 10, price: 4800 } },
  { country: 'JP', currency: 'JPY', combo: { gb: 20, minutes: 60, sms: 100, price: 2980 }, data: { gb: 10, price: 1480 } },
  { country: 'KR', currency: 'KRW', combo: { gb: 15, minutes: 300, sms: 300, price: 39000 }, data: { gb: 10, price: 16500 } },
  { country: 'RU', currency: 'RUB', combo: { gb: 30, minutes: 600, sms: 100, price: 65000 }, data: { gb: 15, price: 35000 } },
  { country: 'OM', currency: 'OMR', combo: { gb: 20, minutes: 500, sms: 100, price: 9000 }, data: { gb: 10, price: 5000 } },
];

export function travelPlanId(key: string, currency: HomeCurrency): string {
  return `${key}-${currency.toLowerCase()}`;
}
export function homeComboPlanId(currency: HomeCurrency): string {
  return `home-combo-${currency.toLowerCase()}`;
}
export function homeDataPlanId(currency: HomeCurrency): string {
  return `home-data-${currency.toLowerCase()}`;
}

export function buildPlans(): DemoPlan[] {
  const plans: DemoPlan[] = [];
  for (const h of HOME_PLANS) {
    const base = { currency: h.currency, validityDays: 30, validityStarts: 'purchase' as const, coverage: [h.country] };
    plans.push({
      ...base,
      id: homeComboPlanId(h.currency),
      name: homeComboName(PLACES[h.country], h.combo.gb, h.combo.minutes, h.combo.sms, 30),
      priceMinor: h.combo.price,
      allowances: { dataBytes: h.combo.gb * GIB, voiceSeconds: h.combo.minutes * 60, sms: h.combo.sms },
    });
    plans.push({
      ...base,
      id: homeDataPlanId(h.currency),
      name: homeDataName(PLACES[h.country], h.data.gb, 30),
      priceMinor: h.data.price,
      allowances: { dataBytes: h.data.gb * GIB },
    });
  }
  for (const t of TRAVEL_PLANS) {
    for (const currency of HOME_CURRENCIES) {
      const price = t.prices[currency];
      if (price === undefined) continue;
      plans.push({
        id: travelPlanId(t.key, currency),
        name: travelName(t.place, t.gb, t.days),
        currency,
        priceMinor: price,
        validityDays: t.days,
        validityStarts: 'first_use',
        coverage: [...t.coverage],
        allowances: { dataBytes: t.gb * GIB },
      });
    }
  }
  return plans;
}
