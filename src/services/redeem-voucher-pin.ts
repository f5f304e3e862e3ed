/**
 * A subscriber typing a voucher PIN, on any channel. Guessing is throttled per account and per
 * origin (client address, SMS sender, USSD line, hotline caller): the attempt is reserved before
 * the PIN is looked up. A PIN that credits nothing answers `invalid_voucher` whatever the reason
 * (unknown, used by another account, expired, other currency), so answers tell a guesser nothing;
 * a voucher this account already redeemed answers that top-up again.
 */
import type { Store } from '../store/open-store.js';
import type { Throttled } from './auth/auth-deps.js';
import { throttled, type Limit, type ThrottlePolicy } from './auth/throttle.js';
import { redeemVoucher, type TopUpReceipt } from './top-up-wallet.js';

const MINUTE_MS = 60_000;
/** 5 voucher PINs that credit nothing within 15 minutes lock the account's voucher top-ups for 15 minutes. */
export const VOUCHER_ACCOUNT_FAILURES: ThrottlePolicy = { max: 5, windowMs: 15 * MINUTE_MS, lockMs: 15 * MINUTE_MS };
/** 20 from one origin (address, phone) within 15 minutes lock that origin for 15 minutes. */
export const VOUCHER_ORIGIN_FAILURES: ThrottlePolicy = { max: 20, windowMs: 15 * MINUTE_MS, lockMs: 15 * MINUTE_MS };

const NOT_REDEEMABLE = 'this PIN is not a voucher this account can redeem (wrong, used, expired or in another currency)';

export interface VoucherPinRequest {
  /** The top-up id chosen by the caller: a retry with it answers the first result. */
  readonly id: string;
  readonly accountId: string;
  readonly pin: string;
  /** Where the PIN came from, as `ip:<address>`, `sms:<e164>`, `ussd:<e164>` or `ivr:<caller>`. */
  readonly origin: string;
}

export type VoucherPinCode = 'invalid_voucher' | 'unknown_account' | 'exists_with_different_payload';
export type VoucherPinResult =
  { readonly ok: true; readonly duplicate: boolean; readonly topup: TopUpReceipt } | { readonly ok: false; readonly code: VoucherPinCode; readonly detail: string } | Throttled;

export function voucherLimits(accountId: string, origin: string): Limit[] {
  return [
    { key: `voucher:${origin.slice(0, 64)}`, policy: VOUCHER_ORIGIN_FAILURES },
    { key: `voucher:acct:${accountId}`, policy: VOUCHER_ACCOUNT_FAILURES },
  ];
}

export function redeemVoucherPin(store: Store, req: VoucherPinRequest, nowMs: number): Promise<VoucherPinResult> {
  return throttled(store, voucherLimits(req.accountId, req.origin), nowMs, async (): Promise<VoucherPinResult> => {
    const r = await redeemVoucher(store, { id: req.id, accountId: req.accountId, pin: req.pin, at: nowMs }, nowMs);
    if (r.ok) return r;
    if (r.code === 'unknown_account' || r.code === 'exists_with_different_payload') return { ok: false, code: r.code, detail: r.detail };
    return { ok: false, code: 'invalid_voucher', detail: NOT_REDEEMABLE };
  });
}
