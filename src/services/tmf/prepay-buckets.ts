/** TMF654 buckets: each account's wallet (a monetary bucket whose id is the account id), plan buckets, TMF-declared ones. */
import { randomUUID } from 'node:crypto';
import { toBigInt } from '../../domain/money.js';
import type { Store } from '../../store/open-store.js';
import { visibleBuckets } from '../query-balances.js';

export type PrepayBucket =
  | { type: 'wallet'; id: string; accountId: string; name: string; currency: string; balanceMinor: bigint; updatedAt: number }
  | { type: 'plan'; id: string; accountId: string; iccid: string; purchaseId: string; planId: string; kind: string; initial: bigint;
      remaining: bigint; validFrom: number | null; validTo: number | null; status: string; purchasedAt: number }
  | { type: 'declared'; id: string; usageType: string; body: Record<string, unknown>; createdAt: number };

async function wallets(store: Store, accountId?: string): Promise<PrepayBucket[]> {
  let q = store.db.selectFrom('wallets').innerJoin('accounts', 'accounts.id', 'wallets.account_id')
    .select(['wallets.account_id', 'accounts.name', 'wallets.currency', 'wallets.balance_minor', 'wallets.updated_at']);
  if (accountId !== undefined) q = q.where('wallets.account_id', '=', accountId);
  return (await q.orderBy('wallets.account_id').execute()).map((w) => ({
    type: 'wallet', id: w.account_id, accountId: w.account_id, name: w.name, currency: w.currency,
    balanceMinor: toBigInt(w.balance_minor), updatedAt: Number(w.updated_at),
  }));
}

async function planBuckets(store: Store, nowMs: number, lines?: string[]): Promise<PrepayBucket[]> {
  let q = store.db.selectFrom('esims').select(['iccid', 'account_id']);
  if (lines !== undefined) q = q.where('iccid', 'in', lines.length > 0 ? lines : ['']);
  const esims = await q.orderBy('iccid').execute();
  const byLine = await visibleBuckets(store.db, esims.map((e) => e.iccid), nowMs);
  return esims.flatMap((e) => (byLine.get(e.iccid) ?? []).map((b): PrepayBucket => ({
    type: 'plan', id: b.bucketId, accountId: e.account_id, iccid: e.iccid, purchaseId: b.purchaseId, planId: b.planId, kind: b.kind,
    initial: b.initial, remaining: b.remaining, validFrom: b.validFrom, validTo: b.validTo, status: b.status,
    purchasedAt: b.validFrom ?? nowMs,
  })));
}

async function declared(store: Store, id?: string): Promise<PrepayBucket[]> {
  let q = store.db.selectFrom('tmf_buckets').selectAll();
  if (id !== undefined) q = q.where('id', '=', id);
  return (await q.orderBy('created_at').execute()).map((r) => ({
    type: 'declared', id: r.id, usageType: r.usage_type, body: JSON.parse(r.body) as Record<string, unknown>, createdAt: Number(r.created_at),
  }));
}

export async function listPrepayBuckets(store: Store, nowMs: number): Promise<PrepayBucket[]> {
  return [...await wallets(store), ...await planBuckets(store, nowMs), ...await declared(store)];
}

export async function getPrepayBucket(store: Store, id: string, nowMs: number): Promise<PrepayBucket | undefined> {
  const line = await store.db.selectFrom('buckets').select('iccid').where('id', '=', id).executeTakeFirst();
  if (line) return (await planBuckets(store, nowMs, [line.iccid])).find((b) => b.id === id);
  return (await wallets(store, id))[0] ?? (await declared(store, id))[0];
}

/** A bucket declared through TMF654 POST /bucket: recorded as given, outside the ledger (no units, no money). */
export async function declareBucket(store: Store, body: Record<string, unknown> & { usageType: string }, nowMs: number): Promise<PrepayBucket> {
  const { id: _id, href: _href, ...rest } = body;
  const bucket = { type: 'declared' as const, id: randomUUID(), usageType: body.usageType, body: rest, createdAt: nowMs };
  await store.db.insertInto('tmf_buckets').values({ id: bucket.id, usage_type: bucket.usageType, body: JSON.stringify(rest), created_at: nowMs }).execute();
  return bucket;
}

/** All buckets an account holds: its wallet, then its lines' plan buckets. */
export async function accountBuckets(store: Store, accountId: string, nowMs: number): Promise<PrepayBucket[]> {
  const lines = await store.db.selectFrom('esims').select('iccid').where('account_id', '=', accountId).execute();
  return [...await wallets(store, accountId), ...await planBuckets(store, nowMs, lines.map((l) => l.iccid))];
}

/** Every account id, in order: the accumulated balances a TMF654 list walks. */
export async function listAccountIds(store: Store): Promise<string[]> {
  return (await store.db.selectFrom('accounts').select('id').orderBy('id').execute()).map((a) => a.id);
}
