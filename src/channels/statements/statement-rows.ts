/**
 * The rows of a statement's CSV and XLSX: the opening balance, every ledger line and every usage
 * record the plan covered (no ledger line, amount 0) in time order, the closing balance. An
 * in-plan record shows the wallet balance as it stood then.
 */
import type { UsageKind } from '../../domain/units.js';
import type { LedgerKind, Statement } from '../../services/statements/build-statement.js';
import type { StatementFormat } from './statement-format.js';
import type { UsageRecordBrief } from '../../services/statements/statement-usage.js';
import { message } from '../../messages/catalogue.js';

export interface StatementRow {
  at: number;
  type: LedgerKind | 'opening' | 'closing';
  description: string;
  /** Raw usage quantity (bytes, seconds, messages) and its kind, for usage rows. */
  usage?: { kind: UsageKind; quantity: bigint };
  /** Signed; null on the opening and closing rows. */
  amountMinor: bigint | null;
  balanceMinor: bigint;
  ref: string;
  /** Usage rows: which bundles paid and what the wallet paid ("Japan 5 GB: 2 MB + wallet HK$0.30"). */
  paidBy?: string;
}

/** A record's draws and its wallet charge, in words. */
export function paidByText(r: UsageRecordBrief, f: StatementFormat): string {
  const parts = (r.draws ?? []).map((d) => `${d.planId}: ${f.quantity(r.kind, d.units)}`);
  if (r.amountMinor !== 0n || parts.length === 0) parts.push(`${f.text.paidByWallet} ${f.money(r.amountMinor)}`);
  return parts.join(' + ');
}

export function statementRows(s: Statement, f: StatementFormat): StatementRow[] {
  const charged = new Set(s.lines.filter((l) => l.kind === 'usage').map((l) => l.ref));
  const byRef = new Map(s.records.map((r) => [`usage:${r.id}`, r]));
  const paid = (ref: string) => {
    const r = byRef.get(ref);
    return r === undefined ? {} : { paidBy: paidByText(r, f) };
  };
  const ledger: StatementRow[] = s.lines.map((l) => ({
    ...paid(l.ref),
    at: l.at,
    type: l.kind,
    description: f.describe(l),
    amountMinor: l.amountMinor,
    balanceMinor: l.balanceAfterMinor,
    ref: l.ref,
    ...(l.detail.usageKind !== undefined && l.detail.quantity !== undefined ? { usage: { kind: l.detail.usageKind, quantity: l.detail.quantity } } : {}),
  }));
  const inPlan = s.records.filter((r) => !charged.has(`usage:${r.id}`));
  const rows: StatementRow[] = [{ at: s.period.from, type: 'opening', description: f.text.opening, amountMinor: null, balanceMinor: s.openingBalanceMinor, ref: '' }];
  let balance = s.openingBalanceMinor;
  let next = 0;
  for (const r of inPlan) {
    while (next < ledger.length && ledger[next]!.at <= r.at) {
      balance = ledger[next]!.balanceMinor;
      rows.push(ledger[next++]!);
    }
    rows.push({
      at: r.at,
      type: 'usage',
      description: `${f.describeRecord(r)} · ${f.text.inPlan}`,
      usage: { kind: r.kind, quantity: r.quantity },
      amountMinor: 0n,
      balanceMinor: balance,
      ref: `usage:${r.id}`,
      paidBy: paidByText(r, f),
    });
  }
  rows.push(...ledger.slice(next));
  const counted = s.usageCountedTo === null ? '' : ` · ${message(f.language, 'statement.countedTo', { time: f.dateTime(s.usageCountedTo) })}`;
  rows.push({ at: s.period.to, type: 'closing', description: `${f.text.closing}${counted}`, amountMinor: null, balanceMinor: s.closingBalanceMinor, ref: '' });
  return rows;
}
