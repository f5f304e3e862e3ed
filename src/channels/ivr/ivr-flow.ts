/**
 * The hotline as TwiML steps. A prompt step (voice, login, main) asks and, when nothing is keyed,
 * asks again up to three times; an action step takes the keyed Digits and makes at most one
 * service call. The call's state (language, who is calling, failures) is kept by CallSid.
 */
import { readLineFreshness } from '../../services/line-freshness.js';
import { shortZoneName } from '../sms/messages/numbers-texts.js';
import { createHash } from 'node:crypto';
import type { AgentTarget } from '../../config/ivr-agent.js';
import { message, topupFailureKey, type MessageKey, type MessageValues } from '../../messages/catalogue.js';
import { displayKit } from '../../messages/display.js';
import { isLanguage, type Language } from '../../messages/languages.js';
import type { BucketView } from '../../services/query-balances.js';
import { getAccountBalances, getLineBalance } from '../../services/query-balances.js';
import { findLineByMsisdn } from '../../services/find-line-by-msisdn.js';
import { redeemVoucherPin } from '../../services/redeem-voucher-pin.js';
import { listUsageRecords } from '../../services/query-usage.js';
import { verifyAccountPin } from '../../services/verify-account-pin.js';
import { normalizeVoucherPin } from '../../services/vouchers.js';
import type { AppDeps } from '../http/env.js';
import { IVR_LANGUAGE_ORDER, IVR_VOICE } from './ivr-texts.js';
import { dial, dialNumber, dialSip, gather, hangup, redirect, response, say } from './twiml.js';

export const IVR_BASE = '/channels/ivr';
export const IVR_STEPS = ['voice', 'language', 'login', 'account', 'pin', 'main', 'menu', 'topup'] as const;
export type IvrStep = (typeof IVR_STEPS)[number];
const url = (step: IvrStep) => `${IVR_BASE}/${step}`;

const MAX_PROMPTS = 3;
const MAX_FAILURES = 3;
/** Records read out by option 4, newest first. */
const RECORDS_READ = 3;

export interface CallState {
  caller: string;
  lang?: Language;
  accountId?: string;
  /** Set when the caller's own number is the line: balance and data are that line's. */
  iccid?: string;
  timeZone?: string;
  accountNumber?: string;
  prompts: number;
  pinFailures: number;
  voucherFailures: number;
}

export interface StepInput {
  deps: AppDeps;
  callSid: string;
  digits: string;
  state: CallState;
  agent: AgentTarget | undefined;
}
export interface StepOutput {
  twiml: string;
  state: CallState;
}

const langOf = (state: CallState): Language => state.lang ?? 'en';
const T = (state: CallState, key: MessageKey, values?: MessageValues) => message(langOf(state), key, values);
const speak = (state: CallState, text: string) => say(IVR_VOICE[langOf(state)], text);
const goodbye = (state: CallState, ...before: string[]): string => response(...before, speak(state, T(state, 'ivr.goodbye')), hangup());

/** Repeats a prompt step at most MAX_PROMPTS times in a row, then ends the call. */
function prompt(state: CallState, build: (s: CallState) => string): StepOutput {
  const next = { ...state, prompts: state.prompts + 1 };
  return { state: next, twiml: next.prompts > MAX_PROMPTS ? goodbye(next) : build(next) };
}

export function newCall(caller: string): CallState {
  return { caller, prompts: 0, pinFailures: 0, voucherFailures: 0 };
}

/** Each language offered in itself: "For English, press 1. 普通话请按2。 ..." */
async function voice({ deps, state }: StepInput): Promise<StepOutput> {
  let known = state;
  if (state.prompts === 0) {
    const found = await findLineByMsisdn(deps.store, state.caller);
    if (found.ok) known = { ...state, accountId: found.line.accountId, iccid: found.line.iccid, timeZone: found.line.timeZone };
  }
  return prompt(known, () =>
    response(gather({ action: url('language'), numDigits: 1, timeout: 6 }, ...IVR_LANGUAGE_ORDER.map((l) => say(IVR_VOICE[l], message(l, 'ivr.choose')))), redirect(url('voice'))),
  );
}

function language({ state, digits }: StepInput): StepOutput {
  const lang = IVR_LANGUAGE_ORDER[Number(digits) - 1];
  if (!/^[1-7]$/.test(digits) || lang === undefined) return { state, twiml: response(speak(state, T(state, 'ivr.invalid')), redirect(url('voice'))) };
  const next = { ...state, lang, prompts: 0 };
  return next.accountId === undefined ? login({ state: next }) : main({ state: next });
}

