/**
 * Wallet credits: an operator top-up (with a payment reference) or a voucher PIN. Each is
 * idempotent by its top-up id: the same id and content again returns the first answer with
 * `duplicate: true`; the same id with other content is `exists_with_different_payload`.
 */
import { sql, type Selectable } from 'kysely';
import { checkedAdd, overflowDetail, toBigInt } from '../domain/money.js';
import { explainIllFormed } from '../domain/text.js';
import type { Db, Store } from '../store/open-store.js';
import type { TopupsTable } from '../store/schema.js';
import { payloadHash } from './provisioning-schema.js';
import { hashVoucherPin } from './vouchers.js';

export interface TopUpRequest {
  readonly id: string;
  readonly accountId: string;
  readonly amountMinor: bigint;
  /** When given, must be the account's currency (a guard against crediting yen as dollars). */
  readonly currency?: string;
  readonly paymentRef?: string;
  readonly at: number;
}

export interface RedeemVoucherRequest {
  readonly id: string;
  readonly accountId: string;
  readonly pin: string;
  readonly at: number;
}

export interface TopUpReceipt {
  readonly topupId: string;
  readonly accountId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly method: 'operator' | 'voucher';
  readonly voucherSerial: string | null;
  readonly paymentRef: string | null;
  readonly at: number;
}

export type TopUpCode = 'unknown_account' | 'currency_mismatch' | 'invalid_amount' | 'amount_out_of_range' | 'invalid_id' | 'exists_with_different_payload';
export type RedeemCode = 'unknown_account' | 'invalid_voucher' | 'voucher_expired' | 'voucher_used' | 'currency_mismatch' | 'amount_out_of_range' | 'invalid_id' | 'exists_with_different_payload';

export type TopUpResult<Code extends string = TopUpCode> =
  { readonly ok: true; readonly duplicate: boolean; readonly topup: TopUpReceipt } | { readonly ok: false; readonly code: Code; readonly detail: string };

/** Adds `amountMinor` (negative for a debit) to the wallet and records the matching ledger entry. */
export async function postWalletEntry(tx: Db, entry: { accountId: string; amountMinor: bigint; kind: string; ref: string; at: number }, nowMs: number): Promise<void> {
  const updated = await tx
    .updateTable('wallets')
    .set((eb) => ({ balance_minor: eb('balance_minor', '+', entry.amountMinor), updated_at: nowMs }))
    .where('account_id', '=', entry.accountId)
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) throw new Error(`account ${entry.accountId} has no wallet`);
  // The key is the database's own (rowid / bigserial), which the typed insert does not know.
  await sql`insert into ledger_entries (account_id, at, amount_minor, kind, ref)
    values (${entry.accountId}, ${entry.at}, ${entry.amountMinor}, ${entry.kind}, ${entry.ref})`.execute(tx);
}

export async function walletOf(tx: Db, accountId: string): Promise<{ currency: string; balanceMinor: bigint } | undefined> {
  const row = await tx.selectFrom('wallets').select(['currency', 'balance_minor']).where('account_id', '=', accountId).executeTakeFirst();
  return row && { currency: row.currency, balanceMinor: toBigInt(row.balance_minor) };
}

/** The content hash of an operator top-up (the currency is a guard, not content). */
export function operatorTopUpHash(req: TopUpRequest): string {
  return payloadHash({ id: req.id, accountId: req.accountId, method: 'operator', amountMinor: req.amountMinor, paymentRef: req.paymentRef ?? null, at: req.at });
}

/** The answer already given for a top-up id, or a conflict, or undefined when the id is new. */
async function answerForExisting<Code extends string>(tx: Db, id: string, hash: string): Promise<TopUpResult<Code | 'exists_with_different_payload'> | undefined> {
  const row = await tx.selectFrom('topups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  if (row.payload_hash !== hash) {
    return { ok: false, code: 'exists_with_different_payload', detail: `top-up ${id} already exists with other content; the first stands` };
  }
  return { ok: true, duplicate: true, topup: receiptOf(row) };
}

function receiptOf(row: Selectable<TopupsTable>): TopUpReceipt {
  return {
    topupId: row.id,
    accountId: row.account_id,
    amountMinor: toBigInt(row.amount_minor),
    currency: row.currency,
    method: row.method as TopUpReceipt['method'],
    voucherSerial: row.voucher_serial,
    paymentRef: row.payment_ref,
    at: Number(row.at),
  };
}

/** A credit the wallet cannot hold (its balance would leave the BIGINT range): refused before anything is written. */
function overflowOf(wallet: { balanceMinor: bigint }, amountMinor: bigint, field: string): TopUpResult<'amount_out_of_range'> | undefined {
  if (checkedAdd(wallet.balanceMinor, amountMinor) !== undefined) return undefined;
  return { ok: false, code: 'amount_out_of_range', detail: overflowDetail(field, amountMinor, wallet.balanceMinor) };
}

