/**
 * A statement as an Excel workbook (exceljs): sheet 1 the ledger lines and in-plan usage records
 * between the opening and closing balance, with totals; sheet 2 the usage by kind and country. Amounts are numbers with the
 * currency's decimals (number format), dates are the account's local wall-clock times.
 */
import ExcelJS from 'exceljs';
import { currencyExponent, isCurrencyCode } from '../../domain/money.js';
import type { Statement } from '../../services/statements/build-statement.js';
import { statementFormat, type StatementFormat } from './statement-format.js';
import { statementRows } from './statement-rows.js';

/** Excel sheet names: at most 31 characters, none of * ? : \\ / [ ]. */
function sheetName(name: string): string {
  return name.replace(/[*?:\\/[\]]/g, '-').slice(0, 31);
}

function amountFormat(currency: string): string {
  const exponent = isCurrencyCode(currency) ? currencyExponent(currency) : 2;
  return exponent === 0 ? '#,##0' : `#,##0.${'0'.repeat(exponent)}`;
}

/** A wall-clock time as a date cell: Excel dates have no zone, so the local time is written as if UTC. */
function localDate(f: StatementFormat, ms: number): Date {
  return new Date(`${f.localIso(ms).replace(' ', 'T')}Z`);
}

function linesSheet(wb: ExcelJS.Workbook, s: Statement, f: StatementFormat, toNumber: (m: bigint) => number): void {
  const t = f.text;
  const ws = wb.addWorksheet(sheetName(t.title), { views: [{ rightToLeft: f.language === 'ar', state: 'frozen', ySplit: 5 }] });
  ws.columns = [{ width: 20 }, { width: 16 }, { width: 48 }, { width: 16 }, { width: 12 }, { width: 16 }, { width: 16 }, { width: 40 }];
  ws.addRow([t.title, s.account.name]).font = { bold: true, size: 14 };
  ws.addRow([t.period, s.period.label, s.period.month]);
  ws.addRow([t.currency, s.account.currency]);
  ws.addRow([t.timesIn.replace('{zone}', s.account.timeZone)]);
  ws.addRow([t.date, t.type, t.description, t.quantity, t.unit, t.amount, t.balance, t.paidBy]).font = { bold: true };
  for (const r of statementRows(s, f)) {
    const row = ws.addRow([
      localDate(f, r.at),
      f.entry(r.type),
      r.description,
      r.usage === undefined ? null : Number(r.usage.quantity),
      r.usage === undefined ? null : f.unitName(r.usage.kind),
      r.amountMinor === null ? null : toNumber(r.amountMinor),
      toNumber(r.balanceMinor),
      r.paidBy ?? null,
    ]);
    if (r.type === 'closing') row.font = { bold: true };
  }
  ws.addRow([]);
  const totals: [string, bigint][] = [
    [t.opening, s.openingBalanceMinor],
    [t.topups, s.totals.topupsMinor],
    [t.purchases, -s.totals.purchasesMinor],
    [t.usageCharges, -s.totals.usageChargesMinor],
    [t.adjustments, s.totals.adjustmentsMinor],
    [t.closing, s.closingBalanceMinor],
  ];
  for (const [label, minor] of totals) ws.addRow([null, null, label, null, null, toNumber(minor)]);
  ws.getColumn(1).numFmt = 'yyyy-mm-dd hh:mm:ss';
  ws.getColumn(4).numFmt = '#,##0';
  for (const col of [6, 7]) ws.getColumn(col).numFmt = amountFormat(s.account.currency);
}

function usageSheet(wb: ExcelJS.Workbook, s: Statement, f: StatementFormat, toNumber: (m: bigint) => number): void {
  const t = f.text;
  const ws = wb.addWorksheet(sheetName(t.usageByCountry), { views: [{ rightToLeft: f.language === 'ar' }] });
  ws.columns = [{ width: 22 }, { width: 16 }, { width: 18 }, { width: 12 }, { width: 10 }, { width: 16 }];
  ws.addRow([t.country, t.description, t.quantity, t.unit, t.events, t.amount]).font = { bold: true };
  for (const u of s.usage.byCountry) {
    ws.addRow([f.country(u.country), t.kinds[u.kind], Number(u.quantity), f.unitName(u.kind), u.events, toNumber(u.amountMinor)]);
  }
  ws.getColumn(6).numFmt = amountFormat(s.account.currency);
}

export async function renderStatementXlsx(s: Statement): Promise<Buffer> {
  const f = statementFormat(s);
  const toNumber = (minor: bigint) => Number(f.plain(minor));
  const wb = new ExcelJS.Workbook();
  wb.creator = 'simledger';
  wb.created = new Date(s.period.to);
  linesSheet(wb, s, f, toNumber);
  usageSheet(wb, s, f, toNumber);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