function login({ state }: Pick<StepInput, 'state'>): StepOutput {
  return prompt(state, (s) => response(gather({ action: url('account'), finishOnKey: '#', timeout: 10 }, speak(s, T(s, 'ivr.askAccount'))), redirect(url('login'))));
}

function account({ state, digits }: StepInput): StepOutput {
  if (!/^\d{1,20}$/.test(digits)) return login({ state });
  const next = { ...state, accountNumber: digits, prompts: 0 };
  return { state: next, twiml: response(gather({ action: url('pin'), finishOnKey: '#', timeout: 10 }, speak(next, T(next, 'ivr.askPin'))), redirect(url('login'))) };
}

async function pin({ deps, state, digits }: StepInput): Promise<StepOutput> {
  if (state.accountNumber === undefined) return login({ state });
  const r = await verifyAccountPin(deps.store, { accountNumber: state.accountNumber, pin: digits, caller: state.caller }, deps.now());
  if (r.ok) {
    const lang = state.lang ?? (isLanguage(r.language) ? r.language : 'en');
    return main({ state: { ...state, lang, accountId: r.accountId, timeZone: r.timeZone, accountNumber: undefined, prompts: 0 } });
  }
  const next = { ...state, pinFailures: state.pinFailures + 1, accountNumber: undefined };
  if (r.code === 'too_many_requests' || next.pinFailures >= MAX_FAILURES) return { state: next, twiml: goodbye(next, speak(next, T(next, 'ivr.locked'))) };
  return { state: next, twiml: response(speak(next, T(next, 'ivr.badPin')), redirect(url('login'))) };
}

function main({ state }: Pick<StepInput, 'state'>): StepOutput {
  if (state.accountId === undefined) return { state, twiml: response(redirect(url('voice'))) };
  return prompt(state, (s) => response(gather({ action: url('menu'), numDigits: 1, timeout: 8 }, speak(s, T(s, 'ivr.menu'))), redirect(url('main'))));
}

/** What the hotline says about data left (exported for the one-rounding test across channels). */
export function dataSentences(state: CallState, buckets: readonly BucketView[]): string[] {
  const kit = displayKit(langOf(state));
  const usable = buckets.filter((b) => b.kind === 'data' && b.remaining > 0n && (b.status === 'active' || b.status === 'not_started'));
  if (usable.length === 0) return [T(state, 'ivr.noData')];
  return usable.map((b) =>
    b.status === 'active' && b.validTo !== null
      ? T(state, 'ivr.dataUntil', { amount: kit.spokenBytes(b.remaining), until: kit.date(b.validTo - 1, state.timeZone ?? 'UTC') })
      : T(state, 'ivr.dataNotStarted', { amount: kit.spokenBytes(b.remaining) }),
  );
}

/** "Usage is counted up to …" (the latest usage rated on these lines, the zone named); none before any usage. */
async function countedToSentence(deps: AppDeps, state: CallState, iccids: readonly string[]): Promise<string[]> {
  const latest = Math.max(...[...(await readLineFreshness(deps.store.db, iccids)).values()].map((f) => f.usageToMs ?? -1));
  if (latest < 0) return [];
  const zone = state.timeZone ?? 'UTC';
  return [T(state, 'ivr.countedTo', { time: `${displayKit(langOf(state)).dateTime(latest, zone)} ${shortZoneName(zone, latest)}` })];
}

async function balances(deps: AppDeps, state: CallState) {
  const nowMs = deps.now();
  if (state.iccid !== undefined) {
    const r = await getLineBalance(deps.store, state.iccid, nowMs);
    return r.ok ? { wallet: r.wallet, buckets: r.buckets, iccids: [state.iccid] } : undefined;
  }
  const r = await getAccountBalances(deps.store, state.accountId!, nowMs);
  return r.ok ? { wallet: r.wallet, buckets: r.esims.flatMap((e) => e.buckets), iccids: r.esims.map((e) => e.iccid) } : undefined;
}

