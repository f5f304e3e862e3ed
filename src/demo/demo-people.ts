/**
 * The demo's subscribers: residents of and travellers from Hong Kong, Japan, Korea, Russia and Oman,
 * each with their lines, top-up, plans and trips. Days count from the start of the demo month.
 */
import type { DemoLanguage, HomeCurrency } from './demo-catalog.js';
import type { Rng } from './prng.js';

export type Market = 'HK' | 'JP' | 'KR' | 'RU' | 'OM';
export type LineRole = 'phone' | 'tablet' | 'travel';

export interface MarketInfo {
  readonly currency: HomeCurrency;
  readonly timeZone: string;
  /** The host network: IMSIs start with it and home usage happens on it. */
  readonly homeNetwork: string;
  /** Two digits of the ICCID after the issuer prefix. */
  readonly iccidBlock: string;
  /** A candidate mobile number in E.164 (checked with libphonenumber by the caller). */
  readonly mobile: (rng: Rng) => string;
  /** How top-ups are paid in the market (prefix of the payment reference). */
  readonly payment: string;
}

export const MARKETS: Readonly<Record<Market, MarketInfo>> = {
  HK: { currency: 'HKD', timeZone: 'Asia/Hong_Kong', homeNetwork: '45400', iccidBlock: '01', payment: 'FPS', mobile: (r) => `+852${r.pick(['5', '6', '9'])}${r.digits(7)}` },
  JP: { currency: 'JPY', timeZone: 'Asia/Tokyo', homeNetwork: '44010', iccidBlock: '02', payment: 'PAYPAY', mobile: (r) => `+81${r.pick(['70', '80', '90'])}${r.digits(8)}` },
  KR: { currency: 'KRW', timeZone: 'Asia/Seoul', homeNetwork: '45005', iccidBlock: '03', payment: 'KAKAOPAY', mobile: (r) => `+8210${r.pick(['2', '3', '4', '5', '6', '7', '8', '9'])}${r.digits(7)}` },
  RU: { currency: 'RUB', timeZone: 'Europe/Moscow', homeNetwork: '25001', iccidBlock: '04', payment: 'SBP', mobile: (r) => `+79${r.pick(['10', '15', '16', '85'])}${r.digits(7)}` },
  OM: { currency: 'OMR', timeZone: 'Asia/Muscat', homeNetwork: '42202', iccidBlock: '05', payment: 'CARD', mobile: (r) => `+968${r.pick(['71', '72', '90', '92', '93', '99'])}${r.digits(6)}` },
};

export interface TripSpec {
  readonly country: string;
  /** Visited networks (MCC-MNC), the first one preferred. */
  readonly networks: readonly string[];
  /** First day abroad and the day back home (exclusive). */
  readonly fromDay: number;
  readonly toDay: number;
  /** Which line carries data abroad: the phone itself or a separate travel eSIM. */
  readonly dataOn: 'phone' | 'travel';
  /** When set, data sessions abroad add up to about this much (to use up a plan, or run up a debt). */
  readonly dataTargetMiB?: number;
}

export interface TravelPurchase {
  readonly plan: string;
  readonly line: LineRole;
  readonly day: number;
  readonly paidFrom: 'wallet' | 'external';
}

export interface Profile {
  readonly id: string;
  readonly market: Market;
  readonly name: string;
  readonly language: DemoLanguage;
  /** Demo login: password and a memorable phone (the phone line's MSISDN); others get generated numbers. */
  readonly password?: string;
  readonly phone?: string;
  readonly lines: readonly LineRole[];
  /** Top-up at the start of the month, minor units. */
  readonly topupMinor: number;
  /** Day of the month the home plan renews; the previous cycle was paid externally. */
  readonly cycleDay: number;
  readonly homePaidFrom: 'wallet' | 'external';
  readonly travel: readonly TravelPurchase[];
  readonly trips: readonly TripSpec[];
  /** Mean events per day on the phone line at home. */
  readonly perDay: { readonly data: number; readonly calls: number; readonly sms: number };
}

const NORMAL = { data: 4, calls: 1.6, sms: 1 };
const LIGHT = { data: 2.5, calls: 1, sms: 0.6 };
const HEAVY = { data: 6, calls: 2.2, sms: 1.4 };

