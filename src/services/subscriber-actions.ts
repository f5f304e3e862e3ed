/**
 * What a signed-in subscriber may do to its own account: redeem a voucher, buy a plan for one of
 * its eSIMs from the wallet. Both are idempotent by the client's id and answer with the new
 * wallet balance. Another account's eSIM is `unknown_esim`, like a missing one.
 */
import type { Store } from '../store/open-store.js';
import { purchasePlanInTx, type PurchaseCode, type PurchaseReceipt } from './purchase-plan.js';
import type { Throttled } from './auth/auth-deps.js';
import { redeemVoucherPin, type VoucherPinCode, type VoucherPinRequest } from './redeem-voucher-pin.js';
import { walletOf, type TopUpReceipt } from './top-up-wallet.js';

export interface Wallet {
  currency: string;
  balanceMinor: bigint;
}

export type ActionResult<T, Code extends string> = { ok: true; duplicate: boolean; value: T; wallet: Wallet } | { ok: false; code: Code; detail: string };

/** A voucher PIN typed by the subscriber, throttled per account and origin (see redeem-voucher-pin.ts). */
export async function redeemVoucherForAccount(store: Store, req: VoucherPinRequest, nowMs: number): Promise<ActionResult<TopUpReceipt, VoucherPinCode> | Throttled> {
  const result = await redeemVoucherPin(store, req, nowMs);
  if (!result.ok) return result;
  const wallet = await walletOf(store.db, req.accountId);
  if (!wallet) throw new Error(`account ${req.accountId} has no wallet`);
  return { ok: true, duplicate: result.duplicate, value: result.topup, wallet };
}

export async function purchasePlanForAccount(store: Store, req: { id: string; accountId: string; iccid: string; planId: string }, nowMs: number): Promise<ActionResult<PurchaseReceipt, PurchaseCode>> {
  return store.writeTransaction(async (tx) => {
    const esim = await tx.selectFrom('esims').select('account_id').where('iccid', '=', req.iccid).executeTakeFirst();
    if (esim?.account_id !== req.accountId) return { ok: false as const, code: 'unknown_esim' as const, detail: `no eSIM ${req.iccid}` };
    // A retry answers the first purchase: it was bought at the first request's time, not now.
    const first = await tx.selectFrom('purchases').select(['at', 'account_id']).where('id', '=', req.id).executeTakeFirst();
    const at = first?.account_id === req.accountId ? Number(first.at) : nowMs;
    const result = await purchasePlanInTx(tx, { id: req.id, iccid: req.iccid, planId: req.planId, at, paidFrom: 'wallet' }, nowMs);
    if (!result.ok) return result;
    const wallet = await walletOf(tx, req.accountId);
    if (!wallet) throw new Error(`account ${req.accountId} has no wallet`);
    return { ok: true as const, duplicate: result.duplicate, value: result.purchase, wallet };
  });
}
