/**
 * A monthly statement of one account: the calendar month in the account's time zone, its opening
 * balance (every ledger entry before the month), every ledger entry within it, its closing
 * balance, and the top-ups, purchases and usage behind them. Read in one snapshot, so
 * opening + sum(lines) == closing holds exactly.
 */
import { sql } from 'kysely';
import { planName } from '../../domain/catalog.js';
import { toBigInt } from '../../domain/money.js';
import { isUsageKind, type UsageKind } from '../../domain/units.js';
import type { Db, Store } from '../../store/open-store.js';
import type { Found } from '../query-account.js';
import { drawsOfRecords } from '../record-draws.js';
import { monthBounds } from '../query-usage.js';
import { countUsage, type CountryUsage, type KindUsage, type UsageRecordBrief } from './statement-usage.js';

export interface StatementAccount {
  id: string;
  name: string;
  currency: string;
  language: string;
  timeZone: string;
}

export interface StatementPeriod {
  /** `YYYY-MM`. */
  month: string;
  /** Epoch ms, half-open [from, to): the month's first and next month's first local instant. */
  from: number;
  to: number;
  /** The month named in the account's language ("2026年10月", "October 2026"). */
  label: string;
}

export interface StatementTopup {
  topupId: string;
  at: number;
  amountMinor: bigint;
  method: string;
  voucherSerial: string | null;
  paymentRef: string | null;
}

export interface StatementPurchase {
  purchaseId: string;
  at: number;
  iccid: string;
  planId: string;
  planName: string;
  paidFrom: string;
  priceMinor: bigint;
  /** What the wallet paid: the price when paid from the wallet, 0 when paid elsewhere. */
  chargedMinor: bigint;
}

export type LedgerKind = 'topup' | 'purchase' | 'usage' | 'adjust';

export interface StatementLine {
  at: number;
  kind: LedgerKind;
  /** Signed: credits positive, debits negative. */
  amountMinor: bigint;
  /** The wallet after this entry. */
  balanceAfterMinor: bigint;
  ref: string;
  /** What the entry is for, when known: a plan, a usage event, a voucher, an adjustment reason. */
  detail: {
    planName?: string;
    iccid?: string;
    method?: string;
    voucherSerial?: string;
    paymentRef?: string;
    usageKind?: UsageKind;
    direction?: string;
    country?: string;
    quantity?: bigint;
    reason?: string;
  };
}

export interface StatementTotals {
  /** Credits from top-ups. */
  topupsMinor: bigint;
  /** Debits for plans paid from the wallet (positive). */
  purchasesMinor: bigint;
  /** Debits for usage charged to the wallet (positive). */
  usageChargesMinor: bigint;
  /** Operator adjustments and any other entry (signed). */
  adjustmentsMinor: bigint;
}

export interface Statement {
  account: StatementAccount;
  period: StatementPeriod;
  openingBalanceMinor: bigint;
  closingBalanceMinor: bigint;
  totals: StatementTotals;
  topups: StatementTopup[];
  purchases: StatementPurchase[];
  usage: { byKind: KindUsage[]; byCountry: CountryUsage[] };
  lines: StatementLine[];
  /** Every usage record of the period, in-plan ones included, by start time then id, with their draws. */
  records: UsageRecordBrief[];
  /** The latest usage rated on any of the account's lines: the figures include nothing after it. */
  usageCountedTo: number | null;
}

export type StatementResult = Found<Statement, 'unknown_account'>;

export function monthKey(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function monthLabel(year: number, month: number, language: string): string {
  const format = (locale: string) => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, 1));
  try {
    return format(language);
  } catch {
    return format('en');
  }
}

/** The statement of `accountId` for calendar month `month` (1-12) of `year` in the account's zone. */
export function buildStatement(store: Store, accountId: string, year: number, month: number): Promise<StatementResult> {
  return store.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((db) => statementIn(db, accountId, year, month));
}

