import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../../services/sessions.js';
import { MUSCAT_LINE, seedStatementWorld, TOKYO_LINE, WORLD_NOW } from '../../../testing/statement-test-world.js';
import { createTestApp, type TestApp } from '../../../testing/test-app.js';
import { TEST_DIALECTS } from '../../../testing/test-stores.js';

describe.each(TEST_DIALECTS)('month totals, record and transaction downloads, help on %s', (dialect) => {
  let t: TestApp;
  const cookies: Record<string, string> = {};

  async function get(who: string | undefined, path: string) {
    const res = await t.app.request(path, { headers: who ? { cookie: cookies[who]! } : {} });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: /json/.test(res.headers.get('content-type') ?? '') ? (JSON.parse(text) as Record<string, any>) : {} };
  }
  const csvRows = (text: string) =>
    text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');

  beforeAll(async () => {
    t = await createTestApp(dialect, WORLD_NOW);
    await seedStatementWorld(t.deps.store);
    for (const id of ['acc-tokyo', 'acc-muscat']) cookies[id] = `__Host-simledger=${(await createSession(t.deps.store, id, WORLD_NOW)).token}`;
  });
  afterAll(async () => {
    await t.close();
  });

  it("puts each month's totals and closing balance on the statement list, adding up month to month", async () => {
    const months = (await get('acc-tokyo', '/api/v1/statements')).body['months'] as { month: string; totals: Record<string, number>; closingBalanceMinor: number }[];
    const byMonth = Object.fromEntries(months.map((m) => [m.month, m]));
    expect(byMonth['2026-09']).toMatchObject({ totals: { topupsMinor: 10_000, purchasesMinor: 0, usageChargesMinor: 10, adjustmentsMinor: 0 }, closingBalanceMinor: 9_990 });
    expect(byMonth['2026-10']).toMatchObject({ totals: { topupsMinor: 5_000, purchasesMinor: 1_000, usageChargesMinor: 90, adjustmentsMinor: 0 }, closingBalanceMinor: 13_900 });
    expect(byMonth['2026-11']!.closingBalanceMinor).toBe(13_890);
    expect(byMonth['2027-01']).toMatchObject({ totals: { topupsMinor: 0, usageChargesMinor: 0 }, closingBalanceMinor: 13_890 });
    const oct = (await get('acc-tokyo', '/api/v1/statements/2026-10')).body;
    expect(byMonth['2026-10']!.totals).toEqual(oct['totals']);
  });

  it('lists transactions newest first with the running balance, filtered by kind and local dates, paged with X-Total-Count', async () => {
    const all = await get('acc-tokyo', '/api/v1/transactions');
    expect(all.status).toBe(200);
    expect(all.headers.get('x-total-count')).toBe('8');
    const list = all.body['transactions'] as { kind: string; amountMinor: number; balanceAfterMinor: number; detail: Record<string, unknown> }[];
    expect(list[0]).toMatchObject({ kind: 'usage', amountMinor: -10, balanceAfterMinor: 13_890, detail: { usageKind: 'data', country: 'HK', iccid: TOKYO_LINE } });
    // The first entry is a usage charge before the first top-up (rated offline: the wallet may go below zero).
    expect(list.at(-1)).toMatchObject({ kind: 'usage', amountMinor: -10, balanceAfterMinor: -10 });
    expect(list.at(-2)).toMatchObject({ kind: 'topup', amountMinor: 10_000, balanceAfterMinor: 9_990, detail: { method: 'operator' } });
    const purchases = await get('acc-tokyo', '/api/v1/transactions?kind=purchase,topup&from=2026-10-01&to=2026-10-31');
    expect(purchases.body['transactions'].map((x: { kind: string }) => x.kind)).toEqual(['purchase', 'topup']);
    expect(purchases.body['transactions'][0]).toMatchObject({ amountMinor: -1_000, balanceAfterMinor: 13_990, detail: { planName: '日本 1GB プラン' } });
    const page = await get('acc-tokyo', '/api/v1/transactions?limit=3&offset=6');
    expect(page.body['transactions']).toHaveLength(2);
    expect(page.body['total']).toBe(8);
    // Another account sees only its own.
    const muscat = await get('acc-muscat', '/api/v1/transactions');
    expect(muscat.body['currency']).toBe('OMR');
    expect(muscat.body['transactions'].every((x: { detail: { iccid?: string } }) => x.detail.iccid !== TOKYO_LINE)).toBe(true);
  });

  it('refuses bad filters and no session, naming the field', async () => {
    for (const [path, field] of [
      ['/api/v1/transactions?kind=gift', 'kind'],
      ['/api/v1/transactions?limit=0', 'limit'],
      ['/api/v1/transactions?from=2026-02-30', 'from'],
      ['/api/v1/usage/records.csv?country=japan', 'country'],
      ['/api/v1/transactions.csv?to=2026-13-01', 'to'],
    ] as const) {
      const r = await get('acc-tokyo', path);
      expect(r.status, path).toBe(400);
      expect(JSON.stringify(r.body['errors']), path).toContain(field);
    }
    expect((await get('acc-tokyo', '/api/v1/transactions?from=2026-10-02&to=2026-10-01')).status).toBe(400);
    for (const path of ['/api/v1/transactions', '/api/v1/transactions.csv', '/api/v1/usage/records.csv']) expect((await get(undefined, path)).status, path).toBe(401);
  });

  it("downloads the records of the records page's filters as CSV, in-plan usage included, headed in the account's language", async () => {
    const r = await get('acc-tokyo', '/api/v1/usage/records.csv?from=2026-10-01&to=2026-10-31');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toContain('attachment');
    const rows = csvRows(r.text);
    expect(rows[0]).toBe('日時 (Asia/Tokyo),eSIM,内容,国・地域,利用量,利用量 (プラン),金額,通貨');
    expect(rows).toHaveLength(5);
    expect(rows.at(-1)).toMatch(/^2026-10-11 12:00:00,8981/);
    expect(rows.at(-1)).toContain(',0,JPY');
    // A filter naming another account's eSIM is a 404, never that eSIM's records.
    expect((await get('acc-tokyo', `/api/v1/usage/records.csv?iccid=${MUSCAT_LINE}`)).status).toBe(404);
    const voice = await get('acc-tokyo', '/api/v1/usage/records.csv?kind=voice');
    expect(csvRows(voice.text)).toHaveLength(2);
    expect(csvRows(voice.text)[1]).toContain(',60,JPY');
  });

  it('downloads the transactions as CSV with the running balance', async () => {
    const rows = csvRows((await get('acc-tokyo', '/api/v1/transactions.csv?kind=topup')).text);
    expect(rows).toEqual(['日時 (Asia/Tokyo),内容,金額,残高,通貨', expect.stringMatching(/^2026-10-01 00:00:00,.*,5000,14990,JPY$/), expect.stringMatching(/^2026-09-30 23:59:59,.*,10000,9990,JPY$/)]);
  });

  it('answers the help contact points without a session', async () => {
    const r = await get(undefined, '/api/v1/help');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      smsShortCode: '8383',
      ussdCode: '*100#',
      hotline: { number: '+852 3008 3838', tel: '+85230083838', hours: { open: '09:00', close: '21:00', timeZone: 'Asia/Hong_Kong' } },
    });
    expect(r.body['keywords']['ja']).toMatchObject({ balance: '残高', topup: 'チャージ' });
    expect(r.body['keywords']['ru']['balance']).toBe('баланс');
  });
});
