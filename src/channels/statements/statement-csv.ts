/**
 * A statement as CSV (RFC 4180: CRLF, fields with a comma, quote or line break quoted, quotes
 * doubled), UTF-8 with a BOM so Excel opens it as UTF-8. Every ledger line and every usage record,
 * in-plan ones included (amount 0). Headers and types in the account's language;
 * dates as local `YYYY-MM-DD HH:MM:SS` in the account's time zone (named in the date header);
 * amounts as exact plain decimals with the currency's decimals, so a spreadsheet reads numbers.
 */
import type { Statement } from '../../services/statements/build-statement.js';
import { statementFormat } from './statement-format.js';
import { statementRows } from './statement-rows.js';

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
  const header = [`${t.date} (${s.account.timeZone})`, t.type, t.description, t.quantity, t.unit, t.amount, t.balance, t.currency, t.reference, t.paidBy];
  const money = (minor: bigint | null) => (minor === null ? '' : csvField(f.plain(minor)));
  const rows = statementRows(s, f).map((r) => [
    csvField(f.localIso(r.at)),
    csvText(f.entry(r.type)),
    csvText(r.description),
    r.usage === undefined ? '' : r.usage.quantity.toString(),
    r.usage === undefined ? '' : csvText(f.unitName(r.usage.kind)),
    money(r.amountMinor),
    money(r.balanceMinor),
    s.account.currency,
    csvText(r.ref),
    csvText(r.paidBy ?? ''),
  ]);
  return CSV_BOM + [header.map(csvText), ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
}
