/**
 * The USSD screens, pure: data in, the text of one screen out. A screen is `CON` (the menu waits
 * for a choice) or `END` (the session closes). Every screen fits USSD_SCREEN_MAX characters, the
 * prefix included; `fit` is the last guard (it cuts whole lines and never a message mid-line).
 */
import { message, topupFailureKey, type MessageKey } from '../../messages/catalogue.js';
import { displayKit } from '../../messages/display.js';
import type { BucketView, WalletView } from '../../services/query-balances.js';
import type { UsageRecordView } from '../../services/query-usage.js';
import { LANGUAGE_NAMES, USSD_LANGUAGES, type UssdLanguage } from './ussd-texts.js';

export const USSD_SCREEN_MAX = 182;
/** Buckets listed on the data screen; more are counted ("+2 more"). */
const MAX_BUCKETS_SHOWN = 4;

export interface Screen {
  readonly text: string;
  readonly end: boolean;
}

const con = (text: string): Screen => ({ text, end: false });
const end = (text: string): Screen => ({ text, end: true });
const say = (lang: UssdLanguage, key: MessageKey) => message(lang, key);

/** The gateway's reply body: `CON text` or `END text`, cut at whole lines to the maximum. */
export function replyBody(screen: Screen): string {
  const prefix = screen.end ? 'END ' : 'CON ';
  const lines = screen.text.split('\n');
  while (lines.length > 1 && prefix.length + lines.join('\n').length > USSD_SCREEN_MAX) lines.pop();
  return (prefix + lines.join('\n')).slice(0, USSD_SCREEN_MAX);
}

export function menuScreen(lang: UssdLanguage, invalid = false): Screen {
  return con(invalid ? `${say(lang, 'ussd.invalid')}\n${say(lang, 'ussd.menu')}` : say(lang, 'ussd.menu'));
}

export function languageScreen(lang: UssdLanguage, invalid = false): Screen {
  const list = USSD_LANGUAGES.map((l, i) => `${i + 1} ${LANGUAGE_NAMES[l]}`).join('\n');
  return con(`${invalid ? `${say(lang, 'ussd.invalid')}\n` : ''}${say(lang, 'ussd.languageTitle')}\n${list}\n0 ${say(lang, 'ussd.back')}`);
}

export const askVoucherScreen = (lang: UssdLanguage): Screen => con(say(lang, 'ussd.askVoucher'));
export const askPinScreen = (lang: UssdLanguage): Screen => con(say(lang, 'ussd.askPin'));
export const byeScreen = (lang: UssdLanguage): Screen => end(say(lang, 'ussd.bye'));
export const failedScreen = (lang: UssdLanguage): Screen => end(say(lang, 'ussd.failed'));
export const unknownNumberScreen = (lang: UssdLanguage): Screen => end(say(lang, 'ussd.unknown'));
export const languageSavedScreen = (lang: UssdLanguage): Screen => end(say(lang, 'ussd.languageSaved'));
export const pinScreen = (lang: UssdLanguage, saved: boolean): Screen => end(say(lang, saved ? 'ussd.pinSaved' : 'ussd.pinInvalid'));

export function balanceScreen(lang: UssdLanguage, wallet: WalletView, asOf: number, timeZone: string): Screen {
  const kit = displayKit(lang);
  return end(message(lang, 'ussd.balance', { money: kit.money(wallet.balanceMinor, wallet.currency), at: kit.shortDateTime(asOf, timeZone) }));
}

/** Data buckets that can still be used: started and running, or bought and not started yet. */
export function dataScreen(lang: UssdLanguage, buckets: readonly BucketView[], timeZone: string): Screen {
  const kit = displayKit(lang);
  const usable = buckets.filter((b) => b.kind === 'data' && b.remaining > 0n && (b.status === 'active' || b.status === 'not_started'));
  if (usable.length === 0) return end(say(lang, 'ussd.noData'));
  const lines = usable.slice(0, MAX_BUCKETS_SHOWN).map((b) => {
    const amount = kit.bytes(b.remaining);
    return b.status === 'active' && b.validTo !== null ? message(lang, 'ussd.dataUntil', { amount, until: kit.shortDate(b.validTo - 1, timeZone) }) : message(lang, 'ussd.dataNotStarted', { amount });
  });
  if (usable.length > MAX_BUCKETS_SHOWN) lines.push(message(lang, 'ussd.more', { count: usable.length - MAX_BUCKETS_SHOWN }));
  return end([say(lang, 'ussd.dataTitle'), ...lines].join('\n'));
}

function quantity(lang: UssdLanguage, r: UsageRecordView): string {
  const kit = displayKit(lang);
  if (r.kind === 'data') return kit.bytes(r.quantity);
  if (r.kind === 'voice') return kit.clock(r.quantity);
  return kit.number(r.quantity);
}

/** Newest first; a record shows its charge only when the wallet paid part of it. */
export function recordsScreen(lang: UssdLanguage, records: readonly UsageRecordView[], currency: string, timeZone: string): Screen {
  const kit = displayKit(lang);
  if (records.length === 0) return end(say(lang, 'ussd.noRecords'));
  const lines = records.map((r) =>
    [kit.shortDate(r.startedAt, timeZone), message(lang, 'kind.record', { kind: r.kind }), quantity(lang, r), ...(r.amountMinor > 0n ? [kit.money(r.amountMinor, currency)] : [])].join(' '),
  );
  const titled = [say(lang, 'ussd.recordsTitle'), ...lines].join('\n');
  // Five records before a title: with the largest amounts the title goes first.
  return end('END '.length + titled.length <= USSD_SCREEN_MAX ? titled : lines.join('\n'));
}

export function topUpScreen(lang: UssdLanguage, result: { ok: true; amountMinor: bigint; currency: string } | { ok: false; code: string }): Screen {
  if (result.ok) return end(message(lang, 'ussd.topupOk', { money: displayKit(lang).money(result.amountMinor, result.currency) }));
  return end(say(lang, topupFailureKey(result.code)));
}
