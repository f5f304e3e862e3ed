/** TMF677: a line's usage consumption — its plan buckets (remaining and used) and its account's wallet. */
import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/open-store.js';
import { accountBuckets, type PrepayBucket } from './prepay-buckets.js';

export interface LineConsumption { iccid: string; msisdn: string | null; accountId: string; buckets: PrepayBucket[]; asOf: number }

export async function lineConsumptions(store: Store, nowMs: number, criteria: { iccid?: string; accountId?: string } = {}): Promise<LineConsumption[]> {
  let q = store.db.selectFrom('esims').select(['iccid', 'msisdn', 'account_id']);
  if (criteria.iccid !== undefined) q = q.where('iccid', '=', criteria.iccid);
  if (criteria.accountId !== undefined) q = q.where('account_id', '=', criteria.accountId);
  const lines = await q.orderBy('iccid').execute();
  const byAccount = new Map<string, PrepayBucket[]>();
  const out: LineConsumption[] = [];
  for (const l of lines) {
    if (!byAccount.has(l.account_id)) byAccount.set(l.account_id, await accountBuckets(store, l.account_id, nowMs));
    const all = byAccount.get(l.account_id)!;
    // The line's own buckets first; the account's wallet (shared by its lines) last.
    const buckets = [...all.filter((b) => b.type === 'plan' && b.iccid === l.iccid), ...all.filter((b) => b.type === 'wallet')];
    out.push({ iccid: l.iccid, msisdn: l.msisdn, accountId: l.account_id, buckets, asOf: nowMs });
  }
  return out;
}

export interface StoredQuery { id: string; body: Record<string, unknown>; createdAt: number }

export async function saveQuery(store: Store, body: Record<string, unknown>, nowMs: number): Promise<StoredQuery> {
  const q = { id: randomUUID(), body, createdAt: nowMs };
  await store.db.insertInto('tmf_usage_queries').values({ id: q.id, body: JSON.stringify(body), created_at: nowMs }).execute();
  return q;
}

export async function listQueries(store: Store, id?: string): Promise<StoredQuery[]> {
  let q = store.db.selectFrom('tmf_usage_queries').selectAll();
  if (id !== undefined) q = q.where('id', '=', id);
  return (await q.orderBy('created_at').execute()).map((r) => ({ id: r.id, body: JSON.parse(r.body) as Record<string, unknown>, createdAt: Number(r.created_at) }));
}

export async function deleteQuery(store: Store, id: string): Promise<boolean> {
  return Number((await store.db.deleteFrom('tmf_usage_queries').where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0;
}
