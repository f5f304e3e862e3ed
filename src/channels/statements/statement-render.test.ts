import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../domain/money.js';
import { buildStatement, type Statement } from '../../services/statements/build-statement.js';
import { seedStatementWorld } from '../../testing/statement-test-world.js';
import type { Store } from '../../store/open-store.js';
import { openTestStore, TEST_DIALECTS } from '../../testing/test-stores.js';
import { csvField, csvText, renderStatementCsv } from './statement-csv.js';
import { renderStatementHtml } from './statement-html.js';
import { closeStatementPdfBrowser, renderPdf } from './statement-pdf.js';
import { STATEMENT_LANGUAGES, STATEMENT_TEXT } from './statement-text.js';
import { renderStatementXlsx } from './statement-xlsx.js';

const dir = mkdtempSync(join(tmpdir(), 'simledger-pdf-'));
afterAll(async () => {
  await closeStatementPdfBrowser();
  rmSync(dir, { recursive: true, force: true });
});

function pdfText(pdf: Buffer, name: string): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  // NFKC folds Arabic presentation forms back to letters; Arabic-Indic digits become ASCII ones.
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
    .normalize('NFKC')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

describe('CSV quoting', () => {
  it('quotes per RFC 4180 and defuses formulas in text', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,"b"\r\nc')).toBe('"a,""b""\r\nc"');
    expect(csvText('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvText('-12')).toBe("'-12");
  });
});

describe.each(TEST_DIALECTS)('statement documents on %s', (dialect) => {
  let store: Store;
  const statements: Record<string, Statement> = {};
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await seedStatementWorld(store);
    for (const [key, account, year, month] of [
      ['ja', 'acc-tokyo', 2026, 10],
      ['ar', 'acc-muscat', 2026, 12],
      ['zh-Hant', 'acc-hk', 2026, 12],
    ] as const) {
      const r = await buildStatement(store, account, year, month);
      if (!r.ok) throw new Error(r.code);
      statements[key] = r.value;
    }
  });
  afterAll(async () => {
    await store.close();
  });
  const get = (key: string): Statement => statements[key] ?? expect.fail(`no statement ${key}`);

  it('writes self-contained HTML in each of the seven languages, Arabic right-to-left', () => {
    for (const language of STATEMENT_LANGUAGES) {
      const s = get('ar');
      const html = renderStatementHtml({ ...s, account: { ...s.account, language } });
      expect(html).toContain(`<html lang="${language}" dir="${language === 'ar' ? 'rtl' : 'ltr'}">`);
      expect(html).toContain(STATEMENT_TEXT[language].closing);
      expect(html).not.toMatch(/<script|<link|src=|https?:\/\//i);
    }
    expect(renderStatementHtml(get('ja'))).toContain("font-family: 'IPAPGothic'");
    expect(renderStatementHtml(get('zh-Hant'))).toContain("font-family: 'WenQuanYi Zen Hei'");
    expect(renderStatementHtml(get('ar'))).toContain("font-family: 'Noto Naskh Arabic', 'Noto Sans Arabic'");
    expect(renderStatementHtml(get('ja'))).not.toContain('Noto Sans CJK');
    const s = get('ja');
    expect(renderStatementHtml({ ...s, account: { ...s.account, name: '<b>x</b>' } })).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  it('prints Japanese, Traditional Chinese and Arabic PDFs whose text pdftotext reads back', async () => {
    const ja = pdfText(await renderPdf(renderStatementHtml(get('ja'))), `ja-${dialect}`);
    expect(ja).toContain('佐藤ゆき');
    expect(ja).toContain('2026年10月');
    expect(ja).toContain('13,900');
    expect(ja).toContain('日本 1GB プラン');

    const hk = pdfText(await renderPdf(renderStatementHtml(get('zh-Hant'), { provisional: true })), `zh-Hant-${dialect}`);
    expect(hk).toContain('陳大文');
    expect(hk).toContain('2026年12月');
    expect(hk).toContain(formatMoney(10_700n, 'HKD', 'zh-Hant'));
    expect(hk).toContain('香港 5GB 數據計劃');
    expect(hk).toContain(STATEMENT_TEXT['zh-Hant'].provisional.slice(0, 6));

    const ar = pdfText(await renderPdf(renderStatementHtml(get('ar'))), `ar-${dialect}`);
    for (const word of ['سالم', 'البلوشي', 'ديسمبر']) {
      const letters = [...word].sort().join('');
      const found = ar.includes(word) || ar.split(/\s+/).some((w) => [...w].sort().join('') === letters);
      expect(found, `${word} in ${ar.slice(0, 400)}`).toBe(true);
    }
    // 14.000 OMR (Arabic-Indic digits, Arabic decimal separator): the digits survive any reordering.
    expect(ar).toMatch(/14\D000/);
    expect(ar).toContain('2026');
  });

  it("writes CSV with a BOM: every ledger line and every in-plan record, headers and types in the account's language", () => {
    const csv = renderStatementCsv(get('ar'));
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('\r\n');
    const rows = parse(csv.slice(1), { relax_column_count: false }) as string[][];
    const t = STATEMENT_TEXT.ar;
    expect(rows[0]).toEqual([`${t.date} (Asia/Muscat)`, t.type, t.description, t.quantity, t.unit, t.amount, t.balance, t.currency, t.reference, t.paidBy]);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[3], r[4], r[5], r[6]])).toEqual([
      ['2026-12-01 00:00:00', 'الرصيد الافتتاحي', '', '', '', '12.500'],
      ['2026-12-01 00:00:00', 'شحن الرصيد', '', '', '2.250', '14.750'],
      ['2026-12-05 10:00:00', 'استخدام', '30', 'ثانية', '-0.250', '14.500'],
      ['2026-12-31 23:59:59', 'استخدام', '3145729', 'بايت', '-0.500', '14.000'],
      ['2027-01-01 00:00:00', 'الرصيد الختامي', '', '', '', '14.000'],
    ]);
    expect(rows[3]?.[2]).toBe('مكالمة صادرة · عُمان · ٣٠ ثانية');
    expect(rows[1]?.[7]).toBe('OMR');

    // Tokyo: the 5,000-byte session in Japan was covered by the plan; it is listed, at 0, with the balance of its time.
    const ja = parse(renderStatementCsv(get('ja')).slice(1)) as string[][];
    expect(ja[0]).toEqual(['日時 (Asia/Tokyo)', '種別', '内容', '利用量', '単位', '金額', '残高', '通貨', '参照番号', '支払い内訳']);
    const inPlan = ja.find((r) => r[0] === '2026-10-11 12:00:00');
    expect(inPlan).toEqual([
      '2026-10-11 12:00:00',
      'ご利用分',
      'データ通信 · 日本 · 4.8 KB · プラン内',
      '5000',
      'バイト',
      '0',
      '13990',
      'JPY',
      expect.stringMatching(/^usage:/),
      expect.stringMatching(/^\S+: 4\.8 KB$/),
    ]);
    expect(ja.filter((r) => r[1] === 'ご利用分').map((r) => r[3])).toEqual(['5000', '61', '1', '2097152']);
    // Which bundle paid, and what the wallet paid: the in-plan record names its plan, the charged call the balance.
    expect(ja.find((r) => r[1] === 'ご利用分' && r[3] === '61')![9]).toMatch(/^残高 /);
  });

  it('writes an XLSX whose numbers and totals read back, in-plan records and translated headers included', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderStatementXlsx(get('ar'))) as never);
    const sheet = wb.worksheets[0]!;
    const t = STATEMENT_TEXT.ar;
    expect(sheet.views[0]?.rightToLeft).toBe(true);
    expect(sheet.getRow(5).values).toEqual([undefined, t.date, t.type, t.description, t.quantity, t.unit, t.amount, t.balance, t.paidBy]);
    const byLabel = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, n) => {
      const label = row.getCell(3).value;
      if (n > 5 && typeof label === 'string' && row.getCell(1).value === null) byLabel.set(label, row);
    });
    expect(byLabel.get(t.opening)?.getCell(6).value).toBe(12.5);
    expect(byLabel.get(t.topups)?.getCell(6).value).toBe(2.25);
    expect(byLabel.get(t.usageCharges)?.getCell(6).value).toBe(-0.75);
    expect(byLabel.get(t.closing)?.getCell(6).value).toBe(14);
    expect(byLabel.get(t.closing)?.getCell(6).numFmt).toBe('#,##0.000');
    let sum = 0;
    sheet.eachRow((row) => {
      if (row.getCell(1).value instanceof Date && typeof row.getCell(6).value === 'number') sum += Number(row.getCell(6).value);
    });
    expect(12.5 + sum).toBeCloseTo(14, 9);
    const usage = wb.worksheets[1]!;
    expect(usage.getRow(1).values).toEqual([undefined, t.country, t.description, t.quantity, t.unit, t.events, t.amount]);
    expect(usage.getRow(2).values).toEqual([undefined, 'عُمان', t.kinds.data, 3_145_729, 'بايت', 1, 0.5]);
    const jpy = new ExcelJS.Workbook();
    await jpy.xlsx.load((await renderStatementXlsx(get('ja'))) as never);
    expect(jpy.worksheets[0]!.getColumn(6).numFmt).toBe('#,##0');
    const jaRows: unknown[][] = [];
    jpy.worksheets[0]!.eachRow((row) => jaRows.push(row.values as unknown[]));
    expect(jaRows.filter((r) => r[2] === 'ご利用分').map((r) => [r[4], r[5], r[6]])).toEqual([
      [5000, 'バイト', 0],
      [61, '秒', -60],
      [1, '通', -10],
      [2_097_152, 'バイト', -20],
    ]);
  });
});
