/**
 * The SMS keyword service: who sent it (the MSISDN the gateway vouches for) -> which keyword ->
 * one service call -> an outcome the channel renders in the line's language. A sender that is not
 * an eSIM line gets help and no data.
 */
import { createHash } from 'node:crypto';
import { normalizeMsisdn } from '../../domain/identifiers.js';
import type { UsageKind } from '../../domain/units.js';
import type { Store } from '../../store/open-store.js';
import { listPlanOffers } from '../query-account.js';
import { getLineBalance } from '../query-balances.js';
import { lineDataForecast } from '../account-outlook.js';
import { cachedLineOutlook } from '../outlook-cache.js';
import type { Forecast } from '../../domain/forecast.js';
import { monthBounds, summarizeUsage } from '../query-usage.js';
import { redeemVoucherForAccount } from '../subscriber-actions.js';
import { parseSmsKeyword, SMS_LANGUAGES, type SmsLanguage } from './keywords.js';
import { setSmsPreference, smsPreferencesOf } from './sms-preferences.js';

export interface SmsLine {
  readonly msisdn: string;
  readonly iccid: string;
  readonly accountId: string;
  readonly language: SmsLanguage;
  readonly timeZone: string;
  readonly currency: string;
}

/** How fresh the figures are and when data runs out at this pace (see account-outlook.ts). */
export interface LineNumbers {
  readonly usageToMs: number | null;
  readonly forecast: Forecast | undefined;
  readonly overCap: boolean;
}

async function lineNumbers(store: Store, line: SmsLine, nowMs: number): Promise<LineNumbers | undefined> {
  const o = await cachedLineOutlook(store, line.accountId, line.iccid, nowMs);
  return o && { usageToMs: o.esim.freshness.usageToMs, forecast: lineDataForecast(o.esim), overCap: o.esim.payg.overCap };
}

export interface Amount {
  readonly minor: bigint;
  readonly currency: string;
}
export interface DataLeft {
  readonly bytes: bigint;
  readonly validTo: number | null;
}
export interface PlanLine {
  readonly name: string;
  readonly price: Amount;
  readonly dataBytes: bigint | null;
  readonly validityDays: number;
}

export type SmsBody =
  | { readonly kind: 'help' | 'unknown_sender' | 'alerts_stopped' | 'alerts_started' | 'topup_missing_pin' | 'lang_invalid' }
  | { readonly kind: 'lang_set' }
  | { readonly kind: 'balance'; readonly wallet: Amount; readonly data: DataLeft | null; readonly voiceSeconds: bigint | null; readonly sms: bigint | null; readonly numbers?: LineNumbers }
  | { readonly kind: 'usage'; readonly month: string; readonly totals: Readonly<Record<UsageKind, bigint>>; readonly charged: Amount; readonly numbers?: LineNumbers }
  | { readonly kind: 'topup_done'; readonly credited: Amount; readonly wallet: Amount }
  /** The same line sent a PIN it has already redeemed: what it credited then, and when. */
  | { readonly kind: 'topup_used_before'; readonly credited: Amount; readonly wallet: Amount; readonly at: number }
  | { readonly kind: 'topup_failed'; readonly code: string }
  | { readonly kind: 'plans'; readonly plans: readonly PlanLine[] };

/** What to reply, in which language and time zone. */
export type SmsOutcome = SmsBody & { readonly language: SmsLanguage; readonly timeZone: string };

const DEFAULT_LANGUAGE: SmsLanguage = 'en';
const PLANS_SHOWN = 4;

/** Gateways send "+85291234567", "85291234567" or "0085291234567". */
export function msisdnOfSender(from: string): string | undefined {
  const digits = from.trim().replace(/^00/, '+');
  return normalizeMsisdn(digits) ?? (/^\d{8,15}$/.test(digits) ? normalizeMsisdn(`+${digits}`) : undefined);
}

function asLanguage(s: string | null | undefined): SmsLanguage | undefined {
  return SMS_LANGUAGES.find((l) => l === s) ?? SMS_LANGUAGES.find((l) => l.split('-')[0] === s?.split('-')[0]);
}

export async function findSmsLine(store: Store, msisdn: string): Promise<SmsLine | undefined> {
  const row = await store.db
    .selectFrom('esims')
    .innerJoin('accounts', 'accounts.id', 'esims.account_id')
    .select(['esims.iccid', 'esims.account_id', 'accounts.language', 'accounts.time_zone', 'accounts.currency'])
    .where('esims.msisdn', '=', msisdn)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const prefs = await smsPreferencesOf(store.db, msisdn);
  return {
    msisdn,
    iccid: row.iccid,
    accountId: row.account_id,
    timeZone: row.time_zone,
    currency: row.currency,
    language: prefs.language ?? asLanguage(row.language) ?? DEFAULT_LANGUAGE,
  };
}

