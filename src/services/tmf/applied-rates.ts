/**
 * TMF678 applied rates: one per wallet charge of a usage record and per wallet-paid purchase,
 * read from the ledger's entries (newest first), with each page's records and purchases looked
 * up by key.
 */
import { toBigInt } from '../../domain/money.js';
import { keysetPage, numberPart, type PageArgs, type PageOf } from '../../store/keyset.js';
import type { Store } from '../../store/open-store.js';
import { isBilledAt, monthOf } from './bill-periods.js';
import { billIdOf } from './customer-bills.js';

export interface AppliedRate {
  id: string;
  type: 'usage' | 'purchase';
  accountId: string;
  currency: string;
  at: number;
  amountMinor: bigint;
  name: string;
  productId: string;
  billId: string;
  isBilled: boolean;
}

type Charge = { type: 'usage' | 'purchase'; ref: string; accountId: string; at: number; amountMinor: bigint };
type Details = { name: string; productId: string; currency?: string };

function rateOf(c: Charge, tz: { currency: string; time_zone: string } | undefined, d: Details | undefined, nowMs: number): AppliedRate {
  const timeZone = tz?.time_zone ?? 'UTC';
  return {
    id: `${c.type}-${c.ref}`,
    type: c.type,
    accountId: c.accountId,
    currency: d?.currency ?? tz?.currency ?? '',
    at: c.at,
    amountMinor: c.amountMinor,
    name: d?.name ?? (c.type === 'usage' ? 'usage (record purged)' : 'plan'),
    productId: d?.productId ?? c.ref,
    billId: billIdOf(c.accountId, monthOf(c.at, timeZone)),
    isBilled: isBilledAt(c.at, timeZone, nowMs),
  };
}

/** Names, products and accounts' time zones of one page of charges: three lookups by key. */
async function detailsOf(store: Store, charges: readonly Charge[]) {
  const ids = (type: Charge['type']) => charges.filter((c) => c.type === type).map((c) => c.ref);
  const usageIds = ids('usage')
    .filter((r) => /^\d{1,15}$/.test(r))
    .map(Number);
  const purchaseIds = ids('purchase');
  const accountIds = [...new Set(charges.map((c) => c.accountId))];
  const [records, purchases, accounts] = await Promise.all([
    usageIds.length === 0 ? [] : store.db.selectFrom('usage_records').select(['id', 'kind', 'country', 'iccid']).where('id', 'in', usageIds).execute(),
    purchaseIds.length === 0 ? [] : store.db.selectFrom('purchases').select(['id', 'plan_id', 'currency']).where('id', 'in', purchaseIds).execute(),
    accountIds.length === 0 ? [] : store.db.selectFrom('accounts').select(['id', 'currency', 'time_zone']).where('id', 'in', accountIds).execute(),
  ]);
  const details = new Map<string, Details>([
    ...records.map((r) => [`usage-${r.id}`, { name: `${r.kind} in ${r.country}`, productId: r.iccid }] as const),
    ...purchases.map((p) => [`purchase-${p.id}`, { name: `plan ${p.plan_id}`, productId: p.id, currency: p.currency }] as const),
  ]);
  return { details, accounts: new Map(accounts.map((a) => [a.id, a])) };
}

/** Applied rates newest first (key: the ledger entry id); `accountId` reads one account's entries. */
export async function appliedRatesPage(store: Store, f: { accountId?: string }, args: PageArgs, nowMs: number): Promise<PageOf<AppliedRate>> {
  let q = store.db.selectFrom('ledger_entries').select(['id', 'account_id', 'at', 'amount_minor', 'kind', 'ref']).where('kind', 'in', ['usage', 'purchase']).where('amount_minor', '<', 0);
  if (f.accountId !== undefined) q = q.where('account_id', '=', f.accountId);
  const page = await keysetPage(q, { columns: ['id'], desc: true, keyOf: (r) => [numberPart(r.id)] }, args, (r): Charge => ({
    type: r.kind as Charge['type'],
    ref: r.ref.slice(r.ref.indexOf(':') + 1),
    accountId: r.account_id,
    at: Number(r.at),
    amountMinor: -toBigInt(r.amount_minor),
  }));
  const { details, accounts } = await detailsOf(
    store,
    page.items.map((i) => i.value),
  );
  return {
    more: page.more,
    items: page.items.map(({ key, value: c }) => ({ key, value: rateOf(c, accounts.get(c.accountId), details.get(`${c.type}-${c.ref}`), nowMs) })),
  };
}

/** One applied rate by id (`usage-<record id>` or `purchase-<purchase id>`), from the record or purchase itself. */
export async function getAppliedRate(store: Store, id: string, nowMs: number): Promise<AppliedRate | undefined> {
  const charge = await chargeOf(store, id);
  if (!charge) return undefined;
  const { details, accounts } = await detailsOf(store, [charge]);
  return rateOf(charge, accounts.get(charge.accountId), details.get(id), nowMs);
}

async function chargeOf(store: Store, id: string): Promise<Charge | undefined> {
  const recordId = id.startsWith('usage-') ? id.slice(6) : undefined;
  if (recordId !== undefined && /^\d{1,15}$/.test(recordId)) {
    const r = await store.db.selectFrom('usage_records').select(['account_id', 'started_at', 'amount_minor']).where('id', '=', Number(recordId)).where('amount_minor', '>', 0).executeTakeFirst();
    return r && { type: 'usage', ref: recordId, accountId: r.account_id, at: Number(r.started_at), amountMinor: toBigInt(r.amount_minor) };
  }
  if (!id.startsWith('purchase-')) return undefined;
  const p = await store.db
    .selectFrom('purchases')
    .select(['id', 'account_id', 'at', 'price_minor'])
    .where('id', '=', id.slice(9))
    .where('paid_from', '=', 'wallet')
    .where('price_minor', '>', 0)
    .executeTakeFirst();
  return p && { type: 'purchase', ref: p.id, accountId: p.account_id, at: Number(p.at), amountMinor: toBigInt(p.price_minor) };
}
