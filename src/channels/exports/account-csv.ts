/**
 * Downloads beside the monthly statement: the usage records the records page shows (with its
 * filters) and the wallet's transactions, as CSV in the statement's conventions (UTF-8 with BOM,
 * CRLF, headers in the account's language, local wall-clock dates, exact plain decimals).
 */
import type { AccountView } from '../../services/query-account.js';
import type { Transaction } from '../../services/list-transactions.js';
import type { UsageRecordView } from '../../services/query-usage.js';
import type { Statement } from '../../services/statements/build-statement.js';
import { message } from '../../messages/catalogue.js';
import { CSV_BOM, csvField, csvText } from '../statements/statement-csv.js';
import { statementFormat } from '../statements/statement-format.js';

// The statement's formatter reads only the account (language, zone, currency).
const formatFor = (account: AccountView) =>
  statementFormat({ account: { id: account.id, name: account.name, currency: account.currency, language: account.language, timeZone: account.timeZone } } as Statement);

const document = (rows: string[][]) => CSV_BOM + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';

export function renderUsageRecordsCsv(account: AccountView, records: readonly UsageRecordView[]): string {
  const f = formatFor(account);
  const t = f.text;
  const rows = [[`${t.date} (${account.timeZone})`, t.esim, t.description, t.country, t.quantity, `${t.quantity} (${t.plan})`, t.amount, t.currency].map(csvText)];
  for (const r of records) {
    const kind = message(f.language, 'record.usage', { kind: r.kind, direction: r.direction });
    const inPlan = r.bucketUnits > 0n ? f.quantity(r.kind, r.bucketUnits) : '';
    rows.push([
      csvField(f.localIso(r.startedAt)),
      csvField(r.iccid),
      csvText(kind),
      csvText(f.country(r.country)),
      csvText(f.quantity(r.kind, r.quantity)),
      csvText(inPlan),
      csvField(f.plain(r.amountMinor)),
      account.currency,
    ]);
  }
  return document(rows);
}

export function renderTransactionsCsv(account: AccountView, transactions: readonly Transaction[]): string {
  const f = formatFor(account);
  const t = f.text;
  const rows = [[`${t.date} (${account.timeZone})`, t.description, t.amount, t.balance, t.currency].map(csvText)];
  for (const x of transactions) {
    rows.push([csvField(f.localIso(x.at)), csvText(f.describe(x)), csvField(f.plain(x.amountMinor)), csvField(f.plain(x.balanceAfterMinor)), account.currency]);
  }
  return document(rows);
}