async function statementIn(db: Db, accountId: string, year: number, month: number): Promise<StatementResult> {
  const row = await db.selectFrom('accounts').select(['id', 'name', 'currency', 'language', 'time_zone']).where('id', '=', accountId).executeTakeFirst();
  if (row === undefined) return { ok: false, code: 'unknown_account' };
  const account: StatementAccount = { id: row.id, name: row.name, currency: row.currency, language: row.language, timeZone: row.time_zone };
  const { fromMs: from, toMs: to } = monthBounds(year, month, account.timeZone);
  const period: StatementPeriod = { month: monthKey(year, month), from, to, label: monthLabel(year, month, account.language) };

  const opening = await sql<{ total: unknown }>`select coalesce(sum(amount_minor), 0) as total from ledger_entries
    where account_id = ${accountId} and at < ${from}`.execute(db);
  const openingBalanceMinor = toBigInt(opening.rows[0]?.total ?? 0);
  const topups = await topupsIn(db, accountId, from, to);
  const purchases = await purchasesIn(db, account, from, to);
  const records = await usageRecordsIn(db, accountId, from, to);
  const entries = await db
    .selectFrom('ledger_entries')
    .select(['id', 'at', 'amount_minor', 'kind', 'ref'])
    .where('account_id', '=', accountId)
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const reasons = await adjustmentReasons(db, accountId, from, to);

  const details = new Details(topups, purchases, records, reasons);
  const totals: StatementTotals = { topupsMinor: 0n, purchasesMinor: 0n, usageChargesMinor: 0n, adjustmentsMinor: 0n };
  let balance = openingBalanceMinor;
  const lines = entries.map((e): StatementLine => {
    const amountMinor = toBigInt(e.amount_minor);
    balance += amountMinor;
    const kind = asLedgerKind(e.kind);
    addToTotals(totals, kind, amountMinor);
    return { at: Number(e.at), kind, amountMinor, balanceAfterMinor: balance, ref: e.ref, detail: details.of(e.ref) };
  });
  return {
    ok: true,
    value: {
      account,
      period,
      openingBalanceMinor,
      closingBalanceMinor: balance,
      totals,
      topups,
      purchases,
      usage: countUsage(records),
      lines,
      records: [...records].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      usageCountedTo: await usageCountedTo(db, accountId),
    },
  };
}

export function asLedgerKind(kind: string): LedgerKind {
  return kind === 'topup' || kind === 'purchase' || kind === 'usage' ? kind : 'adjust';
}

export function addToTotals(totals: StatementTotals, kind: LedgerKind, amountMinor: bigint): void {
  if (kind === 'topup') totals.topupsMinor += amountMinor;
  else if (kind === 'purchase') totals.purchasesMinor -= amountMinor;
  else if (kind === 'usage') totals.usageChargesMinor -= amountMinor;
  else totals.adjustmentsMinor += amountMinor;
}

async function topupsIn(db: Db, accountId: string, from: number, to: number): Promise<StatementTopup[]> {
  const rows = await db
    .selectFrom('topups')
    .select(['id', 'at', 'amount_minor', 'method', 'voucher_serial', 'payment_ref'])
    .where('account_id', '=', accountId)
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((t) => ({
    topupId: t.id,
    at: Number(t.at),
    amountMinor: toBigInt(t.amount_minor),
    method: t.method,
    voucherSerial: t.voucher_serial,
    paymentRef: t.payment_ref,
  }));
}

async function purchasesIn(db: Db, account: StatementAccount, from: number, to: number): Promise<StatementPurchase[]> {
  const rows = await db
    .selectFrom('purchases')
    .leftJoin('plans', 'plans.id', 'purchases.plan_id')
    .select(['purchases.id', 'purchases.at', 'purchases.iccid', 'purchases.plan_id', 'purchases.paid_from', 'purchases.price_minor', 'plans.names'])
    .where('purchases.account_id', '=', account.id)
    .where('purchases.at', '>=', from)
    .where('purchases.at', '<', to)
    .orderBy('purchases.at')
    .orderBy('purchases.id')
    .execute();
  return rows.map((p) => {
    const priceMinor = toBigInt(p.price_minor);
    const names = p.names === null ? {} : (JSON.parse(p.names) as Record<string, string>);
    return {
      purchaseId: p.id,
      at: Number(p.at),
      iccid: p.iccid,
      planId: p.plan_id,
      planName: planName({ id: p.plan_id, name: names }, account.language),
      paidFrom: p.paid_from,
      priceMinor,
      chargedMinor: p.paid_from === 'wallet' ? priceMinor : 0n,
    };
  });
}

