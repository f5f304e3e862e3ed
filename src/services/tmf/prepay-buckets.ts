/** TMF654 buckets: each account's wallet (a monetary bucket whose id is the account id), plan buckets, TMF-declared ones. */
import { randomUUID } from 'node:crypto';
import { toBigInt } from '../../domain/money.js';
import type { Store } from '../../store/open-store.js';
import { keysetPage, type PageArgs, type PageOf } from '../../store/keyset.js';
import { bucketStatus, visibleBuckets } from '../query-balances.js';

export type PrepayBucket =
  | { type: 'wallet'; id: string; accountId: string; name: string; currency: string; balanceMinor: bigint; updatedAt: number }
  | {
      type: 'plan';
      id: string;
      accountId: string;
      iccid: string;
      purchaseId: string;
      planId: string;
      kind: string;
      initial: bigint;
      remaining: bigint;
      validFrom: number | null;
      validTo: number | null;
      status: string;
      purchasedAt: number;
    }
  | { type: 'declared'; id: string; usageType: string; body: Record<string, unknown>; createdAt: number };

/** `iccids` holds plan buckets to those lines (an app's consented eSIMs); wallets are the account's. */
export interface BucketFilter {
  id?: string;
  accountId?: string;
  accountIds?: readonly string[];
  iccid?: string;
  iccids?: readonly string[];
  usageType?: string;
}
type Arm = (args: PageArgs) => Promise<PageOf<PrepayBucket>>;
const byId = <R extends { id: string }>() => ({ columns: ['id'], keyOf: (r: R) => [r.id] });
const PLAN_KINDS = ['data', 'voice', 'sms'];

function walletArm(store: Store, f: BucketFilter): Arm | undefined {
  if (f.iccid !== undefined || (f.usageType !== undefined && f.usageType !== 'monetary')) return undefined;
  let q = store.db
    .selectFrom('wallets')
    .innerJoin('accounts', 'accounts.id', 'wallets.account_id')
    .select(['wallets.account_id as id', 'accounts.name', 'wallets.currency', 'wallets.balance_minor', 'wallets.updated_at']);
  if (f.accountId !== undefined) q = q.where('wallets.account_id', '=', f.accountId);
  if (f.id !== undefined) q = q.where('wallets.account_id', '=', f.id);
  if (f.accountIds !== undefined) q = q.where('wallets.account_id', 'in', f.accountIds.length > 0 ? f.accountIds : ['']);
  return (args) =>
    keysetPage(q, { columns: ['wallets.account_id'], keyOf: (r) => [r.id] }, args, (w): PrepayBucket => ({
      type: 'wallet',
      id: w.id,
      accountId: w.id,
      name: w.name,
      currency: w.currency,
      balanceMinor: toBigInt(w.balance_minor),
      updatedAt: Number(w.updated_at),
    }));
}

function planArm(store: Store, f: BucketFilter, nowMs: number): Arm | undefined {
  if (f.usageType !== undefined && !PLAN_KINDS.includes(f.usageType)) return undefined;
  let q = store.db
    .selectFrom('bucket_plans as p')
    .innerJoin('bucket_balances as b', 'b.id', 'p.id')
    .innerJoin('esims as e', 'e.iccid', 'p.iccid')
    .select(['p.id', 'p.purchase_id', 'p.iccid', 'p.plan_id', 'p.kind', 'p.initial', 'p.purchased_at', 'b.remaining', 'b.valid_from', 'b.valid_to', 'e.account_id']);
  if (f.accountId !== undefined) q = q.where('e.account_id', '=', f.accountId);
  if (f.iccid !== undefined) q = q.where('p.iccid', '=', f.iccid);
  if (f.iccids !== undefined) q = q.where('p.iccid', 'in', f.iccids.length > 0 ? f.iccids : ['']);
  if (f.id !== undefined) q = q.where('p.id', '=', f.id);
  if (f.usageType !== undefined) q = q.where('p.kind', '=', f.usageType);
  return (args) =>
    keysetPage(q, { columns: ['p.id'], keyOf: (r) => [r.id] }, args, (r): PrepayBucket => {
      const remaining = toBigInt(r.remaining);
      const validFrom = r.valid_from === null ? null : Number(r.valid_from);
      const validTo = r.valid_to === null ? null : Number(r.valid_to);
      return {
        type: 'plan',
        id: r.id,
        accountId: r.account_id,
        iccid: r.iccid,
        purchaseId: r.purchase_id,
        planId: r.plan_id,
        kind: r.kind,
        initial: toBigInt(r.initial),
        remaining,
        validFrom,
        validTo,
        status: bucketStatus(remaining, validFrom, validTo, nowMs),
        purchasedAt: Number(r.purchased_at),
      };
    });
}

function declaredArm(store: Store, f: BucketFilter): Arm | undefined {
  if (f.accountId !== undefined || f.iccid !== undefined || f.iccids !== undefined) return undefined;
  let q = store.db.selectFrom('tmf_buckets').selectAll();
  if (f.usageType !== undefined) q = q.where('usage_type', '=', f.usageType);
  if (f.id !== undefined) q = q.where('id', '=', f.id);
  return (args) =>
    keysetPage(q, byId(), args, (r): PrepayBucket => ({
      type: 'declared',
      id: r.id,
      usageType: r.usage_type,
      body: JSON.parse(r.body) as Record<string, unknown>,
      createdAt: Number(r.created_at),
    }));
}

