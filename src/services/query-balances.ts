import { toBigInt } from '../domain/money.js';
import { MS_PER_DAY, type UsageKind } from '../domain/units.js';
import type { Db, Store } from '../store/open-store.js';
import type { LineBucketRow, LineRow } from '../store/line-rows.js';

export type BucketStatus = 'active' | 'not_started' | 'expired' | 'used_up';

export interface BucketView {
  bucketId: string;
  purchaseId: string;
  planId: string;
  kind: UsageKind;
  initial: bigint;
  remaining: bigint;
  /** Epoch ms; null while a `first_use` bucket has not started. */
  validFrom: number | null;
  validTo: number | null;
  status: BucketStatus;
  /** Epoch ms a used-up or expired bucket ended (ran out, or its validity ended); null while usable. */
  endedAt: number | null;
}

export interface WalletView {
  currency: string;
  balanceMinor: bigint;
}

export type LineBalance = { ok: true; iccid: string; accountId: string; wallet: WalletView; buckets: BucketView[]; asOf: number } | { ok: false; code: 'unknown_esim' };

export type AccountBalances = { ok: true; accountId: string; wallet: WalletView; esims: { iccid: string; buckets: BucketView[] }[]; asOf: number } | { ok: false; code: 'unknown_account' };

/** Expired and used-up buckets stay on show this long after they ended. */
export const ENDED_BUCKET_VISIBLE_MS = 30 * MS_PER_DAY;

type BucketRow = LineBucketRow;

type ViewWithEnd = BucketView & { purchasedAt: number; usedUpAt: number | null };

export function bucketStatus(remaining: bigint, validFrom: number | null, validTo: number | null, nowMs: number): BucketStatus {
  return remaining <= 0n ? 'used_up' : validTo !== null && validTo <= nowMs ? 'expired' : validFrom === null || validFrom > nowMs ? 'not_started' : 'active';
}

function toView(r: BucketRow, nowMs: number): ViewWithEnd {
  const remaining = toBigInt(r.remaining);
  const validFrom = r.valid_from === null ? null : Number(r.valid_from);
  const validTo = r.valid_to === null ? null : Number(r.valid_to);
  const status = bucketStatus(remaining, validFrom, validTo, nowMs);
  return {
    bucketId: r.id,
    purchaseId: r.purchase_id,
    planId: r.plan_id,
    kind: r.kind as UsageKind,
    initial: toBigInt(r.initial),
    remaining,
    validFrom,
    validTo,
    status,
    purchasedAt: Number(r.purchased_at),
    usedUpAt: r.used_up_at === null ? null : Number(r.used_up_at),
    endedAt: status === 'used_up' ? (r.used_up_at === null ? Number(r.purchased_at) : Number(r.used_up_at)) : status === 'expired' ? validTo : null,
  };
}

function isVisible(b: ViewWithEnd, nowMs: number): boolean {
  const since = nowMs - ENDED_BUCKET_VISIBLE_MS;
  if (b.status === 'active' || b.status === 'not_started') return true;
  // Units are drawn only before validTo, so a bucket whose validity ended before `since` ended then.
  if (b.validTo !== null && b.validTo <= since) return false;
  if (b.status === 'expired') return true;
  // A used-up bucket ran out at the start of the event that drew its last units, which the rater
  // keeps on the bucket; one that never had units ran out at its purchase.
  return (b.usedUpAt ?? b.purchasedAt) >= since;
}

function visibleViews(rows: readonly BucketRow[], nowMs: number, byLine: Map<string, BucketView[]>): void {
  for (const row of rows) {
    const view = toView(row, nowMs);
    if (!isVisible(view, nowMs)) continue;
    const { purchasedAt: _purchasedAt, usedUpAt: _usedUpAt, ...bucket } = view;
    byLine.get(row.iccid)?.push(bucket);
  }
}

/** The buckets to show per line: active or not started, or ended within the last 30 days. */
export async function visibleBuckets(db: Db, iccids: readonly string[], nowMs: number): Promise<Map<string, BucketView[]>> {
  const byLine = new Map<string, BucketView[]>(iccids.map((i) => [i, []]));
  if (iccids.length === 0) return byLine;
  const rows = await db
    .selectFrom('buckets')
    .select(['id', 'purchase_id', 'iccid', 'plan_id', 'kind', 'initial', 'remaining', 'valid_from', 'valid_to', 'purchased_at', 'used_up_at'])
    .where('iccid', 'in', iccids)
    .orderBy('purchased_at')
    .orderBy('id')
    .execute();
  visibleViews(rows, nowMs, byLine);
  return byLine;
}

/** Reads in one snapshot so the wallet and the buckets agree (SQLite: a deferred read transaction). */
function snapshot<T>(store: Store, fn: (db: Db) => Promise<T>): Promise<T> {
  return store.db.transaction().setIsolationLevel('repeatable read').execute(fn);
}

async function walletOf(db: Db, accountId: string, accountCurrency: string): Promise<WalletView> {
  const w = await db.selectFrom('wallets').select(['currency', 'balance_minor']).where('account_id', '=', accountId).executeTakeFirst();
  return w ? { currency: w.currency, balanceMinor: toBigInt(w.balance_minor) } : { currency: accountCurrency, balanceMinor: 0n };
}

/** One line's wallet and buckets as of `nowMs`, read in one snapshot (the store's fastest way for this dialect). */
export async function getLineBalance(store: Store, iccid: string, nowMs: number): Promise<LineBalance> {
  const { line, buckets } = await store.ledger.readLine(iccid);
  const byLine = new Map<string, BucketView[]>([[iccid, []]]);
  visibleViews(buckets, nowMs, byLine);
  return lineBalanceOf(line, iccid, byLine.get(iccid)!, nowMs);
}

function lineBalanceOf(line: LineRow | undefined, iccid: string, buckets: BucketView[], nowMs: number): LineBalance {
  if (line === undefined) return { ok: false, code: 'unknown_esim' };
  const wallet: WalletView =
    line.wallet_currency === null || line.balance_minor === null ? { currency: line.currency, balanceMinor: 0n } : { currency: line.wallet_currency, balanceMinor: toBigInt(line.balance_minor) };
  return { ok: true, iccid, accountId: line.account_id, wallet, buckets, asOf: nowMs };
}

/** An account's wallet and the buckets of each of its eSIMs (ordered by ICCID). */
export function getAccountBalances(store: Store, accountId: string, nowMs: number): Promise<AccountBalances> {
  return snapshot(store, (db) => accountBalances(db, accountId, nowMs));
}

async function accountBalances(db: Db, accountId: string, nowMs: number): Promise<AccountBalances> {
  const account = await db.selectFrom('accounts').select('currency').where('id', '=', accountId).executeTakeFirst();
  if (account === undefined) return { ok: false, code: 'unknown_account' };
  const wallet = await walletOf(db, accountId, account.currency);
  const lines = await db.selectFrom('esims').select('iccid').where('account_id', '=', accountId).orderBy('iccid').execute();
  const byLine = await visibleBuckets(
    db,
    lines.map((l) => l.iccid),
    nowMs,
  );
  const esims = lines.map((l) => ({ iccid: l.iccid, buckets: byLine.get(l.iccid) ?? [] }));
  return { ok: true, accountId, wallet, esims, asOf: nowMs };
}
