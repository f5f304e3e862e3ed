/**
 * Buying a plan for an eSIM: one bucket per allowance kind, paid from the account's wallet
 * (never below zero) or externally. Idempotent by the purchase id.
 */
import { ALLOWANCE_KIND, type Allowances } from '../domain/catalog.js';
import { checkedAdd, overflowDetail, toBigInt } from '../domain/money.js';
import { explainIllFormed } from '../domain/text.js';
import { MS_PER_DAY, type UsageKind } from '../domain/units.js';
import { insertBuckets } from '../store/bucket-rows.js';
import type { Db, Store } from '../store/open-store.js';
import { payloadHash } from './provisioning-schema.js';
import { postWalletEntry, walletOf } from './top-up-wallet.js';

export interface PurchaseRequest {
  readonly id: string;
  readonly iccid: string;
  readonly planId: string;
  /** When bought (epoch ms); `purchase` plans are valid from here. */
  readonly at: number;
  readonly paidFrom: 'wallet' | 'external';
}

export type PurchaseCode = 'unknown_esim' | 'unknown_plan' | 'currency_mismatch' | 'insufficient_balance' | 'amount_out_of_range' | 'invalid_id' | 'exists_with_different_payload';

export interface PurchasedBucket {
  readonly id: string;
  readonly kind: UsageKind;
  readonly initial: bigint;
}

export interface PurchaseReceipt {
  readonly purchaseId: string;
  readonly iccid: string;
  readonly planId: string;
  readonly accountId: string;
  readonly at: number;
  readonly paidFrom: 'wallet' | 'external';
  readonly priceMinor: bigint;
  readonly currency: string;
  readonly buckets: readonly PurchasedBucket[];
}

export type PurchaseResult = { readonly ok: true; readonly duplicate: boolean; readonly purchase: PurchaseReceipt } | { readonly ok: false; readonly code: PurchaseCode; readonly detail: string };

export function purchaseHash(req: PurchaseRequest): string {
  return payloadHash({ id: req.id, iccid: req.iccid, planId: req.planId, at: req.at, paidFrom: req.paidFrom });
}

async function previousAnswer(tx: Db, req: PurchaseRequest): Promise<PurchaseResult | undefined> {
  const row = await tx.selectFrom('purchases').selectAll().where('id', '=', req.id).executeTakeFirst();
  if (!row) return undefined;
  if (row.payload_hash !== purchaseHash(req)) {
    return { ok: false, code: 'exists_with_different_payload', detail: `purchase ${req.id} already exists with other content; the first stands` };
  }
  const buckets = await tx.selectFrom('buckets').select(['id', 'kind', 'initial']).where('purchase_id', '=', req.id).orderBy('id').execute();
  return {
    ok: true,
    duplicate: true,
    purchase: {
      purchaseId: row.id,
      iccid: row.iccid,
      planId: row.plan_id,
      accountId: row.account_id,
      at: Number(row.at),
      paidFrom: row.paid_from as PurchaseRequest['paidFrom'],
      priceMinor: toBigInt(row.price_minor),
      currency: row.currency,
      buckets: buckets.map((b) => ({ id: b.id, kind: b.kind as UsageKind, initial: toBigInt(b.initial) })),
    },
  };
}

type PlanRow = { id: string; currency: string; price_minor: unknown; validity_days: unknown; validity_starts: string; coverage: string; allowances: string };

function bucketRows(req: PurchaseRequest, plan: PlanRow, iccid: string) {
  const allowances = JSON.parse(plan.allowances) as Record<keyof Allowances, string | undefined>;
  const days = Number(plan.validity_days);
  const started = plan.validity_starts === 'purchase';
  return (Object.keys(ALLOWANCE_KIND) as (keyof Allowances)[]).flatMap((field) => {
    const units = allowances[field];
    if (units === undefined) return [];
    const kind = ALLOWANCE_KIND[field];
    return [
      {
        id: `${req.id}:${kind}`,
        purchase_id: req.id,
        iccid,
        plan_id: plan.id,
        kind,
        initial: BigInt(units),
        remaining: BigInt(units),
        valid_from: started ? req.at : null,
        valid_to: started ? req.at + days * MS_PER_DAY : null,
        validity_days: days,
        purchased_at: req.at,
        coverage: plan.coverage,
      },
    ];
  });
}

/** The purchase inside the caller's write transaction (use only `tx`). */
export async function purchasePlanInTx(tx: Db, req: PurchaseRequest, nowMs: number): Promise<PurchaseResult> {
  if (!Number.isSafeInteger(req.at)) throw new TypeError(`purchase ${req.id}: at must be epoch ms`);
  const illFormed = explainIllFormed({ id: req.id, iccid: req.iccid, planId: req.planId });
  if (illFormed) return { ok: false, code: 'invalid_id', detail: illFormed };
  const previous = await previousAnswer(tx, req);
  if (previous) return previous;
  const esim = await tx.selectFrom('esims').select(['iccid', 'account_id']).where('iccid', '=', req.iccid).executeTakeFirst();
  if (!esim) return { ok: false, code: 'unknown_esim', detail: `no eSIM ${req.iccid}` };
  const plan = await tx.selectFrom('plans').selectAll().where('id', '=', req.planId).executeTakeFirst();
  if (!plan) return { ok: false, code: 'unknown_plan', detail: `no plan ${req.planId}` };
  const price = toBigInt(plan.price_minor);
  if (req.paidFrom === 'wallet') {
    const wallet = await walletOf(tx, esim.account_id);
    if (!wallet) throw new Error(`account ${esim.account_id} has no wallet`);
    if (wallet.currency !== plan.currency) {
      return { ok: false, code: 'currency_mismatch', detail: `plan ${plan.id} costs ${plan.currency}, the wallet of ${esim.account_id} holds ${wallet.currency}` };
    }
    const after = checkedAdd(wallet.balanceMinor, -price);
    if (after === undefined) return { ok: false, code: 'amount_out_of_range', detail: overflowDetail(`plan ${plan.id} price`, -price, wallet.balanceMinor) };
    if (after < 0n) {
      return { ok: false, code: 'insufficient_balance', detail: `wallet of ${esim.account_id} has ${wallet.balanceMinor}, plan ${plan.id} costs ${price} (${plan.currency} minor units)` };
    }
  }
  await tx
    .insertInto('purchases')
    .values({
      id: req.id,
      iccid: req.iccid,
      plan_id: plan.id,
      account_id: esim.account_id,
      at: req.at,
      paid_from: req.paidFrom,
      price_minor: price,
      currency: plan.currency,
      payload_hash: purchaseHash(req),
    })
    .execute();
  const buckets = bucketRows(req, plan, req.iccid);
  await insertBuckets(tx, buckets);
  if (req.paidFrom === 'wallet' && price > 0n) {
    await postWalletEntry(tx, { accountId: esim.account_id, amountMinor: -price, kind: 'purchase', ref: `purchase:${req.id}`, at: req.at }, nowMs);
  }
  return {
    ok: true,
    duplicate: false,
    purchase: {
      purchaseId: req.id,
      iccid: req.iccid,
      planId: plan.id,
      accountId: esim.account_id,
      at: req.at,
      paidFrom: req.paidFrom,
      priceMinor: price,
      currency: plan.currency,
      buckets: buckets.map((b) => ({ id: b.id, kind: b.kind, initial: b.initial })),
    },
  };
}

export function purchasePlan(store: Store, req: PurchaseRequest, nowMs: number): Promise<PurchaseResult> {
  return store.writeTransaction((tx) => purchasePlanInTx(tx, req, nowMs));
}