/**
 * Every bucket by id: wallets (id = account id), plan buckets (ended ones too, with their status)
 * and declared ones, each from its own key index, merged (ids compare by code point, as under the
 * C collation the databases use). An offset reads at most offset + limit rows of each kind.
 */
export async function bucketsPage(store: Store, f: BucketFilter, args: PageArgs, nowMs: number): Promise<PageOf<PrepayBucket>> {
  const arms = [walletArm(store, f), planArm(store, f, nowMs), declaredArm(store, f)].filter((a): a is Arm => a !== undefined);
  const armArgs = { ...(args.after ? { after: args.after } : {}), offset: 0, limit: args.offset + args.limit };
  const pages = await Promise.all(arms.map((arm) => arm(armArgs)));
  const merged = pages.flatMap((p) => p.items).sort((x, y) => (x.value.id < y.value.id ? -1 : x.value.id > y.value.id ? 1 : 0));
  return { items: merged.slice(args.offset, args.offset + args.limit), more: merged.length > args.offset + args.limit || pages.some((p) => p.more) };
}

export async function getPrepayBucket(store: Store, id: string, nowMs: number): Promise<PrepayBucket | undefined> {
  return (await bucketsPage(store, { id }, { offset: 0, limit: 1 }, nowMs)).items[0]?.value;
}

/** A bucket declared through TMF654 POST /bucket: recorded as given, outside the ledger (no units, no money). */
export async function declareBucket(store: Store, body: Record<string, unknown> & { usageType: string }, nowMs: number): Promise<PrepayBucket> {
  const { id: _id, href: _href, ...rest } = body;
  const bucket = { type: 'declared' as const, id: randomUUID(), usageType: body.usageType, body: rest, createdAt: nowMs };
  await store.db
    .insertInto('tmf_buckets')
    .values({ id: bucket.id, usage_type: bucket.usageType, body: JSON.stringify(rest), created_at: nowMs })
    .execute();
  return bucket;
}

export type WalletBucket = Extract<PrepayBucket, { type: 'wallet' }>;

/** The wallets of some accounts (a page of them), by account id. */
export async function walletsOf(store: Store, accountIds: readonly string[]): Promise<Map<string, WalletBucket>> {
  if (accountIds.length === 0) return new Map();
  const page = await walletArm(store, { accountIds })!({ offset: 0, limit: accountIds.length });
  return new Map(page.items.map((i) => [i.value.id, i.value as WalletBucket]));
}

/** The plan buckets on show of some lines (active, not started, or ended within 30 days), by ICCID. */
export async function planBucketsOf(store: Store, lines: readonly { iccid: string; accountId: string }[], nowMs: number): Promise<Map<string, PrepayBucket[]>> {
  const byLine = await visibleBuckets(
    store.db,
    lines.map((l) => l.iccid),
    nowMs,
  );
  return new Map(
    lines.map((l) => [
      l.iccid,
      (byLine.get(l.iccid) ?? []).map((b): PrepayBucket => ({
        type: 'plan',
        id: b.bucketId,
        accountId: l.accountId,
        iccid: l.iccid,
        purchaseId: b.purchaseId,
        planId: b.planId,
        kind: b.kind,
        initial: b.initial,
        remaining: b.remaining,
        validFrom: b.validFrom,
        validTo: b.validTo,
        status: b.status,
        purchasedAt: b.validFrom ?? nowMs,
      })),
    ]),
  );
}

/** Each account's wallet, then its lines' plan buckets on show, for a page of accounts. */
export async function accountsBuckets(store: Store, accountIds: readonly string[], nowMs: number): Promise<Map<string, PrepayBucket[]>> {
  if (accountIds.length === 0) return new Map();
  const lines = await store.db.selectFrom('esims').select(['iccid', 'account_id as accountId']).where('account_id', 'in', accountIds).orderBy('iccid').execute();
  const [wallets, plans] = await Promise.all([walletsOf(store, accountIds), planBucketsOf(store, lines, nowMs)]);
  return new Map(
    accountIds.map((id) => {
      const wallet = wallets.get(id);
      return [id, [...(wallet ? [wallet] : []), ...lines.filter((l) => l.accountId === id).flatMap((l) => plans.get(l.iccid) ?? [])]];
    }),
  );
}

/** All buckets on show an account holds: its wallet, then its lines' plan buckets. */
export async function accountBuckets(store: Store, accountId: string, nowMs: number): Promise<PrepayBucket[]> {
  return (await accountsBuckets(store, [accountId], nowMs)).get(accountId) ?? [];
}

/** Wallets (one per account) a page at a time by account id: the accumulated balances a TMF654 list walks. */
export function walletsPage(store: Store, f: { accountIds?: string[] }, args: PageArgs): Promise<PageOf<PrepayBucket>> {
  return walletArm(store, f)!(args);
}
