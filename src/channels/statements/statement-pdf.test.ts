/**
 * The printed statement as a reader and a tax office see it: fonts embedded as TrueType (no Type 3
 * bitmaps), and the invoice number, registration number, totals, tax line and units in its text.
 * Rendering does not depend on the database, so one dialect is enough here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STATEMENT_TAX, parseStatementTax } from '../../config/statement-tax.js';
import { buildStatement, type Statement } from '../../services/statements/build-statement.js';
import { seedStatementWorld } from '../../testing/statement-test-world.js';
import type { Store } from '../../store/open-store.js';
import { openTestStore, TEST_DIALECTS } from '../../testing/test-stores.js';
import { invoiceNumber, renderStatementHtml } from './statement-html.js';
import { closeStatementPdfBrowser, renderPdf } from './statement-pdf.js';

const dir = mkdtempSync(join(tmpdir(), 'simledger-pdffonts-'));
let store: Store;
const statements: Record<string, Statement> = {};

beforeAll(async () => {
  store = await openTestStore(TEST_DIALECTS[0]!);
  await seedStatementWorld(store);
  for (const [key, account, month] of [
    ['ja', 'acc-tokyo', 10],
    ['ar', 'acc-muscat', 12],
  ] as const) {
    const r = await buildStatement(store, account, 2026, month);
    if (!r.ok) throw new Error(r.code);
    statements[key] = r.value;
  }
});
afterAll(async () => {
  await closeStatementPdfBrowser();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function printed(name: string, html: string): Promise<{ fonts: string[][]; text: string }> {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, await renderPdf(html));
  // pdffonts: name, type (may be two words), encoding, emb, sub, uni, object, generation.
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .slice(2)
    .map((line) => /^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)/.exec(line)!.slice(1));
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
    .normalize('NFKC')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  return { fonts, text };
}

const JP_TAX = parseStatementTax('{"JPY":{"tax":"consumption","ratePercent":10,"registration":"T1234567890123"}}').JPY!;

describe('statement PDF fonts and content', () => {
  it('embeds only TrueType (CID) fonts in every language: no Type 3', async () => {
    const ja = statements['ja']!;
    const ar = statements['ar']!;
    const cases: [string, Statement][] = [
      ['ja', ja],
      ['ar', ar],
      ['ko', { ...ja, account: { ...ja.account, language: 'ko' } }],
      ['zh-Hans', { ...ar, account: { ...ar.account, language: 'zh-Hans' } }],
      ['ru', { ...ar, account: { ...ar.account, language: 'ru' } }],
    ];
    for (const [name, s] of cases) {
      const { fonts } = await printed(name, renderStatementHtml(s, { tax: JP_TAX, provisional: true }));
      expect(fonts.length, name).toBeGreaterThan(0);
      expect(
        fonts.filter(([, type]) => type === 'Type 3'),
        `${name}: ${JSON.stringify(fonts)}`,
      ).toEqual([]);
      expect(
        fonts.every(([, type, , emb]) => type === 'CID TrueType' && emb === 'yes'),
        `${name}: ${JSON.stringify(fonts)}`,
      ).toBe(true);
    }
  });

  it('prints the invoice number, registration number, totals, the tax inside the charges and quantities with units (ja)', async () => {
    const s = statements['ja']!;
    const { text } = await printed('ja-content', renderStatementHtml(s, { tax: JP_TAX }));
    expect(invoiceNumber(s)).toBe('SL-acc-tokyo-202610');
    expect(text).toContain('請求書番号');
    expect(text).toContain('SL-acc-tokyo-202610');
    expect(text).toMatch(/登録番号\s+T1234567890123/);
    expect(text).toContain('¥13,900');
    // Charges: plan ¥1,000 + usage ¥90 = ¥1,090 tax included; 10 % consumption tax inside it: floor(1,090 × 10 / 110) = ¥99.
    expect(text).toMatch(/ご利用金額\(税込\)\s+¥1,090/);
    expect(text).toMatch(/うち消費税\(10%\)\s+¥99/);
    for (const unit of ['2 MB', '4.8 KB', '1分1秒', '1通']) expect(text, unit).toContain(unit);
  });

  it("prints Oman's 5 % VAT by default, in Arabic-Indic digits", async () => {
    const { text } = await printed('ar-content', renderStatementHtml(statements['ar']!, { tax: DEFAULT_STATEMENT_TAX['OMR']! }));
    expect(text).toContain('SL-acc-muscat-202612');
    // 0.750 OMR charged; 5 % VAT inside: floor(750 × 5 / 105) = 35 baisa.
    expect(text).toMatch(/0\D035/);
    expect(text).toContain('ضريبة القيمة المضافة');
  });
});
