/**
 * The freshness and run-out lines appended to a short reply (SMS BALANCE/USAGE, USSD), in the
 * seven languages: "counted to" with the zone named, when data runs out at this pace, and the
 * pay-as-you-go cap. Dates come formatted (the display kit's shortDateTime) with the zone as "GMT+8".
 */
import type { Forecast } from '../../../domain/forecast.js';
import type { SmsLanguage } from '../../../services/sms-keywords/keywords.js';
import { displayKit } from '../../../messages/display.js';

interface NumbersTexts {
  countedTo(time: string, zone: string): string;
  runsOut(date: string, end: string | null): string;
  lasts(end: string): string;
  overCap: string;
}

const TEXTS: Readonly<Record<SmsLanguage, NumbersTexts>> = {
  en: {
    countedTo: (t, z) => `Counted to ${t} ${z}.`,
    runsOut: (d, e) => `At this pace data runs out ${d}${e ? `, before plan ends ${e}` : ''}.`,
    lasts: (e) => `At this pace data lasts until plan ends ${e}.`,
    overCap: 'Over your pay-as-you-go data cap.',
  },
  'zh-Hans': {
    countedTo: (t, z) => `用量统计至${t}（${z}）。`,
    runsOut: (d, e) => `按当前用量，流量将于${d}用完${e ? `，早于套餐结束（${e}）` : ''}。`,
    lasts: (e) => `按当前用量，流量够用到套餐结束（${e}）。`,
    overCap: '已超出按量付费流量上限。',
  },
  'zh-Hant': {
    countedTo: (t, z) => `用量計算至${t}（${z}）。`,
    runsOut: (d, e) => `按目前用量，數據將於${d}用完${e ? `，早於計劃結束（${e}）` : ''}。`,
    lasts: (e) => `按目前用量，數據足夠用到計劃結束（${e}）。`,
    overCap: '已超出按量付費數據上限。',
  },
  ja: {
    countedTo: (t, z) => `${t}（${z}）までの利用を反映。`,
    runsOut: (d, e) => `このペースではデータは${d}に使い切ります${e ? `（プラン終了${e}より前）` : ''}。`,
    lasts: (e) => `このペースならデータはプラン終了（${e}）まで持ちます。`,
    overCap: '従量課金のデータ上限を超えています。',
  },
  ko: {
    countedTo: (t, z) => `${t}(${z})까지 반영.`,
    runsOut: (d, e) => `이 속도라면 데이터는 ${d}에 소진${e ? `(요금제 종료 ${e} 전)` : ''}.`,
    lasts: (e) => `이 속도라면 데이터는 요금제 종료(${e})까지 충분.`,
    overCap: '종량제 데이터 한도를 초과했습니다.',
  },
  ru: {
    countedTo: (t, z) => `Учтено до ${t} ${z}.`,
    runsOut: (d, e) => `В таком темпе интернет закончится ${d}${e ? `, раньше конца пакета ${e}` : ''}.`,
    lasts: (e) => `В таком темпе интернета хватит до конца пакета ${e}.`,
    overCap: 'Превышен лимит интернета с оплатой по факту.',
  },
  ar: {
    countedTo: (t, z) => `محتسب حتى ${t} ${z}.`,
    runsOut: (d, e) => `بهذا المعدل تنفد البيانات ${d}${e ? ` قبل انتهاء الباقة ${e}` : ''}.`,
    lasts: (e) => `بهذا المعدل تكفي البيانات حتى انتهاء الباقة ${e}.`,
    overCap: 'تجاوزت حد البيانات للدفع حسب الاستخدام.',
  },
};

/** "GMT+8": the zone's offset name, the same in every language and within GSM-7. */
export function shortZoneName(timeZone: string, atMs: number): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(atMs);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

export interface NumbersLine {
  usageToMs: number | null;
  forecast: Forecast | undefined;
  overCap: boolean;
}

/** The lines to append, each a sentence; empty when there is nothing to say. `date`: the channel's own date format. */
export function numbersLines(n: NumbersLine, timeZone: string, language: SmsLanguage, date = (ms: number) => displayKit(language).shortDateTime(ms, timeZone)): string[] {
  const texts = TEXTS[language];
  const out: string[] = [];
  if (n.usageToMs !== null) out.push(texts.countedTo(date(n.usageToMs), shortZoneName(timeZone, n.usageToMs)));
  const f = n.forecast;
  if (f?.outcome === 'runs_out') out.push(texts.runsOut(date(f.atMs), f.planEndMs === null ? null : date(f.planEndMs)));
  else if (f?.outcome === 'lasts' && f.planEndMs !== null) out.push(texts.lasts(date(f.planEndMs)));
  if (n.overCap) out.push(texts.overCap);
  return out;
}

/** The alert sent once when an eSIM reaches its pay-as-you-go data cap. */
export function overCapAlert(language: SmsLanguage): string {
  return TEXTS[language].overCap;
}
