/**
 * TMF678 from the ledger: one bill per account per calendar month (account time zone) with
 * charges (usage, purchases, debit adjustments) and credits (top-ups, credit adjustments),
 * summed when asked for, one account's month at a time (applied rates: applied-rates.ts).
 */
import { randomUUID } from 'node:crypto';
import { toBigInt } from '../../domain/money.js';
import { keysetPage, numberPart, type PageArgs, type PageOf } from '../../store/keyset.js';
import type { Store } from '../../store/open-store.js';
import { boundsOf, monthOf } from './bill-periods.js';

export interface Bill {
  id: string;
  accountId: string;
  currency: string;
  month: string;
  fromMs: number;
  toMs: number;
  closed: boolean;
  chargesMinor: bigint;
  creditsMinor: bigint;
  entries: number;
  state: string;
}

export const billIdOf = (accountId: string, month: string) => `B-${month}-${accountId}`;
const parseBillId = (id: string) => (/^B-\d{4}-(0[1-9]|1[0-2])-./.test(id) ? { month: id.slice(2, 9), accountId: id.slice(10) } : undefined);

type Account = { id: string; currency: string; timeZone: string; firstMs: number };

/**
 * Accounts by id from `fromId` (inclusive or not), each with the instant its bills begin: its
 * creation, or its first ledger entry when that came first (one probe of ledger_account each).
 */
async function accountsFrom(store: Store, f: { accountId?: string }, from: { id: string; inclusive: boolean } | undefined, n: number): Promise<Account[]> {
  let q = store.db.selectFrom('accounts as a').select([
    'a.id',
    'a.currency',
    'a.time_zone',
    'a.created_at',
    (eb) =>
      eb
        .selectFrom('ledger_entries as l')
        .select((e) => e.fn.min('l.at').as('m'))
        .whereRef('l.account_id', '=', 'a.id')
        .as('first_entry'),
  ]);
  if (f.accountId !== undefined) q = q.where('a.id', '=', f.accountId);
  if (from !== undefined) q = q.where('a.id', from.inclusive ? '>=' : '>', from.id);
  const rows = await q.orderBy('a.id').limit(n).execute();
  return rows.map((r) => ({
    id: r.id,
    currency: r.currency,
    timeZone: r.time_zone,
    firstMs: Math.min(Number(r.created_at), r.first_entry === null ? Infinity : Number(r.first_entry)),
  }));
}

function previousMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/** An account's bill months, newest first: from the one its bills begin in to the current one. */
function monthsOf(a: Account, nowMs: number): string[] {
  if (a.firstMs > nowMs) return [];
  const first = monthOf(a.firstMs, a.timeZone);
  const months: string[] = [];
  for (let m = monthOf(nowMs, a.timeZone); m >= first; m = previousMonth(m)) months.push(m);
  return months;
}

/** One bill's figures: the account's ledger entries of that month up to now (ledger_account range). */
async function billOf(store: Store, a: Account, month: string, nowMs: number, state: string | undefined): Promise<Bill> {
  const { fromMs, toMs } = boundsOf(month, a.timeZone);
  const sums = await store.db
    .selectFrom('ledger_entries')
    .where('account_id', '=', a.id)
    .where('at', '>=', fromMs)
    .where('at', '<', Math.min(toMs, nowMs + 1))
    .select((eb) => [
      eb.fn
        .sum(
          eb
            .case()
            .when('amount_minor', '<', 0)
            .then(eb.neg(eb.ref('amount_minor')))
            .else(0)
            .end(),
        )
        .as('charges'),
      eb.fn.sum(eb.case().when('amount_minor', '>', 0).then(eb.ref('amount_minor')).else(0).end()).as('credits'),
      eb.fn.countAll().as('n'),
    ])
    .executeTakeFirstOrThrow();
  const closed = toMs <= nowMs;
  return {
    id: billIdOf(a.id, month),
    accountId: a.id,
    currency: a.currency,
    month,
    fromMs,
    toMs,
    closed,
    chargesMinor: toBigInt(sums.charges ?? 0),
    creditsMinor: toBigInt(sums.credits ?? 0),
    entries: Number(sums.n),
    state: state ?? (closed ? 'settled' : 'new'),
  };
}

