import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../../services/sessions.js';
import { seedStatementWorld, WORLD_NOW } from '../../../testing/statement-test-world.js';
import { createTestApp, type TestApp } from '../../../testing/test-app.js';
import { TEST_DIALECTS } from '../../../testing/test-stores.js';
import { closeStatementPdfBrowser } from '../../statements/statement-pdf.js';

type Who = { cookie: string; csrf: string } | undefined;

afterAll(async () => {
  await closeStatementPdfBrowser();
});

describe.each(TEST_DIALECTS)('statement and alert-settings routes on %s', (dialect) => {
  let t: TestApp;
  let tokyo: Who;
  let muscat: Who;

  async function call(who: Who, method: string, path: string, body?: unknown, csrf = true) {
    const headers: Record<string, string> = {};
    if (who) headers['cookie'] = who.cookie;
    if (who && csrf && method !== 'GET') headers['x-csrf-token'] = who.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await t.app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const bytes = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, headers: res.headers, bytes, body: /json/.test(type) ? (JSON.parse(bytes.toString('utf8')) as Record<string, any>) : {} };
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, WORLD_NOW);
    await seedStatementWorld(t.deps.store);
    for (const [id, set] of [
      [
        'acc-tokyo',
        (w: Who) => {
          tokyo = w;
        },
      ],
      [
        'acc-muscat',
        (w: Who) => {
          muscat = w;
        },
      ],
    ] as const) {
      const s = await createSession(t.deps.store, id, WORLD_NOW);
      set({ cookie: `__Host-simledger=${s.token}`, csrf: s.session.csrfToken });
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 401 without a session', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/statements'],
      ['GET', '/api/v1/statements/2026-10'],
      ['GET', '/api/v1/statements/2026-10.pdf'],
      ['GET', '/api/v1/statements/2026-10.csv'],
      ['GET', '/api/v1/alert-settings'],
      ['PUT', '/api/v1/alert-settings'],
    ] as const) {
      const r = await call(undefined, method, path, method === 'PUT' ? {} : undefined);
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.body['code']).toBe('unauthorized');
    }
  });

  it("lists the account's months and serves a month as JSON", async () => {
    const list = await call(tokyo, 'GET', '/api/v1/statements');
    expect(list.status).toBe(200);
    expect(list.body['months'].map((m: { month: string }) => m.month)).toEqual(['2027-01', '2026-12', '2026-11', '2026-10', '2026-09']);
    expect(list.body['months'][3]).toEqual({
      month: '2026-10',
      label: '2026年10月',
      closed: true,
      totals: { topupsMinor: 5000, purchasesMinor: 1000, usageChargesMinor: 90, adjustmentsMinor: 0 },
      closingBalanceMinor: 13900,
      downloads: { pdf: '/api/v1/statements/2026-10.pdf', csv: '/api/v1/statements/2026-10.csv', xlsx: '/api/v1/statements/2026-10.xlsx' },
    });
    const oct = await call(tokyo, 'GET', '/api/v1/statements/2026-10');
    expect(oct.status).toBe(200);
    expect(oct.body).toMatchObject({
      account: { name: '佐藤ゆき', currency: 'JPY', language: 'ja', timeZone: 'Asia/Tokyo' },
      period: { month: '2026-10', from: '2026-09-30T15:00:00.000Z', to: '2026-10-31T15:00:00.000Z', label: '2026年10月' },
      closed: true,
      openingBalanceMinor: 9990,
      closingBalanceMinor: 13900,
      totals: { topupsMinor: 5000, purchasesMinor: 1000, usageChargesMinor: 90, adjustmentsMinor: 0 },
    });
    expect(oct.body['lines']).toHaveLength(5);
    expect(oct.body['lines'][0]).toMatchObject({ at: '2026-09-30T15:00:00.000Z', kind: 'topup', amountMinor: 5000, balanceAfterMinor: 14990 });
    expect((await call(tokyo, 'GET', '/api/v1/statements/2027-01')).body['closed']).toBe(false);
  });

  it('answers 404 for a month the account has no statement for, 400 for a malformed one', async () => {
    // September and October 2026 are Tokyo's; Muscat's first activity is in November.
    for (const path of ['/api/v1/statements/2026-10', '/api/v1/statements/2026-09.pdf', '/api/v1/statements/2027-02', '/api/v1/statements/2026-10.csv']) {
      const r = await call(muscat, 'GET', path);
      expect(r.status, path).toBe(404);
      expect(r.body['code']).toBe('not_found');
    }
    for (const path of ['/api/v1/statements/2026-13', '/api/v1/statements/2026-10.doc', '/api/v1/statements/26-10']) {
      expect((await call(tokyo, 'GET', path)).status, path).toBe(400);
    }
  });

  it('serves PDF, CSV and XLSX downloads as attachments', async () => {
    const expected = [
      ['pdf', 'application/pdf', '%PDF-'],
      ['csv', 'text/csv; charset=utf-8', '\uFEFF'],
      ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'PK'],
    ] as const;
    for (const [format, type, magic] of expected) {
      const r = await call(muscat, 'GET', `/api/v1/statements/2026-12.${format}`);
      expect(r.status, format).toBe(200);
      expect(r.headers.get('content-type')).toBe(type);
      expect(r.headers.get('content-disposition')).toBe(`attachment; filename="simledger-statement-2026-12.${format}"`);
      expect(r.headers.get('cache-control')).toBe('private, no-store');
      expect(r.bytes.subarray(0, Buffer.byteLength(magic)).toString('utf8')).toBe(magic);
    }
  });

  it('keeps alert settings per account behind the CSRF token, validating every field', async () => {
    const defaults = await call(muscat, 'GET', '/api/v1/alert-settings');
    expect(defaults.body).toEqual({
      dataUsedPercent: [80, 100],
      walletBelowMinor: null,
      expiryWithinHours: 24,
      channels: { sms: true, email: false, webhook: false, inbox: true },
      available: { sms: true, email: false, webhook: false, inbox: true },
      quietHours: { start: '22:00', end: '08:00' },
      currency: 'OMR',
      timeZone: 'Asia/Muscat',
      updatedAt: null,
    });
    const settings = {
      dataUsedPercent: [90, 50],
      walletBelowMinor: '2500',
      expiryWithinHours: 12,
      channels: { sms: true, email: true, webhook: false },
      quietHours: { start: '23:30', end: '06:00' },
    };
    // E-mail is offered only once the account has a verified address.
    const refused = await call(muscat, 'PUT', '/api/v1/alert-settings', settings);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'channel_unavailable', errors: [{ field: 'channels' }] });
    await t.deps.store.db.insertInto('alert_contacts').values({ account_id: 'acc-muscat', email: 'salim@example.om', email_verified_at: WORLD_NOW, updated_at: WORLD_NOW }).execute();
    expect((await call(muscat, 'PUT', '/api/v1/alert-settings', settings, false)).status).toBe(403);
    for (const bad of [
      { ...settings, dataUsedPercent: [150] },
      { ...settings, quietHours: { start: '25:00', end: '06:00' } },
      { ...settings, walletBelowMinor: -1 },
      { ...settings, channels: { sms: true } },
      { ...settings, extra: 1 },
      { ...settings, expiryWithinHours: 0 },
    ]) {
      const r = await call(muscat, 'PUT', '/api/v1/alert-settings', bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    const saved = await call(muscat, 'PUT', '/api/v1/alert-settings', settings);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ dataUsedPercent: [50, 90], walletBelowMinor: 2500, updatedAt: new Date(WORLD_NOW).toISOString() });
    expect((await call(muscat, 'GET', '/api/v1/alert-settings')).body).toEqual(saved.body);
    expect((await call(tokyo, 'GET', '/api/v1/alert-settings')).body['updatedAt']).toBeNull();
  });
});
