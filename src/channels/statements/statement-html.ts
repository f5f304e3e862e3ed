/**
 * A statement as one self-contained printable HTML document (no scripts, no external resources)
 * in the account's language and time zone; Arabic right-to-left. statement-pdf.ts prints it.
 */
import { paidByText } from './statement-rows.js';
import { includedTaxMinor, type StatementTax } from '../../config/statement-tax.js';
import { message } from '../../messages/catalogue.js';
import { displayKit } from '../../messages/display.js';
import type { Statement } from '../../services/statements/build-statement.js';
import { statementFormat, type StatementFormat } from './statement-format.js';
import type { StatementLanguage } from './statement-text.js';

/**
 * TrueType fonts only: Chromium embeds those as CID TrueType, but prints CFF-outline fonts (Noto
 * Sans CJK is one) and synthetic bold as Type 3 bitmaps-in-PDF that search, copy and print badly.
 * CJK: IPA P Gothic (ja), Nanum Gothic (ko), WenQuanYi Zen Hei (zh); Noto Sans and Naskh for the rest.
 */
const LATIN = "'Noto Sans', 'DejaVu Sans'";
const CJK_FALLBACK = "'WenQuanYi Zen Hei', 'IPAPGothic', 'NanumGothic'";
const FONTS: Record<StatementLanguage, string> = {
  'zh-Hans': `'WenQuanYi Zen Hei', ${LATIN}, ${CJK_FALLBACK}`,
  'zh-Hant': `'WenQuanYi Zen Hei', ${LATIN}, ${CJK_FALLBACK}`,
  ja: `'IPAPGothic', ${LATIN}, ${CJK_FALLBACK}`,
  ko: `'NanumGothic', ${LATIN}, ${CJK_FALLBACK}`,
  en: `${LATIN}, ${CJK_FALLBACK}`,
  ru: `${LATIN}, ${CJK_FALLBACK}`,
  ar: `'Noto Naskh Arabic', 'Noto Sans Arabic', ${LATIN}, ${CJK_FALLBACK}`,
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const bdi = (s: string) => `<bdi>${escapeHtml(s)}</bdi>`;
const num = (s: string) => `<td class="num"><bdi>${escapeHtml(s)}</bdi></td>`;
const td = (html: string) => `<td>${html}</td>`;
/** Dates, codes and short labels: never broken inside a word; the description column takes the rest. */
const tight = (html: string) => `<td class="tight">${html}</td>`;

/** The statement's invoice number: one per account and month, the same on every download. */
export function invoiceNumber(s: Statement): string {
  return `SL-${s.account.id}-${s.period.month.replace('-', '')}`;
}

function table(heads: string[], rows: string[][], numericFrom: number, empty: string): string {
  const head = heads.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows.length === 0 ? `<tr><td colspan="${heads.length}" class="empty">${escapeHtml(empty)}</td></tr>` : rows.map((r) => `<tr>${r.join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function section(title: string, body: string): string {
  return `<section><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

/** What was charged for services (plans from the wallet and usage), tax included, and the tax inside it. */
function taxRows(s: Statement, f: StatementFormat, tax: StatementTax | undefined): [string, bigint, string?][] {
  if (tax === undefined) return [];
  const charges = s.totals.purchasesMinor + s.totals.usageChargesMinor;
  const rate = new Intl.NumberFormat(displayKit(f.language).locale, { style: 'percent', maximumFractionDigits: 2 }).format(tax.rateBasisPoints / 10_000);
  const label = message(f.language, 'statement.taxLine', { tax: message(f.language, 'statement.taxName', { tax: tax.tax }), rate });
  return [
    [f.text.charges, charges, 'charges'],
    [label, includedTaxMinor(charges, tax.rateBasisPoints), 'tax'],
  ];
}

function summary(s: Statement, f: StatementFormat, tax: StatementTax | undefined): string {
  const t = f.text;
  const rows: [string, bigint, string?][] = [
    [t.opening, s.openingBalanceMinor],
    [t.topups, s.totals.topupsMinor],
    [t.purchases, -s.totals.purchasesMinor],
    [t.usageCharges, -s.totals.usageChargesMinor],
    [t.adjustments, s.totals.adjustmentsMinor],
    [t.closing, s.closingBalanceMinor, 'total'],
    ...taxRows(s, f, tax),
  ];
  const body = rows.map(([label, minor, cls]) => `<tr${cls ? ` class="${cls}"` : ''}><th scope="row">${escapeHtml(label)}</th>${num(f.money(minor))}</tr>`).join('\n');
  return section(t.summary, `<table class="summary"><tbody>\n${body}\n</tbody></table>`);
}

function details(s: Statement, f: StatementFormat): string[] {
  const t = f.text;
  const topups = s.topups.map((x) => [tight(bdi(f.dateTime(x.at))), td(bdi([f.method(x.method), x.voucherSerial ?? x.paymentRef ?? ''].filter(Boolean).join(' · '))), num(f.money(x.amountMinor))]);
  const purchases = s.purchases.map((p) => [
    tight(bdi(f.dateTime(p.at))),
    td(bdi(p.planName)),
    tight(bdi(p.iccid)),
    tight(escapeHtml(p.paidFrom === 'wallet' ? t.paid.wallet : t.paid.external)),
    num(f.money(-p.chargedMinor)),
  ]);
  const byKind = s.usage.byKind.map((u) => [td(escapeHtml(t.kinds[u.kind])), num(f.quantity(u.kind, u.quantity)), num(f.count(u.events)), num(f.money(-u.amountMinor))]);
  const byCountry = s.usage.byCountry.map((u) => [
    td(bdi(f.country(u.country))),
    td(escapeHtml(t.kinds[u.kind])),
    num(f.quantity(u.kind, u.quantity)),
    num(f.count(u.events)),
    num(f.money(-u.amountMinor)),
  ]);
  const records = new Map(s.records.map((r) => [`usage:${r.id}`, r]));
  const paidBy = (ref: string) => {
    const r = records.get(ref);
    return r === undefined ? '' : paidByText(r, f);
  };
  const lines = s.lines.map((l) => [tight(bdi(f.dateTime(l.at))), td(bdi(f.describe(l))), td(bdi(paidBy(l.ref))), num(f.money(l.amountMinor)), num(f.money(l.balanceAfterMinor))]);
  return [
    section(t.topups, table([t.date, t.method, t.amount], topups, 2, t.none)),
    section(t.purchases, table([t.date, t.plan, t.esim, t.paidFrom, t.amount], purchases, 4, t.none)),
    section(t.usageByKind, table([t.description, t.quantity, t.events, t.amount], byKind, 1, t.none)),
    section(t.usageByCountry, table([t.country, t.description, t.quantity, t.events, t.amount], byCountry, 2, t.none)),
    section(t.lines, table([t.date, t.description, t.paidBy, t.amount, t.balance], lines, 3, t.none)),
  ];
}

function styles(font: string): string {
  return `@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: ${font}; font-size: 10pt; color: #111; margin: 0; line-height: 1.45; font-synthesis: none; }
header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 2px solid #1f4e79; padding-bottom: 4mm; margin-bottom: 4mm; }
h1 { font-size: 18pt; margin: 0; color: #1f4e79; }
.brand { font-weight: bold; color: #1f4e79; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; color: #1f4e79; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 6mm; margin: 0; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
.note { color: #444; font-size: 9pt; }
.provisional { border: 1px solid #8a6d00; padding: 2mm 3mm; }
table { width: 100%; border-collapse: collapse; }
th, td { padding: 1.2mm 2mm; text-align: start; vertical-align: top; border-bottom: 1px solid #ccc; }
thead th { background: #e8eef5; border-bottom: 1px solid #1f4e79; }
.num { text-align: end; white-space: nowrap; font-variant-numeric: tabular-nums; }
.tight, th { white-space: nowrap; word-break: keep-all; }
td { overflow-wrap: anywhere; }
tr.tax th, tr.tax td { font-weight: normal; color: #333; }
table.summary { width: auto; min-width: 60%; }
tr.total th, tr.total td { font-weight: bold; border-top: 2px solid #1f4e79; border-bottom: none; }
.empty { color: #666; font-style: italic; }
thead { display: table-header-group; }
tr { break-inside: avoid; }`;
}

export interface StatementHtmlOptions {
  /** The period has not ended: say so on the statement. */
  provisional?: boolean;
  /** The tax of the account's currency: a "charges, of which tax" line and the registration number. */
  tax?: StatementTax;
}

export function renderStatementHtml(s: Statement, options: StatementHtmlOptions = {}): string {
  const f = statementFormat(s);
  const t = f.text;
  const dir = f.language === 'ar' ? 'rtl' : 'ltr';
  const range = new Intl.DateTimeFormat(displayKit(f.language).locale, { timeZone: s.account.timeZone, dateStyle: 'long' }).formatRange(s.period.from, s.period.to - 1);
  const title = `${t.title} · ${s.period.label}`;
  return `<!doctype html>
<html lang="${f.language}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
${styles(FONTS[f.language])}
</style>
</head>
<body>
<header><h1>${escapeHtml(t.title)}</h1><span class="brand">simledger</span></header>
<dl class="meta">
<dt>${escapeHtml(t.account)}</dt><dd>${bdi(s.account.name)}</dd>
<dt>${escapeHtml(t.period)}</dt><dd>${escapeHtml(s.period.label)} (${bdi(range)})</dd>
<dt>${escapeHtml(t.invoiceNumber)}</dt><dd>${bdi(invoiceNumber(s))}</dd>
${options.tax?.registration ? `<dt>${escapeHtml(t.registration)}</dt><dd>${bdi(options.tax.registration)}</dd>\n` : ''}<dt>${escapeHtml(t.currency)}</dt><dd>${bdi(s.account.currency)}</dd>
<dt>${escapeHtml(t.closing)}</dt><dd><strong>${bdi(f.money(s.closingBalanceMinor))}</strong></dd>
</dl>
<p class="note">${escapeHtml(t.timesIn).replace('{zone}', bdi(s.account.timeZone))}${s.usageCountedTo === null ? '' : ` ${escapeHtml(message(f.language, 'statement.countedTo', { time: f.dateTime(s.usageCountedTo) }))}`}</p>
${options.provisional ? `<p class="provisional">${escapeHtml(t.provisional)}</p>` : ''}
${summary(s, f, options.tax)}
${details(s, f).join('\n')}
</body>
</html>
`;
}