async function usageRecordsIn(db: Db, accountId: string, from: number, to: number): Promise<UsageRecordBrief[]> {
  const rows = await db
    .selectFrom('usage_records')
    .select(['id', 'iccid', 'kind', 'direction', 'country', 'quantity', 'amount_minor', 'started_at'])
    .where('account_id', '=', accountId)
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .execute();
  const records = rows
    .filter((r) => isUsageKind(r.kind))
    .map((r): UsageRecordBrief => ({
      id: String(r.id),
      iccid: r.iccid,
      kind: r.kind as UsageKind,
      direction: r.direction,
      country: r.country,
      quantity: toBigInt(r.quantity),
      amountMinor: toBigInt(r.amount_minor),
      at: Number(r.started_at),
    }));
  // In chunks: a month's records can outnumber a statement's bound parameters.
  for (let i = 0; i < records.length; i += DRAW_CHUNK) {
    const chunk = records.slice(i, i + DRAW_CHUNK);
    const draws = await drawsOfRecords(
      db,
      chunk.map((r) => r.id),
    );
    for (const r of chunk) r.draws = draws.get(r.id) ?? [];
  }
  return records;
}

const DRAW_CHUNK = 5_000;

async function usageCountedTo(db: Db, accountId: string): Promise<number | null> {
  const row = await db
    .selectFrom('line_freshness')
    .innerJoin('esims', 'esims.iccid', 'line_freshness.iccid')
    .select((eb) => eb.fn.max('line_freshness.usage_to').as('to'))
    .where('esims.account_id', '=', accountId)
    .executeTakeFirst();
  return row?.to === null || row?.to === undefined ? null : Number(row.to);
}

async function adjustmentReasons(db: Db, accountId: string, from: number, to: number): Promise<Map<string, string>> {
  const rows = await db.selectFrom('tmf_adjustments').select(['id', 'reason']).where('account_id', '=', accountId).where('at', '>=', from).where('at', '<', to).execute();
  return new Map(rows.flatMap((r) => (r.reason === null ? [] : [[r.id, r.reason] as const])));
}

/** Looks up what a ledger entry's `ref` (`topup:<id>`, `purchase:<id>`, `usage:<record id>`, `adjust:<id>`) names. */
class Details {
  private readonly topups: Map<string, StatementTopup>;
  private readonly purchases: Map<string, StatementPurchase>;
  private readonly records: Map<string, UsageRecordBrief>;

  constructor(
    topups: StatementTopup[],
    purchases: StatementPurchase[],
    records: UsageRecordBrief[],
    private readonly reasons: Map<string, string>,
  ) {
    this.topups = new Map(topups.map((t) => [t.topupId, t]));
    this.purchases = new Map(purchases.map((p) => [p.purchaseId, p]));
    this.records = new Map(records.map((r) => [r.id, r]));
  }

  of(ref: string): StatementLine['detail'] {
    const colon = ref.indexOf(':');
    const [prefix, id] = colon < 0 ? [ref, ''] : [ref.slice(0, colon), ref.slice(colon + 1)];
    if (prefix === 'topup') {
      const t = this.topups.get(id);
      return t ? { method: t.method, ...(t.voucherSerial ? { voucherSerial: t.voucherSerial } : {}), ...(t.paymentRef ? { paymentRef: t.paymentRef } : {}) } : {};
    }
    if (prefix === 'purchase') {
      const p = this.purchases.get(id);
      return p ? { planName: p.planName, iccid: p.iccid } : {};
    }
    if (prefix === 'usage') {
      const r = this.records.get(id);
      return r ? { usageKind: r.kind, direction: r.direction, country: r.country, quantity: r.quantity, iccid: r.iccid } : {};
    }
    const reason = prefix === 'adjust' ? this.reasons.get(id) : undefined;
    return reason === undefined ? {} : { reason };
  }
}
