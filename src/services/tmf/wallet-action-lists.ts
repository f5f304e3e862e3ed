/** TMF654 top-ups, adjustments and reservations, a page at a time in time order (at, id). */
import { sql, type SelectQueryBuilder } from 'kysely';
import { toBigInt } from '../../domain/money.js';
import { keysetPage, numberPart, type PageArgs, type PageOf } from '../../store/keyset.js';
import type { Store } from '../../store/open-store.js';
import type { TopUpReceipt } from '../top-up-wallet.js';

/** A balance action as stored: adjustments and reservations add their own field. */
export interface WalletAction {
  id: string;
  accountId: string;
  amountMinor: bigint;
  currency: string;
  at: number;
}
export interface Adjustment extends WalletAction {
  reason: string | null;
}
export interface Reservation extends WalletAction {
  body: Record<string, unknown>;
}
/** `id` or the wallet's account (`partyAccount.id` / `bucket.id`: a wallet bucket's id is its account's). */
export interface WalletActionFilter {
  id?: string;
  accountId?: string;
}

const byTime = <R extends { at: unknown; id: string }>() => ({ columns: ['at', 'id'], keyOf: (r: R) => [numberPart(r.at), r.id] });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function filtered<O>(q: SelectQueryBuilder<any, any, O>, f: WalletActionFilter): SelectQueryBuilder<any, any, O> {
  let out = q;
  if (f.id !== undefined) out = out.where(sql.ref('id'), '=', f.id);
  if (f.accountId !== undefined) out = out.where(sql.ref('account_id'), '=', f.accountId);
  return out;
}

export function topUpsPage(store: Store, args: PageArgs, f: WalletActionFilter): Promise<PageOf<TopUpReceipt>> {
  return keysetPage(filtered(store.db.selectFrom('topups').selectAll(), f), byTime(), args, (r) => ({
    topupId: r.id,
    accountId: r.account_id,
    amountMinor: toBigInt(r.amount_minor),
    currency: r.currency,
    method: r.method as TopUpReceipt['method'],
    voucherSerial: r.voucher_serial,
    paymentRef: r.payment_ref,
    at: Number(r.at),
  }));
}

export function adjustmentsPage(store: Store, args: PageArgs, f: WalletActionFilter): Promise<PageOf<Adjustment>> {
  return keysetPage(filtered(store.db.selectFrom('tmf_adjustments').selectAll(), f), byTime(), args, (r) => ({
    id: r.id,
    accountId: r.account_id,
    amountMinor: toBigInt(r.amount_minor),
    currency: r.currency,
    reason: r.reason,
    at: Number(r.at),
  }));
}

export function reservationsPage(store: Store, args: PageArgs, f: WalletActionFilter): Promise<PageOf<Reservation>> {
  return keysetPage(filtered(store.db.selectFrom('tmf_reservations').selectAll(), f), byTime(), args, (r) => ({
    id: r.id,
    accountId: r.account_id,
    amountMinor: toBigInt(r.amount_minor),
    currency: r.currency,
    body: JSON.parse(r.body) as Record<string, unknown>,
    at: Number(r.at),
  }));
}

/** The one item with this id, if any (the single GET). */
export async function oneOf<T>(page: (args: PageArgs, f: WalletActionFilter) => Promise<PageOf<T>>, id: string): Promise<T | undefined> {
  return (await page({ offset: 0, limit: 1 }, { id })).items[0]?.value;
}
