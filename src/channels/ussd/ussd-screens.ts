/**
 * The USSD screens, pure: data in, the text of one screen out. A screen is `CON` (the menu waits
 * for a choice) or `END` (the session closes). Every screen fits USSD_SCREEN_MAX characters, the
 * prefix included; `fit` is the last guard (it cuts whole lines and never a message mid-line).
 */
import type { BucketView, WalletView } from '../../services/query-balances.js';
import type { UsageRecordView } from '../../services/query-usage.js';
import { displayBytes, displayDay, displayDayTime, displayDuration, displayMoney } from './display.js';
import { LANGUAGE_NAMES, USSD_LANGUAGES, USSD_TEXTS, type TopUpFailure, type UssdLanguage } from './ussd-texts.js';

export const USSD_SCREEN_MAX = 182;
/** Buckets listed on the data screen; more are counted ("+2 more"). */
const MAX_BUCKETS_SHOWN = 4;

export interface Screen { readonly text: string; readonly end: boolean }

const con = (text: string): Screen => ({ text, end: false });
const end = (text: string): Screen => ({ text, end: true });

/** The gateway's reply body: `CON text` or `END text`, cut at whole lines to the maximum. */
export function replyBody(screen: Screen): string {
  const prefix = screen.end ? 'END ' : 'CON ';
  const lines = screen.text.split('\n');
  while (lines.length > 1 && prefix.length + lines.join('\n').length > USSD_SCREEN_MAX) lines.pop();
  return (prefix + lines.join('\n')).slice(0, USSD_SCREEN_MAX);
}

export function menuScreen(lang: UssdLanguage, invalid = false): Screen {
  const t = USSD_TEXTS[lang];
  return con(invalid ? `${t.invalid}\n${t.menu}` : t.menu);
}

export function languageScreen(lang: UssdLanguage, invalid = false): Screen {
  const t = USSD_TEXTS[lang];
  const list = USSD_LANGUAGES.map((l, i) => `${i + 1} ${LANGUAGE_NAMES[l]}`).join('\n');
  return con(`${invalid ? `${t.invalid}\n` : ''}${t.languageTitle}\n${list}\n0 ${t.back}`);
}

export const askVoucherScreen = (lang: UssdLanguage): Screen => con(USSD_TEXTS[lang].askVoucher);
export const askPinScreen = (lang: UssdLanguage): Screen => con(USSD_TEXTS[lang].askPin);
export const byeScreen = (lang: UssdLanguage): Screen => end(USSD_TEXTS[lang].bye);
export const failedScreen = (lang: UssdLanguage): Screen => end(USSD_TEXTS[lang].failed);
export const unknownNumberScreen = (lang: UssdLanguage): Screen => end(USSD_TEXTS[lang].unknown);
export const languageSavedScreen = (lang: UssdLanguage): Screen => end(USSD_TEXTS[lang].languageSaved);
export const pinScreen = (lang: UssdLanguage, saved: boolean): Screen => end(saved ? USSD_TEXTS[lang].pinSaved : USSD_TEXTS[lang].pinInvalid);

export function balanceScreen(lang: UssdLanguage, wallet: WalletView, asOf: number, timeZone: string): Screen {
  return end(USSD_TEXTS[lang].balance(displayMoney(wallet.balanceMinor, wallet.currency, lang), displayDayTime(asOf, lang, timeZone)));
}

/** Data buckets that can still be used: started and running, or bought and not started yet. */
export function dataScreen(lang: UssdLanguage, buckets: readonly BucketView[], timeZone: string): Screen {
  const t = USSD_TEXTS[lang];
  const usable = buckets.filter((b) => b.kind === 'data' && b.remaining > 0n && (b.status === 'active' || b.status === 'not_started'));
  if (usable.length === 0) return end(t.noData);
  const lines = usable.slice(0, MAX_BUCKETS_SHOWN).map((b) => {
    const amount = displayBytes(b.remaining, lang);
    return b.status === 'active' && b.validTo !== null ? t.dataUntil(amount, displayDay(b.validTo - 1, lang, timeZone)) : t.dataNotStarted(amount);
  });
  if (usable.length > MAX_BUCKETS_SHOWN) lines.push(t.more(usable.length - MAX_BUCKETS_SHOWN));
  return end([t.dataTitle, ...lines].join('\n'));
}

function quantity(lang: UssdLanguage, r: UsageRecordView): string {
  if (r.kind === 'data') return displayBytes(r.quantity, lang);
  if (r.kind === 'voice') return displayDuration(r.quantity);
  return String(r.quantity);
}

/** Newest first; a record shows its charge only when the wallet paid part of it. */
export function recordsScreen(lang: UssdLanguage, records: readonly UsageRecordView[], currency: string, timeZone: string): Screen {
  const t = USSD_TEXTS[lang];
  if (records.length === 0) return end(t.noRecords);
  const lines = records.map((r) => [
    displayDay(r.startedAt, lang, timeZone), t.kinds[r.kind], quantity(lang, r),
    ...(r.amountMinor > 0n ? [displayMoney(r.amountMinor, currency, lang)] : []),
  ].join(' '));
  const titled = [t.recordsTitle, ...lines].join('\n');
  // Five records before a title: with the largest amounts the title goes first.
  return end('END '.length + titled.length <= USSD_SCREEN_MAX ? titled : lines.join('\n'));
}

export function topUpScreen(lang: UssdLanguage, result: { ok: true; amountMinor: bigint; currency: string } | { ok: false; code: string }): Screen {
  const t = USSD_TEXTS[lang];
  if (result.ok) return end(t.topupOk(displayMoney(result.amountMinor, result.currency, lang)));
  const code = (result.code in t.topupFailed ? result.code : 'other') as TopUpFailure;
  return end(t.topupFailed[code]);
}
