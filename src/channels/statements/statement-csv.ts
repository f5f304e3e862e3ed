/**
 * A statement as CSV (RFC 4180: CRLF, fields with a comma, quote or line break quoted, quotes
 * doubled), UTF-8 with a BOM so Excel opens it as UTF-8. Headers in the account's language;
 * dates as local `YYYY-MM-DD HH:MM:SS` in the account's time zone (named in the date header);
 * amounts as exact plain decimals with the currency's decimals, so a spreadsheet reads numbers.
 */
import type { Statement } from '../../services/statements/build-statement.js';
import { statementFormat } from './statement-format.js';

export const CSV_BOM = '\uFEFF';

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading apostrophe. */
export function csvText(value: string): string {
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

export function renderStatementCsv(s: Statement): string {
  const f = statementFormat(s);
  const t = f.text;
  const rows: string[][] = [[`${t.date} (${s.account.timeZone})`, t.description, t.amount, t.balance, t.currency, 'kind', 'ref'].map(csvText)];
  const money = (minor: bigint) => csvField(f.plain(minor));
  rows.push([csvField(f.localIso(s.period.from)), csvText(t.opening), '', money(s.openingBalanceMinor), s.account.currency, 'opening', '']);
  for (const l of s.lines) {
    rows.push([csvField(f.localIso(l.at)), csvText(f.describe(l)), money(l.amountMinor), money(l.balanceAfterMinor), s.account.currency, l.kind, csvText(l.ref)]);
  }
  rows.push([csvField(f.localIso(s.period.to)), csvText(t.closing), '', money(s.closingBalanceMinor), s.account.currency, 'closing', '']);
  return CSV_BOM + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
}
