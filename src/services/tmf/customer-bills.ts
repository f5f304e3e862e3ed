/**
 * TMF678 from the ledger: one bill per account per calendar month (account time zone) with
 * charges (usage, purchases, debit adjustments) and credits (top-ups, credit adjustments);
 * one applied rate per charged usage record and per wallet-paid purchase.
 */
import { randomUUID } from 'node:crypto';
import { toBigInt } from '../../domain/money.js';
import type { Store } from '../../store/open-store.js';
import { boundsOf, isBilledAt, monthOf } from './bill-periods.js';

export interface Bill {
  id: string; accountId: string; currency: string; month: string; fromMs: number; toMs: number; closed: boolean;
  chargesMinor: bigint; creditsMinor: bigint; entries: number; state: string;
}

export const billIdOf = (accountId: string, month: string) => `B-${month}-${accountId}`;
const parseBillId = (id: string) => (/^B-\d{4}-(0[1-9]|1[0-2])-./.test(id) ? { month: id.slice(2, 9), accountId: id.slice(10) } : undefined);

type Account = { id: string; currency: string; time_zone: string };

async function accounts(store: Store, id?: string): Promise<Account[]> {
  let q = store.db.selectFrom('accounts').select(['id', 'currency', 'time_zone']);
  if (id !== undefined) q = q.where('id', '=', id);
  return q.orderBy('id').execute();
}

async function billsOf(store: Store, a: Account, nowMs: number, onlyMonth?: string): Promise<Bill[]> {
  const states = new Map((await store.db.selectFrom('tmf_bill_states').select(['bill_id', 'state']).where('bill_id', 'like', `B-%-${a.id}`).execute()).map((s) => [s.bill_id, s.state]));
  const requested = await store.db.selectFrom('tmf_bill_requests').select('bill_id').where('account_id', '=', a.id).execute();
  const months = new Map<string, Bill>();
  const bill = (month: string): Bill => {
    let b = months.get(month);
    if (!b) {
      const { fromMs, toMs } = boundsOf(month, a.time_zone);
      const id = billIdOf(a.id, month);
      b = { id, accountId: a.id, currency: a.currency, month, fromMs, toMs, closed: toMs <= nowMs, chargesMinor: 0n, creditsMinor: 0n, entries: 0, state: '' };
      b.state = states.get(id) ?? (b.closed ? 'settled' : 'new');
      months.set(month, b);
    }
    return b;
  };
  let q = store.db.selectFrom('ledger_entries').select(['at', 'amount_minor']).where('account_id', '=', a.id).where('at', '<=', nowMs);
  if (onlyMonth !== undefined) { const r = boundsOf(onlyMonth, a.time_zone); q = q.where('at', '>=', r.fromMs).where('at', '<', r.toMs); }
  for (const e of await q.execute()) {
    const b = bill(monthOf(Number(e.at), a.time_zone));
    const amount = toBigInt(e.amount_minor);
    if (amount < 0n) b.chargesMinor -= amount; else b.creditsMinor += amount;
    b.entries += 1;
  }
  for (const r of requested) { const p = parseBillId(r.bill_id); if (p && (onlyMonth === undefined || p.month === onlyMonth)) bill(p.month); }
  if (onlyMonth !== undefined) bill(onlyMonth);
  return [...months.values()].sort((x, y) => (x.month < y.month ? 1 : -1));
}

export async function listBills(store: Store, nowMs: number): Promise<Bill[]> {
  const out: Bill[] = [];
  for (const a of await accounts(store)) out.push(...await billsOf(store, a, nowMs));
  return out;
}

export async function getBill(store: Store, id: string, nowMs: number): Promise<Bill | undefined> {
  const p = parseBillId(id);
  const [a] = p ? await accounts(store, p.accountId) : [];
  if (!p || !a || boundsOf(p.month, a.time_zone).fromMs > nowMs) return undefined;
  return (await billsOf(store, a, nowMs, p.month))[0];
}

export const BILL_STATES = ['new', 'onHold', 'validated', 'sent', 'settled', 'partiallyPaid'] as const;