export async function answerSms(store: Store, req: { from: string; text: string; nowMs: number }): Promise<SmsOutcome> {
  const intent = parseSmsKeyword(req.text);
  const msisdn = msisdnOfSender(req.from);
  const line = msisdn === undefined ? undefined : await findSmsLine(store, msisdn);
  if (line === undefined) {
    const language = intent.command === 'unknown' ? DEFAULT_LANGUAGE : (intent.language ?? DEFAULT_LANGUAGE);
    return { kind: 'unknown_sender', language, timeZone: 'UTC' };
  }
  const reply = (body: SmsBody, language: SmsLanguage = line.language): SmsOutcome => ({ ...body, language, timeZone: line.timeZone });
  switch (intent.command) {
    case 'balance':
      return reply(await balanceOf(store, line, req.nowMs));
    case 'usage':
      return reply(await usageOf(store, line, req.nowMs));
    case 'topup':
      return reply(await topUpBy(store, line, intent.pin, req.nowMs));
    case 'plans':
      return reply(await plansOf(store, line));
    case 'lang':
      if (intent.target === undefined) return reply({ kind: 'lang_invalid' });
      await setSmsPreference(store, line.msisdn, { language: intent.target }, req.nowMs);
      return reply({ kind: 'lang_set' }, intent.target);
    case 'stop':
    case 'start':
      await setSmsPreference(store, line.msisdn, { alertsOptOut: intent.command === 'stop' }, req.nowMs);
      return reply({ kind: intent.command === 'stop' ? 'alerts_stopped' : 'alerts_started' });
    default:
      return reply({ kind: 'help' });
  }
}

function sumRemaining(buckets: readonly { kind: string; remaining: bigint; status: string }[], kind: UsageKind): bigint | null {
  const usable = buckets.filter((b) => b.kind === kind && (b.status === 'active' || b.status === 'not_started'));
  return usable.length === 0 ? null : usable.reduce((sum, b) => sum + b.remaining, 0n);
}

async function balanceOf(store: Store, line: SmsLine, nowMs: number): Promise<SmsBody> {
  const found = await getLineBalance(store, line.iccid, nowMs);
  if (!found.ok) return { kind: 'help' };
  const dataBytes = sumRemaining(found.buckets, 'data');
  const validTos = found.buckets.filter((b) => b.kind === 'data' && b.status === 'active' && b.validTo !== null).map((b) => b.validTo!);
  return {
    kind: 'balance',
    wallet: { minor: found.wallet.balanceMinor, currency: found.wallet.currency },
    data: dataBytes === null ? null : { bytes: dataBytes, validTo: validTos.length === 0 ? null : Math.min(...validTos) },
    voiceSeconds: sumRemaining(found.buckets, 'voice'),
    sms: sumRemaining(found.buckets, 'sms'),
    numbers: await lineNumbers(store, line, nowMs),
  };
}

function localYearMonth(nowMs: number, timeZone: string): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(nowMs);
  return { year: Number(parts.find((p) => p.type === 'year')?.value), month: Number(parts.find((p) => p.type === 'month')?.value) };
}

async function usageOf(store: Store, line: SmsLine, nowMs: number): Promise<SmsBody> {
  const { year, month } = localYearMonth(nowMs, line.timeZone);
  const { fromMs } = monthBounds(year, month, line.timeZone);
  const summary = await summarizeUsage(store, {
    accountId: line.accountId,
    iccid: line.iccid,
    from: fromMs,
    to: Math.max(nowMs, fromMs + 1),
    timeZone: line.timeZone,
    granularity: 'month',
  });
  const totals: Record<UsageKind, bigint> = { data: 0n, voice: 0n, sms: 0n };
  let charged = 0n;
  for (const row of summary.ok ? summary.rows : []) {
    totals[row.kind] += row.quantity;
    charged += row.amountMinor;
  }
  return {
    kind: 'usage',
    month: `${year}-${String(month).padStart(2, '0')}`,
    totals,
    charged: { minor: charged, currency: line.currency },
    numbers: await lineNumbers(store, line, nowMs),
  };
}

async function topUpBy(store: Store, line: SmsLine, pin: string | undefined, nowMs: number): Promise<SmsBody> {
  if (pin === undefined) return { kind: 'topup_missing_pin' };
  // The gateway may deliver the same SMS twice: the same line and PIN is the same top-up.
  const id = `sms-${createHash('sha256').update(`${line.msisdn}\n${pin}`).digest('hex').slice(0, 32)}`;
  const result = await redeemVoucherForAccount(store, { id, accountId: line.accountId, pin, origin: `sms:${line.msisdn}` }, nowMs);
  if (!result.ok) return { kind: 'topup_failed', code: result.code };
  const credited = { minor: result.value.amountMinor, currency: result.value.currency };
  const wallet = { minor: result.wallet.balanceMinor, currency: result.wallet.currency };
  // A repeat (resent, or delivered twice) is answered as such: it credited nothing now.
  return result.duplicate ? { kind: 'topup_used_before', credited, wallet, at: result.value.at } : { kind: 'topup_done', credited, wallet };
}

async function plansOf(store: Store, line: SmsLine): Promise<SmsBody> {
  const found = await listPlanOffers(store, line.accountId);
  const offers = found.ok ? found.value : [];
  return {
    kind: 'plans',
    plans: offers.slice(0, PLANS_SHOWN).map((p) => ({
      name: p.name,
      price: { minor: p.priceMinor, currency: p.currency },
      dataBytes: p.allowances.dataBytes ?? null,
      validityDays: p.validityDays,
    })),
  };
}
