/**
 * The *100# menu as a state machine: one choice in, one screen out, at most one service call.
 * The session state names the screen that waits for a choice and the line the gateway vouched for.
 */
import { createHash } from 'node:crypto';
import type { LineOfNumber } from '../../services/find-line-by-msisdn.js';
import { getLineBalance } from '../../services/query-balances.js';
import { lineDataForecast } from '../../services/account-outlook.js';
import { cachedLineOutlook } from '../../services/outlook-cache.js';
import { numbersLines } from '../sms/messages/numbers-texts.js';
import { displayKit } from '../../messages/display.js';
import { listUsageRecords } from '../../services/query-usage.js';
import { setIvrPin } from '../../services/set-ivr-pin.js';
import { redeemVoucherPin } from '../../services/redeem-voucher-pin.js';
import { updateAccountSettings } from '../../services/update-account-settings.js';
import { normalizeVoucherPin } from '../../services/vouchers.js';
import type { AppDeps } from '../http/env.js';
import {
  askPinScreen,
  askVoucherScreen,
  balanceScreen,
  byeScreen,
  dataScreen,
  failedScreen,
  languageSavedScreen,
  languageScreen,
  menuScreen,
  pinScreen,
  recordsScreen,
  topUpScreen,
  type Screen,
} from './ussd-screens.js';
import { isUssdLanguage, USSD_LANGUAGES, type UssdLanguage } from './ussd-texts.js';

export type UssdStep = 'main' | 'voucher' | 'language' | 'pin';

export interface UssdState {
  readonly line: LineOfNumber;
  readonly step: UssdStep;
  /** How many `*`-separated choices of the gateway's `text` have been answered. */
  readonly consumed: number;
}

export interface Turn {
  readonly screen: Screen;
  readonly state: UssdState;
}

export function languageOf(line: LineOfNumber): UssdLanguage {
  return isUssdLanguage(line.language) ? line.language : 'en';
}

/** The screen a step shows before its choice arrives (a fresh session, a repeated request). */
export function promptOf(state: UssdState): Screen {
  const lang = languageOf(state.line);
  if (state.step === 'voucher') return askVoucherScreen(lang);
  if (state.step === 'language') return languageScreen(lang);
  if (state.step === 'pin') return askPinScreen(lang);
  return menuScreen(lang);
}

/** A screen with how far usage is counted and when data runs out (the lines replyBody drops first when too long). */
async function withNumbers(deps: AppDeps, line: LineOfNumber, screen: Screen): Promise<Screen> {
  const o = await cachedLineOutlook(deps.store, line.accountId, line.iccid, deps.now());
  if (!o) return screen;
  const lines = numbersLines({ usageToMs: o.esim.freshness.usageToMs, forecast: lineDataForecast(o.esim), overCap: o.esim.payg.overCap }, line.timeZone, languageOf(line), (ms) =>
    displayKit(languageOf(line)).shortDateTime(ms, line.timeZone),
  );
  return { ...screen, text: [screen.text, ...lines].join('\n') };
}

const MAIN: Record<string, (deps: AppDeps, state: UssdState) => Promise<Turn> | Turn> = {
  '1': async (deps, state) => {
    const r = await getLineBalance(deps.store, state.line.iccid, deps.now());
    const screen = r.ok ? balanceScreen(languageOf(state.line), r.wallet, r.asOf, state.line.timeZone) : failedScreen(languageOf(state.line));
    return { state, screen: r.ok ? await withNumbers(deps, state.line, screen) : screen };
  },
  '2': async (deps, state) => {
    const r = await getLineBalance(deps.store, state.line.iccid, deps.now());
    const screen = r.ok ? dataScreen(languageOf(state.line), r.buckets, state.line.timeZone) : failedScreen(languageOf(state.line));
    return { state, screen: r.ok ? await withNumbers(deps, state.line, screen) : screen };
  },
  '3': async (deps, state) => {
    const r = await listUsageRecords(deps.store, { accountId: state.line.accountId, iccid: state.line.iccid, limit: 5 });
    const lang = languageOf(state.line);
    return { state, screen: r.ok ? recordsScreen(lang, r.records, state.line.currency, state.line.timeZone) : failedScreen(lang) };
  },
  '4': (_deps, state) => ({ state: { ...state, step: 'voucher' }, screen: askVoucherScreen(languageOf(state.line)) }),
  '5': (_deps, state) => ({ state: { ...state, step: 'language' }, screen: languageScreen(languageOf(state.line)) }),
  '6': (_deps, state) => ({ state: { ...state, step: 'pin' }, screen: askPinScreen(languageOf(state.line)) }),
  '0': (_deps, state) => ({ state, screen: byeScreen(languageOf(state.line)) }),
};

async function topUp(deps: AppDeps, state: UssdState, sessionId: string, input: string): Promise<Turn> {
  const pin = normalizeVoucherPin(input);
  // One id per session and PIN: a gateway retry is answered, not credited twice.
  const id = `ussd:${sessionId}:${createHash('sha256').update(pin).digest('base64url').slice(0, 16)}`;
  const r = await redeemVoucherPin(deps.store, { id, accountId: state.line.accountId, pin, origin: `ussd:${state.line.msisdn}` }, deps.now());
  const result = r.ok ? { ok: true as const, amountMinor: r.topup.amountMinor, currency: r.topup.currency } : r;
  return { state, screen: topUpScreen(languageOf(state.line), result) };
}

async function chooseLanguage(deps: AppDeps, state: UssdState, input: string): Promise<Turn> {
  if (input === '0') return { state: { ...state, step: 'main' }, screen: menuScreen(languageOf(state.line)) };
  const language = USSD_LANGUAGES[Number(input) - 1];
  if (!/^[1-7]$/.test(input) || language === undefined) return { state, screen: languageScreen(languageOf(state.line), true) };
  const r = await updateAccountSettings(deps.store, state.line.accountId, { language });
  if (!r.ok) return { state, screen: failedScreen(languageOf(state.line)) };
  return { state: { ...state, line: { ...state.line, language } }, screen: languageSavedScreen(language) };
}

/** Answers one choice of the step the session waits at. */
export async function answerChoice(deps: AppDeps, state: UssdState, sessionId: string, input: string): Promise<Turn> {
  const lang = languageOf(state.line);
  switch (state.step) {
    case 'main': {
      const handler = MAIN[input.trim()];
      return handler ? handler(deps, state) : { state, screen: menuScreen(lang, true) };
    }
    case 'voucher':
      return topUp(deps, state, sessionId, input);
    case 'language':
      return chooseLanguage(deps, state, input.trim());
    case 'pin': {
      const r = await setIvrPin(deps.store, state.line.accountId, input.trim(), deps.now());
      return { state, screen: r.ok || r.code === 'invalid_pin' ? pinScreen(lang, r.ok) : failedScreen(lang) };
    }
  }
}
