/**
 * Support look-up: an account by its id, login phone, or one of its eSIMs' ICCID, IMSI or MSISDN,
 * with its eSIMs and balances.
 */
import { normalizeMsisdn } from '../domain/identifiers.js';
import { getAccountBalances, type BucketView, type WalletView } from './query-balances.js';
import type { Store } from '../store/open-store.js';

export type SubscriberKey = { accountId: string } | { phone: string } | { msisdn: string } | { iccid: string } | { imsi: string };

export type SupportBucket = Omit<BucketView, 'validFrom' | 'validTo'> & { validFrom: string | null; validTo: string | null };

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface SubscriberView {
  account: { id: string; name: string; loginPhone: string | null; language: string; timeZone: string; currency: string; createdAt: string };
  wallet: WalletView;
  esims: { iccid: string; imsi: string; msisdn: string | null; eid: string | null; state: string; tariffId: string; buckets: SupportBucket[] }[];
  asOf: string;
}

/** `+` in a query string arrives as a space: accept the number with or without it. */
function e164(text: string): string | undefined {
  const t = text.trim();
  return normalizeMsisdn(t.startsWith('+') ? t : `+${t}`);
}

async function accountIdOf(store: Store, key: SubscriberKey): Promise<string | undefined> {
  if ('accountId' in key) return key.accountId;
  if ('phone' in key) {
    const phone = e164(key.phone);
    if (phone === undefined) return undefined;
    return (await store.db.selectFrom('accounts').select('id').where('login_phone', '=', phone).executeTakeFirst())?.id;
  }
  let q = store.db.selectFrom('esims').select('account_id');
  if ('iccid' in key) q = q.where('iccid', '=', key.iccid.trim());
  else if ('imsi' in key) q = q.where('imsi', '=', key.imsi.trim());
  else {
    const msisdn = e164(key.msisdn);
    if (msisdn === undefined) return undefined;
    q = q.where('msisdn', '=', msisdn);
  }
  return (await q.executeTakeFirst())?.account_id;
}

export async function findSubscriber(store: Store, key: SubscriberKey, nowMs: number): Promise<SubscriberView | undefined> {
  const accountId = await accountIdOf(store, key);
  if (accountId === undefined) return undefined;
  const account = await store.db.selectFrom('accounts').select(['id', 'name', 'login_phone', 'language', 'time_zone', 'currency', 'created_at']).where('id', '=', accountId).executeTakeFirst();
  if (account === undefined) return undefined;
  const balances = await getAccountBalances(store, accountId, nowMs);
  if (!balances.ok) return undefined;
  const lines = await store.db.selectFrom('esims').select(['iccid', 'imsi', 'msisdn', 'eid', 'state', 'tariff_id']).where('account_id', '=', accountId).orderBy('iccid').execute();
  const buckets = new Map(balances.esims.map((e) => [e.iccid, e.buckets.map((b) => ({ ...b, validFrom: iso(b.validFrom), validTo: iso(b.validTo) }))]));
  return {
    account: {
      id: account.id,
      name: account.name,
      loginPhone: account.login_phone,
      language: account.language,
      timeZone: account.time_zone,
      currency: account.currency,
      createdAt: new Date(Number(account.created_at)).toISOString(),
    },
    wallet: balances.wallet,
    esims: lines.map((l) => ({ iccid: l.iccid, imsi: l.imsi, msisdn: l.msisdn, eid: l.eid, state: l.state, tariffId: l.tariff_id, buckets: buckets.get(l.iccid) ?? [] })),
    asOf: new Date(balances.asOf).toISOString(),
  };
}
