/**
 * Subscriber A never sees or touches subscriber B's objects: every route that takes an id answers
 * 404 for B's id exactly as for one that does not exist, and a filter naming B's eSIM is a 404 too
 * (never B's data, never an empty page that would confirm the id). A subscriber session opens
 * neither the operator API nor TM Forum.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIccid } from '../src/domain/identifiers.js';
import { provision } from '../src/services/provision.js';
import { rateUsageBatch } from '../src/services/rate-usage-batch.js';
import { createSession } from '../src/services/sessions.js';
import { usageWindow } from '../src/services/usage-window.js';
import { createVouchers } from '../src/services/vouchers.js';
import { usageRow } from '../src/testing/scenario.js';
import { createTestApp, type TestApp } from '../src/testing/test-app.js';
import { TEST_DIALECTS } from '../src/testing/test-stores.js';

const NOW = Date.UTC(2026, 10, 20, 4, 0, 0);
const A1 = makeIccid('898520000000000011');
const B1 = makeIccid('898520000000000021');
const B2 = makeIccid('898520000000000022');
const MISSING = makeIccid('898520000000000099');

const WORLD = {
  tariffs: [{ id: 'payg', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 5 } } }],
  plans: [{ id: 'hk-1gb', name: 'HK 1 GB', currency: 'HKD', priceMinor: 1000, validityDays: 7, validityStarts: 'purchase', coverage: ['HK'], allowances: { dataBytes: 1_073_741_824 } }],
  accounts: [
    { id: 'acc-a', name: 'A', language: 'en', timeZone: 'Asia/Hong_Kong', currency: 'HKD' },
    { id: 'acc-b', name: 'B', language: 'zh-Hant', timeZone: 'Asia/Hong_Kong', currency: 'HKD' },
  ],
  esims: [
    { iccid: A1, imsi: '454000000000011', accountId: 'acc-a', tariffId: 'payg', activationCode: 'LPA:1$smdp.example.com$A-1' },
    { iccid: B1, imsi: '454000000000021', accountId: 'acc-b', tariffId: 'payg', activationCode: 'LPA:1$smdp.example.com$B-1' },
    { iccid: B2, imsi: '454000000000022', accountId: 'acc-b', tariffId: 'payg' },
  ],
  topups: [
    { id: 'open-a', accountId: 'acc-a', amountMinor: 10_000, at: '2026-11-01T00:00:00Z' },
    { id: 'open-b', accountId: 'acc-b', amountMinor: 20_000, at: '2026-11-01T00:00:00Z' },
  ],
  purchases: [
    { id: 'pa', iccid: A1, planId: 'hk-1gb', at: '2026-11-19T00:00:00Z', paidFrom: 'wallet' },
    { id: 'pb', iccid: B1, planId: 'hk-1gb', at: '2026-11-19T00:00:00Z', paidFrom: 'wallet' },
  ],
};

type Session = { cookie: string; csrf: string };

describe.each(TEST_DIALECTS)('access matrix on %s', (dialect) => {
  let t: TestApp;
  let a: Session;
  let b: Session;
  let bPin = '';

  async function call(who: Session, method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = { cookie: who.cookie, 'x-csrf-token': who.csrf };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await t.app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  async function sessionOf(accountId: string): Promise<Session> {
    const s = await createSession(t.deps.store, accountId, NOW);
    return { cookie: `__Host-simledger=${s.token}`, csrf: s.session.csrfToken };
  }

  async function state(who: Session) {
    return [(await call(who, 'GET', '/api/v1/balances')).text, (await call(who, 'GET', '/api/v1/usage/records')).text];
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, NOW);
    expect(await provision(t.deps.store, WORLD, NOW)).toMatchObject({ ok: true });
    const events = [
      { eventId: 'ua', iccid: A1 },
      { eventId: 'ub1', iccid: B1 },
      { eventId: 'ub2', iccid: B2 },
    ].map((e, ref) => ({ raw: usageRow({ ...e, startedAt: '2026-11-19T06:00:00Z', quantity: 2_000_000 }), ref }));
    expect((await rateUsageBatch(t.deps.store, 'test', events, NOW, usageWindow(NOW, 12))).map((r) => r.status)).toEqual(['rated', 'rated', 'rated']);
    [{ pin: bPin }] = (await createVouchers(t.deps.store, { count: 1, valueMinor: 500n, currency: 'HKD', expiresAt: NOW + 86_400_000, batch: 'b' }, NOW)) as [{ pin: string }];
    a = await sessionOf('acc-a');
    b = await sessionOf('acc-b');
    expect((await call(b, 'POST', '/api/v1/topups/voucher', { id: 'topup-b', pin: bPin })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  const BY_ICCID: [string, string, (iccid: string) => string, (iccid: string) => unknown][] = [
    ['eSIM', 'GET', (i) => `/api/v1/esims/${i}`, () => undefined],
    ['activation code', 'GET', (i) => `/api/v1/esims/${i}/activation-code`, () => undefined],
    ['line balance', 'GET', (i) => `/api/v1/esims/${i}/balance`, () => undefined],
    ['usage summary filtered by eSIM', 'GET', (i) => `/api/v1/usage/summary?granularity=month&iccid=${i}`, () => undefined],
    ['usage records filtered by eSIM', 'GET', (i) => `/api/v1/usage/records?iccid=${i}`, () => undefined],
    ['records filtered by eSIM and kind', 'GET', (i) => `/api/v1/usage/records?kind=data&iccid=${i}`, () => undefined],
    ['purchase for an eSIM', 'POST', () => '/api/v1/purchases', (i) => ({ id: `buy-${i}`, iccid: i, planId: 'hk-1gb' })],
  ];

  it.each(BY_ICCID)("%s: B's eSIM answers A exactly like a missing one (404), and B itself gets its data", async (_name, method, path, body) => {
    const before = await state(b);
    for (const target of [B1, B2]) {
      const foreign = await call(a, method, path(target), body(target));
      const missing = await call(a, method, path(MISSING), body(MISSING));
      expect(foreign.status).toBe(404);
      expect(foreign.body['code']).toBe('unknown_esim');
      expect(foreign.text.replaceAll(target, 'ID')).toBe(missing.text.replaceAll(MISSING, 'ID'));
      expect(foreign.text).not.toContain('LPA:');
      expect(foreign.text).not.toContain('acc-b');
    }
    expect(await state(b)).toEqual(before);
    if (method === 'GET') {
      const own = await call(b, 'GET', path(B1));
      expect(own.status).toBe(200);
    }
  });

  it("lists only the account's own eSIMs, balances and records", async () => {
    const esims = (await call(a, 'GET', '/api/v1/esims')).body['esims'] as { iccid: string }[];
    expect(esims.map((e) => e.iccid)).toEqual([A1]);
    const balances = await call(a, 'GET', '/api/v1/balances');
    expect((balances.body['esims'] as { iccid: string }[]).map((e) => e.iccid)).toEqual([A1]);
    expect(balances.body['wallet']).toMatchObject({ currency: 'HKD', balanceMinor: 9_000 });
    const records = (await call(a, 'GET', '/api/v1/usage/records')).body['records'] as { eventId: string }[];
    expect(records.map((r) => r.eventId)).toEqual(['ua']);
    const summary = (await call(a, 'GET', '/api/v1/usage/summary?granularity=month')).body['periods'] as { events: number }[];
    expect(summary.map((p) => p.events)).toEqual([1]);
    expect((await call(a, 'GET', '/api/v1/me')).body['id']).toBe('acc-a');
  });

  it("cannot redeem B's top-up id or voucher to its own gain, nor replay B's purchase id", async () => {
    const replayTopUp = await call(a, 'POST', '/api/v1/topups/voucher', { id: 'topup-b', pin: bPin });
    expect([replayTopUp.status, replayTopUp.body['code']]).toEqual([409, 'exists_with_different_payload']);
    const usedVoucher = await call(a, 'POST', '/api/v1/topups/voucher', { id: 'topup-a', pin: bPin });
    expect([usedVoucher.status, usedVoucher.body['code']]).toEqual([422, 'invalid_voucher']);
    const replayPurchase = await call(a, 'POST', '/api/v1/purchases', { id: 'pb', iccid: A1, planId: 'hk-1gb' });
    expect([replayPurchase.status, replayPurchase.body['code']]).toEqual([409, 'exists_with_different_payload']);
    for (const r of [replayTopUp, usedVoucher, replayPurchase]) expect(r.text).not.toMatch(/acc-b|20000|20500/);
    expect((await call(a, 'GET', '/api/v1/balances')).body['wallet']).toMatchObject({ currency: 'HKD', balanceMinor: 9_000 });
  });

  it('never reaches an operator or TM Forum endpoint with a subscriber session', async () => {
    const paths: [string, string][] = [
      ['GET', '/api/v1/operator/subscribers?iccid=' + B1],
      ['GET', '/api/v1/operator/subscribers/acc-b'],
      ['GET', '/api/v1/operator/suspense'],
      ['POST', '/api/v1/operator/usage'],
      ['POST', '/api/v1/operator/vouchers'],
      ['POST', '/api/v1/operator/provisioning'],
      ['GET', '/tmf-api/usageManagement/v4/usage'],
      ['GET', '/tmf-api/usageManagement/v4/usage/ub1'],
      ['POST', '/tmf-api/usageManagement/v4/usage'],
      ['GET', '/tmf-api/prepayBalanceManagement/v4/bucket'],
      ['GET', '/tmf-api/prepayBalanceManagement/v4/accumulatedBalance'],
      ['POST', '/tmf-api/prepayBalanceManagement/v4/topupBalance'],
      ['GET', '/tmf-api/customerBillManagement/v4/customerBill'],
    ];
    for (const [method, path] of paths) {
      const r = await call(a, method, path, method === 'POST' ? {} : undefined);
      expect([method, path, r.status]).toEqual([method, path, 401]);
      expect(r.body['code']).toBe('unauthorized');
    }
  });
});