async function credit(tx: Db, receipt: TopUpReceipt, hash: string, nowMs: number): Promise<TopUpResult<never>> {
  await tx
    .insertInto('topups')
    .values({
      id: receipt.topupId,
      account_id: receipt.accountId,
      amount_minor: receipt.amountMinor,
      currency: receipt.currency,
      method: receipt.method,
      voucher_serial: receipt.voucherSerial,
      payment_ref: receipt.paymentRef,
      at: receipt.at,
      payload_hash: hash,
    })
    .execute();
  await postWalletEntry(tx, { accountId: receipt.accountId, amountMinor: receipt.amountMinor, kind: 'topup', ref: `topup:${receipt.topupId}`, at: receipt.at }, nowMs);
  return { ok: true, duplicate: false, topup: receipt };
}

/** Operator credit inside the caller's write transaction. */
export async function topUpInTx(tx: Db, req: TopUpRequest, nowMs: number): Promise<TopUpResult> {
  if (req.amountMinor <= 0n) return { ok: false, code: 'invalid_amount', detail: `amount must be positive, got ${req.amountMinor}` };
  const illFormed = explainIllFormed({ id: req.id, accountId: req.accountId, paymentRef: req.paymentRef });
  if (illFormed) return { ok: false, code: 'invalid_id', detail: illFormed };
  const hash = operatorTopUpHash(req);
  const existing = await answerForExisting<TopUpCode>(tx, req.id, hash);
  if (existing) return existing;
  const wallet = await walletOf(tx, req.accountId);
  if (!wallet) return { ok: false, code: 'unknown_account', detail: `no account ${req.accountId}` };
  if (req.currency !== undefined && req.currency !== wallet.currency) {
    return { ok: false, code: 'currency_mismatch', detail: `account ${req.accountId} holds ${wallet.currency}, not ${req.currency}` };
  }
  const overflow = overflowOf(wallet, req.amountMinor, 'amountMinor');
  if (overflow) return overflow;
  return credit(
    tx,
    {
      topupId: req.id,
      accountId: req.accountId,
      amountMinor: req.amountMinor,
      currency: wallet.currency,
      method: 'operator',
      voucherSerial: null,
      paymentRef: req.paymentRef ?? null,
      at: req.at,
    },
    hash,
    nowMs,
  );
}

export function topUp(store: Store, req: TopUpRequest, nowMs: number): Promise<TopUpResult> {
  return store.writeTransaction((tx) => topUpInTx(tx, req, nowMs));
}

/**
 * A used voucher: for the account it credited, that top-up again (its client retried under a new
 * id, e.g. after a lost answer); for anyone else, `voucher_used`.
 */
async function usedAnswer(tx: Db, accountId: string, topupId: string, serial: string): Promise<TopUpResult<RedeemCode>> {
  const first = await tx.selectFrom('topups').selectAll().where('id', '=', topupId).executeTakeFirst();
  if (first?.account_id === accountId) return { ok: true, duplicate: true, topup: receiptOf(first) };
  return { ok: false, code: 'voucher_used', detail: `voucher ${serial} was already used` };
}

/** Credits a voucher's value; the voucher becomes used by this top-up id (single use). */
export function redeemVoucher(store: Store, req: RedeemVoucherRequest, nowMs: number): Promise<TopUpResult<RedeemCode>> {
  return store.writeTransaction(async (tx): Promise<TopUpResult<RedeemCode>> => {
    const illFormed = explainIllFormed({ id: req.id, accountId: req.accountId });
    if (illFormed) return { ok: false, code: 'invalid_id', detail: illFormed };
    const pinHash = hashVoucherPin(req.pin);
    const hash = payloadHash({ id: req.id, accountId: req.accountId, method: 'voucher', pinHash });
    const existing = await answerForExisting<RedeemCode>(tx, req.id, hash);
    if (existing) return existing;
    const wallet = await walletOf(tx, req.accountId);
    if (!wallet) return { ok: false, code: 'unknown_account', detail: `no account ${req.accountId}` };
    const voucher = await tx.selectFrom('vouchers').selectAll().where('pin_hash', '=', pinHash).executeTakeFirst();
    if (!voucher) return { ok: false, code: 'invalid_voucher', detail: 'no voucher with this PIN' };
    if (voucher.redeemed_topup_id !== null) return usedAnswer(tx, req.accountId, voucher.redeemed_topup_id, voucher.serial);
    if (req.at >= Number(voucher.expires_at)) {
      return { ok: false, code: 'voucher_expired', detail: `voucher ${voucher.serial} expired at ${new Date(Number(voucher.expires_at)).toISOString()}` };
    }
    if (voucher.currency !== wallet.currency) {
      return { ok: false, code: 'currency_mismatch', detail: `voucher is in ${voucher.currency}, account ${req.accountId} holds ${wallet.currency}` };
    }
    const overflow = overflowOf(wallet, toBigInt(voucher.value_minor), `voucher ${voucher.serial} value`);
    if (overflow) return overflow;
    await tx.updateTable('vouchers').set({ redeemed_topup_id: req.id, redeemed_at: req.at }).where('pin_hash', '=', pinHash).where('redeemed_topup_id', 'is', null).execute();
    return credit(
      tx,
      {
        topupId: req.id,
        accountId: req.accountId,
        amountMinor: toBigInt(voucher.value_minor),
        currency: wallet.currency,
        method: 'voucher',
        voucherSerial: voucher.serial,
        paymentRef: null,
        at: req.at,
      },
      hash,
      nowMs,
    );
  });
}
