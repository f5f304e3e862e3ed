import { describe, expect, it } from 'vitest';
import { concatUdh, decodeGsm7, decodeUcs2, encodeGsm7, encodeUcs2, encodingOf, splitSms, unitLength } from '../src/channels/sms/segments.js';
import { renderSmsReply } from '../src/channels/sms/messages/render.js';
import { SMS_LANGUAGES, type SmsLanguage } from '../src/services/sms-keywords/keywords.js';
import type { SmsOutcome } from '../src/services/sms-keywords/answer-sms.js';

describe('GSM-7 / UCS-2 segments', () => {
  it('detects the encoding; extension characters count twice', () => {
    expect(encodingOf('Balance HK$1.00 @ 10:00')).toBe('gsm7');
    expect(encodingOf('€5 [x]')).toBe('gsm7');
    expect(unitLength('€5 [x]')).toBe(9);
    expect(encodingOf('余额')).toBe('ucs2');
    expect(encodingOf('Баланс')).toBe('ucs2');
    expect(encodingOf('₩1,000')).toBe('ucs2');
  });

  it('sends 160 septets / 70 UCS-2 units as one message, more as 153 / 67 per part', () => {
    expect(splitSms('a'.repeat(160)).parts).toHaveLength(1);
    const gsm = splitSms('a'.repeat(161));
    expect(gsm.parts.map((p) => p.length)).toEqual([153, 8]);
    expect(splitSms('a'.repeat(306)).parts).toHaveLength(2);
    expect(splitSms('a'.repeat(307)).parts).toHaveLength(3);
    expect(splitSms('余'.repeat(70)).parts).toHaveLength(1);
    const ucs = splitSms('余'.repeat(71));
    expect(ucs.encoding).toBe('ucs2');
    expect(ucs.parts.map((p) => p.length)).toEqual([67, 4]);
    expect(splitSms('余'.repeat(134)).parts).toHaveLength(2);
  });

  it('never splits an escape pair or a surrogate pair', () => {
    const euros = splitSms('a' + '€'.repeat(80));
    expect(euros.parts.every((p) => unitLength(p, 'gsm7') <= 153)).toBe(true);
    expect(euros.parts.join('')).toBe('a' + '€'.repeat(80));
    const emoji = splitSms('x' + '😀'.repeat(40));
    expect(emoji.parts.every((p) => p.length <= 67 && !/[\ud800-\udbff]$/.test(p))).toBe(true);
    expect(emoji.parts.join('')).toBe('x' + '😀'.repeat(40));
  });

  it('encodes GSM-7 septets and UCS-2 big-endian, and builds the concatenation header', () => {
    expect([...encodeGsm7('@A€')]).toEqual([0x00, 0x41, 0x1b, 0x65]);
    expect(decodeGsm7(encodeGsm7('Hi {x} £5 €'))).toBe('Hi {x} £5 €');
    expect([...encodeUcs2('余')]).toEqual([0x4f, 0x59]);
    expect(decodeUcs2(encodeUcs2('Баланс 😀'))).toBe('Баланс 😀');
    expect([...concatUdh(300, 3, 2)]).toEqual([5, 0, 3, 44, 3, 2]);
  });
});

/** The largest realistic wallets per currency (about USD 10,000 of credit or debt). */
const MAX_WALLETS: Record<string, bigint> = {
  HKD: -9_999_999n,
  JPY: -9_999_999n,
  KRW: -99_999_999n,
  RUB: -99_999_999n,
  OMR: -9_999_999n,
  CNY: -9_999_999n,
};
const CURRENCY_OF: Record<SmsLanguage, string[]> = {
  'zh-Hans': ['CNY', 'HKD'],
  'zh-Hant': ['HKD'],
  en: ['HKD', 'KRW', 'RUB', 'OMR', 'JPY'],
  ja: ['JPY'],
  ko: ['KRW'],
  ru: ['RUB'],
  ar: ['OMR'],
};
const GIB = 1_073_741_824n;
const ZONES: Record<SmsLanguage, string> = {
  'zh-Hans': 'Asia/Shanghai',
  'zh-Hant': 'Asia/Hong_Kong',
  en: 'Asia/Hong_Kong',
  ja: 'Asia/Tokyo',
  ko: 'Asia/Seoul',
  ru: 'Europe/Moscow',
  ar: 'Asia/Muscat',
};

describe('BALANCE reply with the largest realistic numbers', () => {
  for (const language of SMS_LANGUAGES) {
    for (const currency of CURRENCY_OF[language]) {
      it(`fits one segment in ${language} (${currency}, 100 GB, valid to 31 Dec 23:59)`, () => {
        const outcome: SmsOutcome = {
          kind: 'balance',
          language,
          timeZone: ZONES[language],
          wallet: { minor: MAX_WALLETS[currency]!, currency },
          data: { bytes: 100n * GIB, validTo: Date.UTC(2026, 11, 31, 14, 59) },
          voiceSeconds: null,
          sms: null,
        };
        const text = renderSmsReply(outcome);
        const segments = splitSms(text);
        expect(segments.parts, `${text} (${segments.encoding}, ${segments.units})`).toHaveLength(1);
        if (language === 'en') expect(segments.encoding).toBe('gsm7');
        console.log(`${language} ${currency} ${segments.encoding} ${segments.units}: ${text}`);
      });
    }
  }
});
