import { INT64_MIN, overflowDetail } from './money.js';

/** A usage charge against a wallet: the balance it leaves and whether that is debt, or why it cannot be taken. */
export type WalletDebit = { ok: true; balanceMinor: bigint; debt: boolean } | { ok: false; code: 'amount_out_of_range'; detail: string };

/**
 * Debits `amountMinor` (>= 0) from a wallet at `balanceMinor`. Usage is never refused for lack of
 * funds: the balance may go below zero (debt), but never below the 64-bit range the ledger holds.
 * A free event leaves the wallet untouched (and is never debt). `what` names the charge in the refusal.
 */
export function debitWallet(balanceMinor: bigint, amountMinor: bigint, what: string): WalletDebit {
  if (amountMinor <= 0n) return { ok: true, balanceMinor, debt: false };
  const after = balanceMinor - amountMinor;
  if (after < INT64_MIN) return { ok: false, code: 'amount_out_of_range', detail: overflowDetail(what, -amountMinor, balanceMinor) };
  return { ok: true, balanceMinor: after, debt: after < 0n };
}