export const PROFILES: readonly Profile[] = [
  // Hong Kong
  {
    id: 'hk-chan',
    market: 'HK',
    name: '陳大文',
    language: 'zh-Hant',
    password: 'demo-hk-1234',
    phone: '+85291234567',
    lines: ['phone', 'tablet', 'travel'],
    topupMinor: 50_000,
    cycleDay: 6,
    homePaidFrom: 'wallet',
    perDay: NORMAL,
    travel: [{ plan: 'jp-5gb-7d', line: 'travel', day: 7, paidFrom: 'wallet' }],
    trips: [{ country: 'JP', networks: ['44010', '44020'], fromDay: 9, toDay: 14, dataOn: 'travel' }],
  },
  {
    id: 'hk-wilson',
    market: 'HK',
    name: 'James Wilson',
    language: 'en',
    password: 'demo-hk-en-1234',
    phone: '+85261234567',
    lines: ['phone'],
    topupMinor: 40_000,
    cycleDay: 12,
    homePaidFrom: 'external',
    perDay: HEAVY,
    travel: [{ plan: 'kr-3gb-5d', line: 'phone', day: 15, paidFrom: 'wallet' }],
    trips: [{ country: 'KR', networks: ['45005', '45008'], fromDay: 17, toDay: 21, dataOn: 'phone', dataTargetMiB: 3_300 }],
  },
  {
    id: 'hk-lee',
    market: 'HK',
    name: '李嘉欣',
    language: 'zh-Hant',
    lines: ['phone', 'travel'],
    topupMinor: 20_000,
    cycleDay: 20,
    homePaidFrom: 'wallet',
    perDay: NORMAL,
    travel: [
      { plan: 'asia-10gb-15d', line: 'travel', day: 2, paidFrom: 'external' },
      { plan: 'gulf-2gb-7d', line: 'travel', day: 28, paidFrom: 'external' },
    ],
    trips: [{ country: 'TW', networks: ['46692', '46697'], fromDay: 4, toDay: 8, dataOn: 'travel' }],
  },
  {
    id: 'hk-cheung',
    market: 'HK',
    name: '张伟',
    language: 'zh-Hans',
    password: 'demo-hk-zh-1234',
    phone: '+85251234567',
    lines: ['phone'],
    topupMinor: 30_000,
    cycleDay: 3,
    homePaidFrom: 'wallet',
    perDay: NORMAL,
    travel: [{ plan: 'cn-1gb-3d', line: 'phone', day: 11, paidFrom: 'wallet' }],
    trips: [
      { country: 'CN', networks: ['46000', '46001'], fromDay: 12, toDay: 14, dataOn: 'phone' },
      { country: 'CN', networks: ['46000'], fromDay: 24, toDay: 25, dataOn: 'phone' },
    ],
  },
  // Japan
  {
    id: 'jp-yamada',
    market: 'JP',
    name: '山田太郎',
    language: 'ja',
    password: 'demo-jp-1234',
    phone: '+819012345678',
    lines: ['phone', 'tablet'],
    topupMinor: 10_000,
    cycleDay: 10,
    homePaidFrom: 'wallet',
    perDay: NORMAL,
    travel: [{ plan: 'kr-3gb-5d', line: 'phone', day: 4, paidFrom: 'wallet' }],
    trips: [{ country: 'KR', networks: ['45005', '45006'], fromDay: 5, toDay: 9, dataOn: 'phone' }],
  },
  {
    id: 'jp-sato',
    market: 'JP',
    name: '佐藤花子',
    language: 'ja',
    lines: ['phone'],
    topupMinor: 8_000,
    cycleDay: 15,
    homePaidFrom: 'external',
    perDay: LIGHT,
    travel: [{ plan: 'asia-10gb-15d', line: 'phone', day: 16, paidFrom: 'external' }],
    trips: [
      { country: 'HK', networks: ['45400', '45406'], fromDay: 18, toDay: 21, dataOn: 'phone' },
      { country: 'MO', networks: ['45501'], fromDay: 21, toDay: 23, dataOn: 'phone' },
    ],
  },
  {
    id: 'jp-suzuki',
    market: 'JP',
    name: '鈴木一郎',
    language: 'ja',
    lines: ['phone'],
    topupMinor: 10_000,
    cycleDay: 25,
    homePaidFrom: 'wallet',
    perDay: NORMAL,
    travel: [{ plan: 'ru-5gb-30d', line: 'phone', day: 27, paidFrom: 'wallet' }],
    trips: [],
  },
  {
    id: 'jp-wang',
    market: 'JP',
    name: '王芳',
    language: 'zh-Hans',
    lines: ['phone'],
    topupMinor: 8_000,
    cycleDay: 1,
    homePaidFrom: 'external',
    perDay: NORMAL,
    travel: [{ plan: 'cn-1gb-3d', line: 'phone', day: 19, paidFrom: 'wallet' }],
    trips: [{ country: 'CN', networks: ['46000', '46001'], fromDay: 20, toDay: 23, dataOn: 'phone' }],
  },
  // Korea
  {
    id: 'kr-kim',
    market: 'KR',
    name: '김민준',
    language: 'ko',
    password: 'demo-kr-1234',
    phone: '+821012345678',
    lines: ['phone', 'travel'],
    topupMinor: 100_000,
    cycleDay: 8,
    homePaidFrom: 'wallet',
    perDay: HEAVY,
    travel: [{ plan: 'jp-5gb-7d', line: 'travel', day: 10, paidFrom: 'wallet' }],
    trips: [{ country: 'JP', networks: ['44010', '44020'], fromDay: 12, toDay: 17, dataOn: 'travel' }],
  },
  {
    id: 'kr-lee',
    market: 'KR',
    name: '이서연',
    language: 'ko',
    lines: ['phone'],
    topupMinor: 150_000,
    cycleDay: 14,
    homePaidFrom: 'external',
    perDay: NORMAL,
    travel: [{ plan: 'gulf-2gb-7d', line: 'phone', day: 19, paidFrom: 'wallet' }],
    trips: [
      { country: 'AE', networks: ['42402', '42403'], fromDay: 20, toDay: 25, dataOn: 'phone' },
      { country: 'QA', networks: ['42701'], fromDay: 25, toDay: 26, dataOn: 'phone' },
    ],
  },
  { id: 'kr-park', market: 'KR', name: '박지훈', language: 'ko', lines: ['phone', 'tablet'], topupMinor: 50_000, cycleDay: 22, homePaidFrom: 'wallet', perDay: NORMAL, travel: [], trips: [] },
  // Russia
  {
    id: 'ru-petrov',
    market: 'RU',
    name: 'Иван Петров',
    language: 'ru',
    password: 'demo-ru-1234',
    phone: '+79161234567',
    lines: ['phone'],
    topupMinor: 500_000,
    cycleDay: 5,
    homePaidFrom: 'wallet',
    perDay: NORMAL,
    travel: [{ plan: 'asia-10gb-15d', line: 'phone', day: 2, paidFrom: 'wallet' }],
    trips: [{ country: 'TH', networks: ['52001', '52004'], fromDay: 3, toDay: 13, dataOn: 'phone' }],
  },
  {
    id: 'ru-smirnova',
    market: 'RU',
    name: 'Анна Смирнова',
    language: 'ru',
    lines: ['phone', 'travel'],
    topupMinor: 200_000,
    cycleDay: 18,
    homePaidFrom: 'external',
    perDay: NORMAL,
    travel: [{ plan: 'cn-1gb-3d', line: 'travel', day: 7, paidFrom: 'wallet' }],
    trips: [{ country: 'CN', networks: ['46000', '46001'], fromDay: 8, toDay: 11, dataOn: 'travel' }],
  },
  // No plan abroad and a small top-up: roaming in Kazakhstan runs the wallet into a small debt.
  {
    id: 'ru-kozlov',
    market: 'RU',
    name: 'Дмитрий Козлов',
    language: 'ru',
    lines: ['phone'],
    topupMinor: 50_000,
    cycleDay: 12,
    homePaidFrom: 'external',
    perDay: LIGHT,
    travel: [],
    trips: [{ country: 'KZ', networks: ['40101', '40102'], fromDay: 22, toDay: 24, dataOn: 'phone', dataTargetMiB: 110 }],
  },
  // Oman
  {
    id: 'om-balushi',
    market: 'OM',
    name: 'سالم البلوشي',
    language: 'ar',
    password: 'demo-om-1234',
    phone: '+96891234567',
    lines: ['phone', 'tablet'],
    topupMinor: 30_000,
    cycleDay: 9,
    homePaidFrom: 'wallet',
    perDay: NORMAL,
    travel: [{ plan: 'gulf-2gb-7d', line: 'phone', day: 13, paidFrom: 'wallet' }],
    trips: [{ country: 'AE', networks: ['42402', '42403'], fromDay: 14, toDay: 18, dataOn: 'phone' }],
  },
  {
    id: 'om-harthi',
    market: 'OM',
    name: 'فاطمة الحارثي',
    language: 'ar',
    lines: ['phone'],
    topupMinor: 10_000,
    cycleDay: 2,
    homePaidFrom: 'external',
    perDay: LIGHT,
    travel: [{ plan: 'gulf-2gb-7d', line: 'phone', day: 4, paidFrom: 'external' }],
    trips: [{ country: 'SA', networks: ['42001', '42003'], fromDay: 5, toDay: 11, dataOn: 'phone' }],
  },
  {
    id: 'om-menon',
    market: 'OM',
    name: 'Rahul Menon',
    language: 'en',
    password: 'demo-om-en-1234',
    phone: '+96899123456',
    lines: ['phone'],
    topupMinor: 30_000,
    cycleDay: 16,
    homePaidFrom: 'wallet',
    perDay: NORMAL,
    travel: [],
    trips: [{ country: 'QA', networks: ['42701', '42702'], fromDay: 26, toDay: 28, dataOn: 'phone', dataTargetMiB: 35 }],
  },
];

export interface DemoLogin {
  readonly accountId: string;
  readonly name: string;
  readonly phone: string;
  readonly password: string;
  readonly language: DemoLanguage;
}

/** Phone + password logins of the demo (portal, app); every other account logs in by SMS code. */
export const DEMO_LOGINS: readonly DemoLogin[] = PROFILES.flatMap((p) =>
  p.password !== undefined && p.phone !== undefined ? [{ accountId: p.id, name: p.name, phone: p.phone, password: p.password, language: p.language }] : [],
);
