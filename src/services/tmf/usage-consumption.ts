/** TMF677: a line's usage consumption — its plan buckets (remaining and used) and its account's wallet. */
import { readLineFreshness, type LineFreshness } from '../line-freshness.js';
import { readPayg, type PaygState } from '../payg.js';
import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/open-store.js';
import { keysetPage, numberPart, type PageArgs, type PageOf } from '../../store/keyset.js';
import { planBucketsOf, walletsOf, type PrepayBucket } from './prepay-buckets.js';

export interface LineConsumption {
  iccid: string;
  msisdn: string | null;
  accountId: string;
  buckets: PrepayBucket[];
  asOf: number;
  /** How far the figures count usage (see line-freshness.ts). */
  freshness: LineFreshness;
  /** Set when the line's pay-as-you-go data this month reached the cap its subscriber set. */
  overCap: { capBytes: bigint; usedBytes: bigint } | null;
}

export interface ConsumptionFilter {
  iccid?: string;
  iccids?: readonly string[];
  accountId?: string;
  bucketId?: string;
}

/** The line a plan bucket is on, or the account a wallet bucket (id = account id) belongs to. */
async function holderOf(store: Store, bucketId: string): Promise<ConsumptionFilter | undefined> {
  const plan = await store.db.selectFrom('bucket_plans').select('iccid').where('id', '=', bucketId).executeTakeFirst();
  if (plan) return { iccid: plan.iccid };
  const wallet = await store.db.selectFrom('wallets').select('account_id').where('account_id', '=', bucketId).executeTakeFirst();
  return wallet && { accountId: wallet.account_id };
}

/** Lines by ICCID, a page at a time, each with its plan buckets on show and then its account's wallet. */
export async function lineConsumptionsPage(store: Store, nowMs: number, criteria: ConsumptionFilter, args: PageArgs): Promise<PageOf<LineConsumption>> {
  const { bucketId, ...direct } = criteria;
  const holder = bucketId === undefined ? {} : await holderOf(store, bucketId);
  if (holder === undefined) return { items: [], more: false };
  let q = store.db.selectFrom('esims').select(['iccid', 'msisdn', 'account_id']);
  // Both what was asked and the bucket's holder: a bucket of another account matches no line of this one.
  for (const c of [direct, holder]) {
    if (c.iccid !== undefined) q = q.where('iccid', '=', c.iccid);
    if (c.accountId !== undefined) q = q.where('account_id', '=', c.accountId);
  }
  if (direct.iccids !== undefined) q = q.where('iccid', 'in', direct.iccids.length > 0 ? direct.iccids : ['']);
  const page = await keysetPage(q, { columns: ['iccid'], keyOf: (r) => [r.iccid] }, args, (r) => r);
  const lines = page.items.map((i) => ({ iccid: i.value.iccid, accountId: i.value.account_id }));
  const [plans, wallets, freshness, payg] = await Promise.all([
    planBucketsOf(store, lines, nowMs),
    walletsOf(store, [...new Set(lines.map((l) => l.accountId))]),
    readLineFreshness(
      store.db,
      lines.map((l) => l.iccid),
    ),
    paygOfLines(store, lines, nowMs),
  ]);
  return {
    more: page.more,
    items: page.items.map(({ key, value: l }) => {
      const wallet = wallets.get(l.account_id);
      // The line's own buckets first; the account's wallet (shared by its lines) last.
      const buckets = [...(plans.get(l.iccid) ?? []), ...(wallet ? [wallet] : [])];
      const p = payg.get(l.iccid);
      const overCap = p?.overCap && p.capBytes !== null ? { capBytes: p.capBytes, usedBytes: p.usedThisMonthBytes } : null;
      return { key, value: { iccid: l.iccid, msisdn: l.msisdn, accountId: l.account_id, buckets, asOf: nowMs, freshness: freshness.get(l.iccid)!, overCap } };
    }),
  };
}

/** Pay-as-you-go caps of the lines, each in its account's zone (only the cap figures are used here). */
async function paygOfLines(store: Store, lines: readonly { iccid: string; accountId: string }[], nowMs: number): Promise<Map<string, PaygState>> {
  const out = new Map<string, PaygState>();
  const byAccount = new Map<string, string[]>();
  for (const l of lines) byAccount.set(l.accountId, [...(byAccount.get(l.accountId) ?? []), l.iccid]);
  const zones = await store.db
    .selectFrom('accounts')
    .select(['id', 'time_zone'])
    .where('id', 'in', [...byAccount.keys(), ''])
    .execute();
  for (const z of zones) {
    const states = await readPayg(
      store.db,
      byAccount.get(z.id)!.map((iccid) => ({ iccid, buckets: [] })),
      nowMs,
      z.time_zone,
    );
    for (const [iccid, state] of states) out.set(iccid, state);
  }
  return out;
}

/** The lines a query names (one line, or an account's lines: at most MAX_QUERY_LINES). */
export async function lineConsumptions(store: Store, nowMs: number, criteria: ConsumptionFilter): Promise<LineConsumption[]> {
  return (await lineConsumptionsPage(store, nowMs, criteria, { offset: 0, limit: MAX_QUERY_LINES })).items.map((i) => i.value);
}
export const MAX_QUERY_LINES = 1000;

export interface StoredQuery {
  id: string;
  body: Record<string, unknown>;
  createdAt: number;
}

export async function saveQuery(store: Store, body: Record<string, unknown>, nowMs: number): Promise<StoredQuery> {
  const q = { id: randomUUID(), body, createdAt: nowMs };
  await store.db
    .insertInto('tmf_usage_queries')
    .values({ id: q.id, body: JSON.stringify(body), created_at: nowMs })
    .execute();
  return q;
}

/** Stored queries by (created_at, id). */
export function queriesPage(store: Store, f: { id?: string }, args: PageArgs): Promise<PageOf<StoredQuery>> {
  let q = store.db.selectFrom('tmf_usage_queries').selectAll();
  if (f.id !== undefined) q = q.where('id', '=', f.id);
  return keysetPage(q, { columns: ['created_at', 'id'], keyOf: (r) => [numberPart(r.created_at), r.id] }, args, (r) => ({
    id: r.id,
    body: JSON.parse(r.body) as Record<string, unknown>,
    createdAt: Number(r.created_at),
  }));
}

export async function deleteQuery(store: Store, id: string): Promise<boolean> {
  return Number((await store.db.deleteFrom('tmf_usage_queries').where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0;
}