export async function setBillState(store: Store, id: string, state: string, nowMs: number): Promise<Bill | undefined> {
  if (!(await getBill(store, id, nowMs))) return undefined;
  await store.db.deleteFrom('tmf_bill_states').where('bill_id', '=', id).execute();
  await store.db.insertInto('tmf_bill_states').values({ bill_id: id, state, updated_at: nowMs }).execute();
  return getBill(store, id, nowMs);
}

export interface BillRequest { id: string; accountId: string; billId: string; body: Record<string, unknown>; createdAt: number }

/** A bill on demand: the account's bill of the current month, as of now. */
export async function requestBill(store: Store, accountId: string, body: Record<string, unknown>, nowMs: number): Promise<BillRequest | undefined> {
  const [a] = await accounts(store, accountId);
  if (!a) return undefined;
  const r = { id: randomUUID(), accountId, billId: billIdOf(accountId, monthOf(nowMs, a.time_zone)), body, createdAt: nowMs };
  await store.db.insertInto('tmf_bill_requests').values({ id: r.id, account_id: accountId, bill_id: r.billId, body: JSON.stringify(body), created_at: nowMs }).execute();
  return r;
}

export async function listBillRequests(store: Store, id?: string): Promise<BillRequest[]> {
  let q = store.db.selectFrom('tmf_bill_requests').selectAll();
  if (id !== undefined) q = q.where('id', '=', id);
  return (await q.orderBy('created_at').execute()).map((r) => ({
    id: r.id, accountId: r.account_id, billId: r.bill_id, body: JSON.parse(r.body) as Record<string, unknown>, createdAt: Number(r.created_at),
  }));
}

export interface AppliedRate {
  id: string; type: 'usage' | 'purchase'; accountId: string; currency: string; at: number; amountMinor: bigint;
  name: string; productId: string; billId: string; isBilled: boolean;
}

export async function listAppliedRates(store: Store, nowMs: number, id?: string): Promise<AppliedRate[]> {
  const recordId = id?.startsWith('usage-') ? id.slice(6) : undefined;
  const purchaseId = id?.startsWith('purchase-') ? id.slice(9) : undefined;
  const out: AppliedRate[] = [];
  const rate = (a: { at: number; tz: string }, r: Omit<AppliedRate, 'billId' | 'isBilled'>) =>
    out.push({ ...r, billId: billIdOf(r.accountId, monthOf(a.at, a.tz)), isBilled: isBilledAt(a.at, a.tz, nowMs) });
  if (id === undefined || (recordId !== undefined && /^\d{1,19}$/.test(recordId))) {
    let q = store.db.selectFrom('usage_records').innerJoin('accounts', 'accounts.id', 'usage_records.account_id')
      .select(['usage_records.id', 'account_id', 'accounts.currency', 'accounts.time_zone', 'started_at', 'amount_minor', 'kind', 'country', 'iccid'])
      .where('amount_minor', '>', 0);
    if (recordId !== undefined) q = q.where('usage_records.id', '=', BigInt(recordId));
    for (const r of await q.orderBy('usage_records.id').execute()) {
      rate({ at: Number(r.started_at), tz: r.time_zone }, { id: `usage-${r.id}`, type: 'usage', accountId: r.account_id, currency: r.currency, at: Number(r.started_at),
        amountMinor: toBigInt(r.amount_minor), name: `${r.kind} in ${r.country}`, productId: r.iccid });
    }
  }
  if (id === undefined || purchaseId !== undefined) {
    let q = store.db.selectFrom('purchases').innerJoin('accounts', 'accounts.id', 'purchases.account_id')
      .select(['purchases.id', 'account_id', 'purchases.currency', 'accounts.time_zone', 'at', 'price_minor', 'plan_id'])
      .where('paid_from', '=', 'wallet').where('price_minor', '>', 0);
    if (purchaseId !== undefined) q = q.where('purchases.id', '=', purchaseId);
    for (const p of await q.orderBy('at').execute()) {
      rate({ at: Number(p.at), tz: p.time_zone }, { id: `purchase-${p.id}`, type: 'purchase', accountId: p.account_id, currency: p.currency, at: Number(p.at),
        amountMinor: toBigInt(p.price_minor), name: `plan ${p.plan_id}`, productId: p.id });
    }
  }
  return out;
}
