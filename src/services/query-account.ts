/**
 * A subscriber's own view of its account: profile, eSIMs, activation codes, line balances and the
 * plans it can buy. Every read is scoped to the account: another account's eSIM answers
 * `unknown_esim`, exactly like one that does not exist.
 */
import { planName } from '../domain/catalog.js';
import { toBigInt } from '../domain/money.js';
import type { Db, Store } from '../store/open-store.js';
import { getLineBalance, type BucketView, type WalletView } from './query-balances.js';

export interface AccountView {
  id: string;
  name: string;
  phone: string | null;
  language: string;
  timeZone: string;
  currency: string;
}

export interface EsimPlanView {
  planId: string;
  name: string;
  lastPurchasedAt: number;
}

export interface EsimView {
  iccid: string;
  imsi: string;
  msisdn: string | null;
  eid: string | null;
  state: string;
  hasActivationCode: boolean;
  /** Plans bought for this line, newest purchase first, named in the account's language. */
  plans: EsimPlanView[];
}

export interface PlanOffer {
  id: string;
  name: string;
  currency: string;
  priceMinor: bigint;
  validityDays: number;
  validityStarts: string;
  coverage: string[];
  allowances: { dataBytes?: bigint; voiceSeconds?: bigint; sms?: bigint };
}

export type Found<T, Code extends string> = { ok: true; value: T } | { ok: false; code: Code };

export async function accountOf(db: Db, accountId: string): Promise<AccountView | undefined> {
  const a = await db.selectFrom('accounts').select(['id', 'name', 'login_phone', 'language', 'time_zone', 'currency']).where('id', '=', accountId).executeTakeFirst();
  return a && { id: a.id, name: a.name, phone: a.login_phone, language: a.language, timeZone: a.time_zone, currency: a.currency };
}

export async function getAccount(store: Store, accountId: string): Promise<Found<AccountView, 'unknown_account'>> {
  const account = await accountOf(store.db, accountId);
  return account ? { ok: true, value: account } : { ok: false, code: 'unknown_account' };
}

/** True when the eSIM exists and belongs to the account. */
export async function ownsEsim(db: Db, accountId: string, iccid: string): Promise<boolean> {
  const row = await db.selectFrom('esims').select('iccid').where('iccid', '=', iccid).where('account_id', '=', accountId).executeTakeFirst();
  return row !== undefined;
}

function names(json: string): Record<string, string> {
  return JSON.parse(json) as Record<string, string>;
}

async function linesOf(db: Db, accountId: string, iccid?: string): Promise<EsimView[]> {
  const account = await accountOf(db, accountId);
  if (!account) return [];
  let query = db.selectFrom('esims').select(['iccid', 'imsi', 'msisdn', 'eid', 'state', 'activation_code']).where('account_id', '=', accountId);
  if (iccid !== undefined) query = query.where('iccid', '=', iccid);
  const lines = await query.orderBy('iccid').execute();
  if (lines.length === 0) return [];
  const bought = await db
    .selectFrom('purchases')
    .innerJoin('plans', 'plans.id', 'purchases.plan_id')
    .select(['purchases.iccid', 'purchases.plan_id', 'purchases.at', 'plans.names'])
    .where(
      'purchases.iccid',
      'in',
      lines.map((l) => l.iccid),
    )
    .orderBy('purchases.at', 'desc')
    .orderBy('purchases.id', 'desc')
    .execute();
  return lines.map((l) => {
    const plans = new Map<string, EsimPlanView>();
    for (const p of bought) {
      if (p.iccid !== l.iccid || plans.has(p.plan_id)) continue;
      plans.set(p.plan_id, { planId: p.plan_id, name: planName({ id: p.plan_id, name: names(p.names) }, account.language), lastPurchasedAt: Number(p.at) });
    }
    return { iccid: l.iccid, imsi: l.imsi, msisdn: l.msisdn, eid: l.eid, state: l.state, hasActivationCode: l.activation_code !== null, plans: [...plans.values()] };
  });
}

export function listEsims(store: Store, accountId: string): Promise<EsimView[]> {
  return linesOf(store.db, accountId);
}

export async function getEsim(store: Store, accountId: string, iccid: string): Promise<Found<EsimView, 'unknown_esim'>> {
  const [line] = await linesOf(store.db, accountId, iccid);
  return line ? { ok: true, value: line } : { ok: false, code: 'unknown_esim' };
}

export async function getActivationCode(store: Store, accountId: string, iccid: string): Promise<Found<string, 'unknown_esim' | 'no_activation_code'>> {
  const row = await store.db.selectFrom('esims').select('activation_code').where('iccid', '=', iccid).where('account_id', '=', accountId).executeTakeFirst();
  if (!row) return { ok: false, code: 'unknown_esim' };
  return row.activation_code === null ? { ok: false, code: 'no_activation_code' } : { ok: true, value: row.activation_code };
}

export interface OwnedLineBalance {
  iccid: string;
  wallet: WalletView;
  buckets: BucketView[];
  asOf: number;
}

/** One of the account's lines' wallet and buckets; another account's line is `unknown_esim`. */
export async function getOwnLineBalance(store: Store, accountId: string, iccid: string, nowMs: number): Promise<Found<OwnedLineBalance, 'unknown_esim'>> {
  const line = await getLineBalance(store, iccid, nowMs);
  if (!line.ok || line.accountId !== accountId) return { ok: false, code: 'unknown_esim' };
  return { ok: true, value: { iccid: line.iccid, wallet: line.wallet, buckets: line.buckets, asOf: line.asOf } };
}

/** Plans in the account's currency (the only ones its wallet can pay), named in its language. */
export async function listPlanOffers(store: Store, accountId: string): Promise<Found<PlanOffer[], 'unknown_account'>> {
  const account = await accountOf(store.db, accountId);
  if (!account) return { ok: false, code: 'unknown_account' };
  const rows = await store.db.selectFrom('plans').selectAll().where('currency', '=', account.currency).orderBy('price_minor').orderBy('id').execute();
  return {
    ok: true,
    value: rows.map((p) => {
      const allowances = JSON.parse(p.allowances) as Record<string, string>;
      return {
        id: p.id,
        name: planName({ id: p.id, name: names(p.names) }, account.language),
        currency: p.currency,
        priceMinor: toBigInt(p.price_minor),
        validityDays: Number(p.validity_days),
        validityStarts: p.validity_starts,
        coverage: JSON.parse(p.coverage) as string[],
        allowances: Object.fromEntries(Object.entries(allowances).map(([k, v]) => [k, BigInt(v)])),
      };
    }),
  };
}
