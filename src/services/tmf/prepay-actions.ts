/**
 * TMF654 balance actions on a wallet bucket (bucket id = account id): top-up through
 * top-up-wallet.ts, adjustment as a signed ledger entry of kind 'adjust' (idempotent by id,
 * never below zero), reservation recorded as asked (rating does not hold funds for it).
 */
import { checkedAdd, fitsInt64, overflowDetail, toBigInt } from '../../domain/money.js';
import { explainIllFormed } from '../../domain/text.js';
import type { Store } from '../../store/open-store.js';
import { payloadHash } from '../provisioning-schema.js';
import { oneOf, reservationsPage, type Adjustment, type Reservation } from './wallet-action-lists.js';
import { postWalletEntry, redeemVoucher, topUp, walletOf, type TopUpReceipt } from '../top-up-wallet.js';

export type { Adjustment, Reservation, WalletAction } from './wallet-action-lists.js';

export type ActionCode =
  | 'unknown_bucket'
  | 'not_a_wallet'
  | 'currency_mismatch'
  | 'invalid_amount'
  | 'insufficient_balance'
  | 'amount_out_of_range'
  | 'invalid_id'
  | 'exists_with_different_payload'
  | 'unknown_account'
  | 'invalid_voucher'
  | 'voucher_expired'
  | 'voucher_used';
export type ActionResult<T> = { ok: true; created: boolean; value: T } | { ok: false; code: ActionCode; detail: string };

/** The account whose wallet a bucket id names, or why it names none. */
export async function walletAccount(store: Store, bucketId: string): Promise<{ ok: true; accountId: string; currency: string } | { ok: false; code: ActionCode; detail: string }> {
  const wallet = await walletOf(store.db, bucketId);
  if (wallet) return { ok: true, accountId: bucketId, currency: wallet.currency };
  const plan = await store.db.selectFrom('buckets').select('id').where('id', '=', bucketId).executeTakeFirst();
  if (plan) return { ok: false, code: 'not_a_wallet', detail: `bucket ${bucketId} holds plan units; only a monetary (wallet) bucket takes money` };
  return { ok: false, code: 'unknown_bucket', detail: `no bucket ${bucketId}` };
}

export async function tmfTopUp(
  store: Store,
  req: { id: string; bucketId: string; amountMinor?: bigint; currency: string; voucher?: string; paymentRef?: string; at: number },
  nowMs: number,
): Promise<ActionResult<TopUpReceipt>> {
  const wallet = await walletAccount(store, req.bucketId);
  if (!wallet.ok) return wallet;
  const r =
    req.voucher !== undefined
      ? await redeemVoucher(store, { id: req.id, accountId: wallet.accountId, pin: req.voucher, at: req.at }, nowMs)
      : await topUp(
          store,
          { id: req.id, accountId: wallet.accountId, amountMinor: req.amountMinor ?? 0n, currency: req.currency, at: req.at, ...(req.paymentRef ? { paymentRef: req.paymentRef } : {}) },
          nowMs,
        );
  return r.ok ? { ok: true, created: !r.duplicate, value: r.topup } : r;
}

export function adjustBalance(
  store: Store,
  req: { id: string; bucketId: string; amountMinor: bigint; currency: string; reason?: string; at: number },
  nowMs: number,
): Promise<ActionResult<Adjustment>> {
  const illFormed = explainIllFormed({ id: req.id, bucketId: req.bucketId, reason: req.reason });
  if (illFormed) return Promise.resolve({ ok: false, code: 'invalid_id', detail: illFormed });
  return store.writeTransaction(async (tx): Promise<ActionResult<Adjustment>> => {
    const hash = payloadHash({ id: req.id, bucketId: req.bucketId, amountMinor: req.amountMinor, currency: req.currency, reason: req.reason ?? null });
    const old = await tx.selectFrom('tmf_adjustments').selectAll().where('id', '=', req.id).executeTakeFirst();
    if (old) {
      if (old.payload_hash !== hash) return { ok: false, code: 'exists_with_different_payload', detail: `adjustment ${req.id} already exists with other content; the first stands` };
      return { ok: true, created: false, value: adjustmentOf(old) };
    }
    if (req.amountMinor === 0n) return { ok: false, code: 'invalid_amount', detail: 'an adjustment must not be zero' };
    const wallet = await walletOf(tx, req.bucketId);
    if (!wallet) return { ok: false, code: 'unknown_bucket', detail: `no wallet bucket ${req.bucketId}` };
    if (wallet.currency !== req.currency) return { ok: false, code: 'currency_mismatch', detail: `bucket ${req.bucketId} holds ${wallet.currency}, not ${req.currency}` };
    const after = checkedAdd(wallet.balanceMinor, req.amountMinor);
    if (after === undefined) return { ok: false, code: 'amount_out_of_range', detail: overflowDetail('amount', req.amountMinor, wallet.balanceMinor) };
    if (after < 0n) {
      return { ok: false, code: 'insufficient_balance', detail: `wallet ${req.bucketId} has ${wallet.balanceMinor}; a debit of ${-req.amountMinor} would overdraw it` };
    }
    const row = { id: req.id, account_id: req.bucketId, amount_minor: req.amountMinor, currency: wallet.currency, reason: req.reason ?? null, at: req.at, payload_hash: hash };
    await tx.insertInto('tmf_adjustments').values(row).execute();
    await postWalletEntry(tx, { accountId: req.bucketId, amountMinor: req.amountMinor, kind: 'adjust', ref: `adjust:${req.id}`, at: req.at }, nowMs);
    return { ok: true, created: true, value: adjustmentOf(row) };
  });
}

function adjustmentOf(r: { id: string; account_id: string; amount_minor: unknown; currency: string; reason: string | null; at: unknown }): Adjustment {
  return { id: r.id, accountId: r.account_id, amountMinor: toBigInt(r.amount_minor), currency: r.currency, reason: r.reason, at: Number(r.at) };
}

export async function reserveBalance(
  store: Store,
  req: { id: string; bucketId: string; amountMinor: bigint; currency: string; body: Record<string, unknown>; at: number },
): Promise<ActionResult<Reservation>> {
  const wallet = await walletAccount(store, req.bucketId);
  if (!wallet.ok) return wallet;
  if (wallet.currency !== req.currency) return { ok: false, code: 'currency_mismatch', detail: `bucket ${req.bucketId} holds ${wallet.currency}, not ${req.currency}` };
  if (req.amountMinor <= 0n) return { ok: false, code: 'invalid_amount', detail: 'a reservation must be positive' };
  if (!fitsInt64(req.amountMinor)) return { ok: false, code: 'amount_out_of_range', detail: overflowDetail('amount', req.amountMinor) };
  const illFormed = explainIllFormed({ id: req.id });
  if (illFormed) return { ok: false, code: 'invalid_id', detail: illFormed };
  const existing = await oneOf((args, f) => reservationsPage(store, args, f), req.id);
  if (existing) return { ok: true, created: false, value: existing };
  await store.db
    .insertInto('tmf_reservations')
    .values({
      id: req.id,
      account_id: wallet.accountId,
      amount_minor: req.amountMinor,
      currency: req.currency,
      body: JSON.stringify(req.body),
      at: req.at,
    })
    .execute();
  return { ok: true, created: true, value: { id: req.id, accountId: wallet.accountId, amountMinor: req.amountMinor, currency: req.currency, body: req.body, at: req.at } };
}