async function billsFor(store: Store, refs: readonly { a: Account; month: string }[], nowMs: number): Promise<Bill[]> {
  const ids = refs.map((r) => billIdOf(r.a.id, r.month));
  const states = ids.length === 0 ? [] : await store.db.selectFrom('tmf_bill_states').select(['bill_id', 'state']).where('bill_id', 'in', ids).execute();
  const stateOf = new Map(states.map((s) => [s.bill_id, s.state]));
  return Promise.all(refs.map((r) => billOf(store, r.a, r.month, nowMs, stateOf.get(billIdOf(r.a.id, r.month)))));
}

/** Accounts read per round trip while walking bills. */
const ACCOUNT_CHUNK = 200;

/**
 * Bills by account (id order), newest month first; key [account id, month]. Walks accounts a
 * chunk at a time from the cursor (every account has at least one bill unless created in the
 * future), and sums only the page's bills: one account's month each.
 */
export async function billsPage(store: Store, f: { accountId?: string }, args: PageArgs, nowMs: number): Promise<PageOf<Bill>> {
  const want = args.limit + 1;
  const refs: { a: Account; month: string }[] = [];
  let skip = args.offset;
  let from = args.after === undefined ? undefined : { id: String(args.after[0]), inclusive: true };
  while (refs.length < want) {
    const n = Math.min(ACCOUNT_CHUNK, want - refs.length + skip);
    const accounts = await accountsFrom(store, f, from, n);
    for (const a of accounts) {
      for (const month of monthsOf(a, nowMs)) {
        if (args.after !== undefined && a.id === args.after[0] && month >= String(args.after[1])) continue;
        if (skip > 0) skip--;
        else if (refs.length < want) refs.push({ a, month });
      }
    }
    if (accounts.length < n) break;
    from = { id: accounts[accounts.length - 1]!.id, inclusive: false };
  }
  const bills = await billsFor(store, refs.slice(0, args.limit), nowMs);
  return { items: bills.map((b) => ({ key: [b.accountId, b.month], value: b })), more: refs.length > args.limit };
}

export async function getBill(store: Store, id: string, nowMs: number): Promise<Bill | undefined> {
  const p = parseBillId(id);
  const [a] = p ? await accountsFrom(store, { accountId: p.accountId }, undefined, 1) : [];
  if (!p || !a || boundsOf(p.month, a.timeZone).fromMs > nowMs) return undefined;
  return (await billsFor(store, [{ a, month: p.month }], nowMs))[0];
}

export const BILL_STATES = ['new', 'onHold', 'validated', 'sent', 'settled', 'partiallyPaid'] as const;

export async function setBillState(store: Store, id: string, state: string, nowMs: number): Promise<Bill | undefined> {
  if (!(await getBill(store, id, nowMs))) return undefined;
  await store.db.deleteFrom('tmf_bill_states').where('bill_id', '=', id).execute();
  await store.db.insertInto('tmf_bill_states').values({ bill_id: id, state, updated_at: nowMs }).execute();
  return getBill(store, id, nowMs);
}

export interface BillRequest {
  id: string;
  accountId: string;
  billId: string;
  body: Record<string, unknown>;
  createdAt: number;
}

/** A bill on demand: the account's bill of the current month, as of now. */
export async function requestBill(store: Store, accountId: string, body: Record<string, unknown>, nowMs: number): Promise<BillRequest | undefined> {
  const a = await store.db.selectFrom('accounts').select('time_zone').where('id', '=', accountId).executeTakeFirst();
  if (!a) return undefined;
  const r = { id: randomUUID(), accountId, billId: billIdOf(accountId, monthOf(nowMs, a.time_zone)), body, createdAt: nowMs };
  await store.db
    .insertInto('tmf_bill_requests')
    .values({ id: r.id, account_id: accountId, bill_id: r.billId, body: JSON.stringify(body), created_at: nowMs })
    .execute();
  return r;
}

/** Bill requests by (created_at, id). */
export function billRequestsPage(store: Store, f: { id?: string; accountId?: string }, args: PageArgs): Promise<PageOf<BillRequest>> {
  let q = store.db.selectFrom('tmf_bill_requests').selectAll();
  if (f.id !== undefined) q = q.where('id', '=', f.id);
  if (f.accountId !== undefined) q = q.where('account_id', '=', f.accountId);
  return keysetPage(q, { columns: ['created_at', 'id'], keyOf: (r) => [numberPart(r.created_at), r.id] }, args, (r) => ({
    id: r.id,
    accountId: r.account_id,
    billId: r.bill_id,
    body: JSON.parse(r.body) as Record<string, unknown>,
    createdAt: Number(r.created_at),
  }));
}
