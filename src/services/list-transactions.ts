/**
 * The wallet's movements of an account (top-ups, plan purchases, usage charges, adjustments):
 * its ledger entries, newest first, each with the balance after it and what it was for.
 * Dates are local calendar days of the account (`to` included).
 */
import { sql } from 'kysely';
import { planName } from '../domain/catalog.js';
import { toBigInt } from '../domain/money.js';
import type { Db, Store } from '../store/open-store.js';
import { asLedgerKind, type LedgerKind, type StatementLine } from './statements/build-statement.js';
import { accountOf, type AccountView } from './query-account.js';
import { bounds, type LocalDate } from './query-account-usage.js';

export const LEDGER_KINDS = ['topup', 'purchase', 'usage', 'adjust'] as const satisfies readonly LedgerKind[];
export const MAX_TRANSACTIONS_PAGE = 200;

export interface Transaction {
  id: string;
  at: number;
  kind: LedgerKind;
  /** Signed: credits positive, debits negative. */
  amountMinor: bigint;
  balanceAfterMinor: bigint;
  ref: string;
  detail: StatementLine['detail'];
}

export interface TransactionsRequest {
  accountId: string;
  kinds?: readonly LedgerKind[];
  from?: LocalDate;
  to?: LocalDate;
  limit?: number;
  offset?: number;
}

export interface TransactionsPage {
  account: AccountView;
  total: number;
  transactions: Transaction[];
}

interface Row {
  id: unknown;
  at: unknown;
  amount_minor: unknown;
  kind: string;
  ref: string;
  balance_after: unknown;
}

export async function listTransactions(store: Store, req: TransactionsRequest): Promise<{ ok: true; value: TransactionsPage } | { ok: false; code: 'unknown_account' | 'invalid_range' }> {
  const account = await accountOf(store.db, req.accountId);
  if (!account) return { ok: false, code: 'unknown_account' };
  if (req.from !== undefined && req.to !== undefined && req.from > req.to) return { ok: false, code: 'invalid_range' };
  const fromMs = req.from === undefined ? undefined : bounds(req.from, req.from, account.timeZone).fromMs;
  const toMs = req.to === undefined ? undefined : bounds(req.to, req.to, account.timeZone).toMs;
  // `adjust` stands for every kind the ledger does not name otherwise (as on the statement).
  const kinds = req.kinds?.length ? req.kinds : undefined;
  const where = sql.join(
    [
      sql`true`,
      ...(fromMs === undefined ? [] : [sql`at >= ${fromMs}`]),
      ...(toMs === undefined ? [] : [sql`at < ${toMs}`]),
      ...(kinds === undefined ? [] : [kinds.includes('adjust') ? sql`kind not in (${sql.join(LEDGER_KINDS.filter((k) => !kinds.includes(k)))})` : sql`kind in (${sql.join([...kinds])})`]),
    ],
    sql` and `,
  );
  // The running balance is summed over every entry, before the filter picks the page.
  const all = sql`select id, at, amount_minor, kind, ref,
      sum(amount_minor) over (order by at, id rows between unbounded preceding and current row) as balance_after
    from ledger_entries where account_id = ${req.accountId}`;
  const count = await sql<{ n: unknown }>`select count(*) as n from (${all}) t where ${where}`.execute(store.db);
  const rows = await sql<Row>`select * from (${all}) t where ${where} order by at desc, id desc
    limit ${req.limit ?? 50} offset ${req.offset ?? 0}`.execute(store.db);
  const details = await detailsOf(
    store.db,
    account,
    rows.rows.map((r) => r.ref),
  );
  return {
    ok: true,
    value: {
      account,
      total: Number(count.rows[0]?.n ?? 0),
      transactions: rows.rows.map((r) => ({
        id: String(r.id),
        at: Number(r.at),
        kind: asLedgerKind(r.kind),
        amountMinor: toBigInt(r.amount_minor),
        balanceAfterMinor: toBigInt(r.balance_after),
        ref: r.ref,
        detail: details.get(r.ref) ?? {},
      })),
    },
  };
}

const idsWith = (refs: string[], prefix: string) => refs.filter((r) => r.startsWith(`${prefix}:`)).map((r) => r.slice(prefix.length + 1));

/** What each `topup:`, `purchase:`, `usage:` and `adjust:` ref names, in three small look-ups. */
async function detailsOf(db: Db, account: AccountView, refs: string[]): Promise<Map<string, StatementLine['detail']>> {
  const out = new Map<string, StatementLine['detail']>();
  const topups = idsWith(refs, 'topup');
  if (topups.length > 0) {
    for (const t of await db.selectFrom('topups').select(['id', 'method', 'voucher_serial', 'payment_ref']).where('id', 'in', topups).execute()) {
      out.set(`topup:${t.id}`, { method: t.method, ...(t.voucher_serial ? { voucherSerial: t.voucher_serial } : {}), ...(t.payment_ref ? { paymentRef: t.payment_ref } : {}) });
    }
  }
  const purchases = idsWith(refs, 'purchase');
  if (purchases.length > 0) {
    const rows = await db
      .selectFrom('purchases')
      .leftJoin('plans', 'plans.id', 'purchases.plan_id')
      .select(['purchases.id', 'purchases.iccid', 'purchases.plan_id', 'plans.names'])
      .where('purchases.id', 'in', purchases)
      .execute();
    for (const p of rows) {
      const names = p.names === null ? {} : (JSON.parse(p.names) as Record<string, string>);
      out.set(`purchase:${p.id}`, { planName: planName({ id: p.plan_id, name: names }, account.language), iccid: p.iccid });
    }
  }
  const usage = idsWith(refs, 'usage').filter((id) => /^\d{1,19}$/.test(id));
  if (usage.length > 0) {
    const rows = await db
      .selectFrom('usage_records')
      .select(['id', 'iccid', 'kind', 'direction', 'country', 'quantity'])
      .where('account_id', '=', account.id)
      .where(
        'id',
        'in',
        usage.map((id) => BigInt(id) as never),
      )
      .execute();
    for (const u of rows) {
      out.set(`usage:${u.id}`, { usageKind: u.kind as never, direction: u.direction, country: u.country, quantity: toBigInt(u.quantity), iccid: u.iccid });
    }
  }
  const adjustments = idsWith(refs, 'adjust');
  if (adjustments.length > 0) {
    for (const a of await db.selectFrom('tmf_adjustments').select(['id', 'reason']).where('id', 'in', adjustments).execute()) {
      if (a.reason !== null) out.set(`adjust:${a.id}`, { reason: a.reason });
    }
  }
  return out;
}