/** The last few records, newest first, each with what it cost or that the plan covered it. */
async function recordSentences(deps: AppDeps, state: CallState): Promise<string[]> {
  const r = await listUsageRecords(deps.store, { accountId: state.accountId!, ...(state.iccid ? { iccid: state.iccid } : {}), limit: RECORDS_READ });
  const b = await balances(deps, state);
  if (!r.ok || b === undefined) return [T(state, 'ivr.failed')];
  if (r.records.length === 0) return [T(state, 'ivr.noRecords')];
  const kit = displayKit(langOf(state));
  const zone = state.timeZone ?? 'UTC';
  return [
    T(state, 'ivr.recordsIntro', { count: r.records.length }),
    ...r.records.map((rec) =>
      T(state, 'ivr.record', {
        date: kit.date(rec.startedAt, zone),
        what: T(state, 'record.usage', { kind: rec.kind, direction: rec.direction }),
        quantity: rec.kind === 'data' ? kit.spokenBytes(rec.quantity) : rec.kind === 'voice' ? kit.duration(rec.quantity) : kit.messages(rec.quantity),
        charged: rec.amountMinor > 0n ? kit.spokenMoney(rec.amountMinor, b.wallet.currency) : 'none',
      }),
    ),
  ];
}

/** Option 0: an agent, told who is calling (a SIP header, or a whisper on a phone number's leg). */
function transfer(state: CallState, agent: AgentTarget | undefined): StepOutput {
  if (agent === undefined) return { state, twiml: response(speak(state, T(state, 'ivr.noAgent')), redirect(url('main'))) };
  const who = new URLSearchParams({ lang: langOf(state), ...(state.accountId ? { account: state.accountId } : {}) });
  const sipWho = new URLSearchParams({ 'X-Simledger-Language': langOf(state), ...(state.accountId ? { 'X-Simledger-Account': state.accountId } : {}) });
  const noun = agent.kind === 'sip' ? dialSip(`${agent.uri}?${sipWho}`) : dialNumber(agent.number, { url: `${IVR_BASE}/whisper?${who}` });
  return { state, twiml: goodbye(state, speak(state, T(state, 'ivr.transfer')), dial({ timeout: 30 }, noun)) };
}

async function menu({ deps, state, digits, agent }: StepInput): Promise<StepOutput> {
  if (state.accountId === undefined) return main({ state });
  const next = { ...state, prompts: 0 };
  const kit = displayKit(langOf(next));
  const answer = (sentences: string[]) => ({ state: next, twiml: response(...sentences.map((s) => speak(next, s)), redirect(url('main'))) });
  if (digits === '1' || digits === '2') {
    const b = await balances(deps, next);
    if (b === undefined) return answer([T(next, 'ivr.failed')]);
    const counted = await countedToSentence(deps, next, b.iccids);
    return answer([...(digits === '1' ? [T(next, 'ivr.balance', { money: kit.spokenMoney(b.wallet.balanceMinor, b.wallet.currency) })] : dataSentences(next, b.buckets)), ...counted]);
  }
  if (digits === '3') {
    return { state: next, twiml: response(gather({ action: url('topup'), numDigits: 16, finishOnKey: '#', timeout: 15 }, speak(next, T(next, 'ivr.askVoucher'))), redirect(url('main'))) };
  }
  if (digits === '4') return answer(await recordSentences(deps, next));
  if (digits === '9') return main({ state: next });
  if (digits === '0') return transfer(next, agent);
  return answer([T(next, 'ivr.invalid')]);
}

async function topup({ deps, state, digits, callSid }: StepInput): Promise<StepOutput> {
  if (state.accountId === undefined) return main({ state });
  const voucherPin = normalizeVoucherPin(digits);
  // One id per call and PIN: Twilio retrying the same request is answered, not credited twice.
  const id = `ivr:${callSid}:${createHash('sha256').update(voucherPin).digest('base64url').slice(0, 16)}`;
  const r = await redeemVoucherPin(deps.store, { id, accountId: state.accountId, pin: voucherPin, origin: `ivr:${state.caller}` }, deps.now());
  if (r.ok) {
    const money = displayKit(langOf(state)).spokenMoney(r.topup.amountMinor, r.topup.currency);
    return { state, twiml: response(speak(state, T(state, 'ivr.topupOk', { money })), redirect(url('main'))) };
  }
  const next = { ...state, voucherFailures: state.voucherFailures + 1 };
  const failure = T(next, topupFailureKey(r.code));
  if (next.voucherFailures >= MAX_FAILURES) return { state: next, twiml: goodbye(next, speak(next, failure)) };
  return { state: next, twiml: response(speak(next, failure), redirect(url('main'))) };
}

export const IVR_STEP_HANDLERS: Record<IvrStep, (input: StepInput) => StepOutput | Promise<StepOutput>> = {
  voice,
  language,
  login,
  account,
  pin,
  main,
  menu,
  topup,
};
