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
const L1 = makeIccid('898100000000000001');
const L2 = makeIccid('898100000000000002');
const UNKNOWN = makeIccid('898100000000000099');
const GIB = 1_073_741_824;

const WORLD = {
  tariffs: [{ id: 't-jpy', currency: 'JPY', rates: { '*': { dataPerMiBMinor: 2, voiceOutPerMinMinor: 30, smsOutMinor: 10 } } }],
  plans: [
    {
      id: 'jp-1gb',
      name: { en: 'Japan 1 GB', ja: '日本 1GB' },
      currency: 'JPY',
      priceMinor: 1000,
      validityDays: 7,
      validityStarts: 'purchase',
      coverage: ['JP'],
      allowances: { dataBytes: GIB, sms: 10 },
    },
    { id: 'jp-huge', name: 'Japan unlimited-ish', currency: 'JPY', priceMinor: 1_000_000, validityDays: 30, validityStarts: 'purchase', coverage: ['JP'], allowances: { dataBytes: 100 * GIB } },
    { id: 'hk-1gb', name: 'Hong Kong 1 GB', currency: 'HKD', priceMinor: 5000, validityDays: 7, validityStarts: 'purchase', coverage: ['HK'], allowances: { dataBytes: GIB } },
  ],
  accounts: [{ id: 'acc-yuki', name: '佐藤ゆき', loginPhone: '+819012345678', language: 'ja', timeZone: 'Asia/Tokyo', currency: 'JPY' }],
  esims: [
    { iccid: L1, imsi: '440100000000001', msisdn: '+819011112222', accountId: 'acc-yuki', tariffId: 't-jpy', activationCode: 'LPA:1$smdp.example.com$YUKI-0001' },
    { iccid: L2, imsi: '440100000000002', accountId: 'acc-yuki', tariffId: 't-jpy' },
  ],
  topups: [{ id: 'opening', accountId: 'acc-yuki', amountMinor: 3000, at: '2026-11-01T00:00:00Z' }],
  purchases: [{ id: 'buy-1', iccid: L1, planId: 'jp-1gb', at: '2026-11-19T00:00:00Z', paidFrom: 'external' }],
};

/** Three events either side of midnight in Tokyo (UTC+9) and Moscow (UTC+3), two lines, two countries. */
const EVENTS = [
  { eventId: 'e1', iccid: L2, startedAt: '2026-11-10T14:30:00Z', quantity: 1_048_576, mccMnc: '44010' },
  { eventId: 'e2', iccid: L2, startedAt: '2026-11-10T15:30:00Z', quantity: 2_097_152, mccMnc: '44010' },
  { eventId: 'e3', iccid: L2, startedAt: '2026-11-10T21:30:00Z', quantity: 60, kind: 'voice', mccMnc: '44010' },
  { eventId: 'e4', iccid: L2, startedAt: '2026-11-12T03:00:00Z', quantity: 1, kind: 'sms', mccMnc: '45400' },
  { eventId: 'e5', iccid: L1, startedAt: '2026-11-19T03:00:00Z', quantity: 5_000, mccMnc: '44010' },
];

describe.each(TEST_DIALECTS)('subscriber API on %s', (dialect) => {
  let t: TestApp;
  let cookie = '';
  let csrf = '';
  let pins: string[] = [];
  let expiredPin = '';
  let hkdPin = '';

  async function call(method: string, path: string, body?: unknown, opts: { csrf?: boolean; session?: boolean } = {}) {
    const headers: Record<string, string> = {};
    if (opts.session !== false) headers['cookie'] = cookie;
    if (opts.csrf !== false && method !== 'GET') headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await t.app.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, text, body: text ? (JSON.parse(text) as Record<string, any>) : {}, requestId: res.headers.get('x-request-id') };
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, NOW);
    const store = t.deps.store;
    expect(await provision(store, WORLD, NOW)).toMatchObject({ ok: true });
    const items = EVENTS.map((e, ref) => ({ raw: usageRow(e), ref }));
    const rated = await rateUsageBatch(store, 'test', items, NOW, usageWindow(NOW, 12));
    expect(rated.map((r) => r.status)).toEqual(['rated', 'rated', 'rated', 'rated', 'rated']);
    pins = (await createVouchers(store, { count: 2, valueMinor: 500n, currency: 'JPY', expiresAt: NOW + 86_400_000, batch: 'jp' }, NOW)).map((v) => v.pin);
    [{ pin: expiredPin }] = (await createVouchers(store, { count: 1, valueMinor: 500n, currency: 'JPY', expiresAt: NOW - 1, batch: 'old' }, NOW - 10_000)) as [{ pin: string }];
    [{ pin: hkdPin }] = (await createVouchers(store, { count: 1, valueMinor: 500n, currency: 'HKD', expiresAt: NOW + 86_400_000, batch: 'hk' }, NOW)) as [{ pin: string }];
    const s = await createSession(store, 'acc-yuki', NOW);
    cookie = `__Host-simledger=${s.token}`;
    csrf = s.session.csrfToken;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers 401 without a session on every route, and 403 csrf_failed on a POST without the token', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/esims'],
      ['GET', '/api/v1/balances'],
      ['GET', `/api/v1/esims/${L1}/balance`],
      ['GET', '/api/v1/usage/summary'],
      ['GET', '/api/v1/usage/records'],
      ['GET', '/api/v1/plans'],
      ['PATCH', '/api/v1/me'],
      ['POST', '/api/v1/topups/voucher'],
      ['POST', '/api/v1/purchases'],
      ['GET', `/api/v1/esims/${L1}/activation-code`],
    ] as const) {
      const r = await call(method, path, method === 'GET' ? undefined : {}, { session: false });
      expect([path, r.status, r.body['code']]).toEqual([path, 401, 'unauthorized']);
    }
    const bogus = await t.app.request('/api/v1/me', { headers: { cookie: '__Host-simledger=nonsense' } });
    expect(bogus.status).toBe(401);
    for (const [method, path] of [
      ['POST', '/api/v1/topups/voucher'],
      ['POST', '/api/v1/purchases'],
      ['PATCH', '/api/v1/me'],
    ] as const) {
      const r = await call(method, path, { id: 'x', pin: pins[0], iccid: L1, planId: 'jp-1gb' }, { csrf: false });
      expect([path, r.status, r.body['code']]).toEqual([path, 403, 'csrf_failed']);
    }
    expect((await call('GET', '/api/v1/balances')).body['wallet']).toMatchObject({ currency: 'JPY', balanceMinor: 2954 });
  });

  it('GET /me and PATCH /me with validated language and time zone', async () => {
    expect((await call('GET', '/api/v1/me')).body).toEqual({
      id: 'acc-yuki',
      name: '佐藤ゆき',
      phone: '+819012345678',
      language: 'ja',
      timeZone: 'Asia/Tokyo',
      currency: 'JPY',
    });
    const bad = await call('PATCH', '/api/v1/me', { language: 'de' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'invalid_request', errors: [{ field: 'language' }] });
    const badZone = await call('PATCH', '/api/v1/me', { timeZone: 'Mars/Olympus' });
    expect(badZone.body).toMatchObject({ status: 400, errors: [{ field: 'timeZone' }] });
    expect((await call('PATCH', '/api/v1/me', { timeZone: '+09:00' })).status).toBe(400);
    expect((await call('PATCH', '/api/v1/me', { currency: 'USD' })).status).toBe(400);
    const ok = await call('PATCH', '/api/v1/me', { language: 'ar', timeZone: 'Europe/Moscow' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ language: 'ar', timeZone: 'Europe/Moscow' });
    expect((await call('PATCH', '/api/v1/me', { language: 'ja', timeZone: 'Asia/Tokyo' })).body).toMatchObject({ language: 'ja', timeZone: 'Asia/Tokyo' });
  });

  it('lists the eSIMs with plan names in the account language, one eSIM, its activation code', async () => {
    const list = await call('GET', '/api/v1/esims');
    expect(list.body['esims']).toEqual([
      {
        iccid: L1,
        imsi: '440100000000001',
        msisdn: '+819011112222',
        eid: null,
        state: 'active',
        hasActivationCode: true,
        plans: [{ planId: 'jp-1gb', name: '日本 1GB', lastPurchasedAt: '2026-11-19T00:00:00.000Z' }],
      },
      { iccid: L2, imsi: '440100000000002', msisdn: null, eid: null, state: 'active', hasActivationCode: false, plans: [] },
    ]);
    expect((await call('GET', `/api/v1/esims/${L2}`)).body).toMatchObject({ iccid: L2, plans: [] });
    expect((await call('GET', `/api/v1/esims/${UNKNOWN}`)).body).toMatchObject({ status: 404, code: 'unknown_esim' });
    expect((await call('GET', '/api/v1/esims/12345')).body).toMatchObject({ status: 400, errors: [{ field: 'iccid' }] });
    expect((await call('GET', `/api/v1/esims/${L1}/activation-code`)).body).toEqual({ iccid: L1, activationCode: 'LPA:1$smdp.example.com$YUKI-0001' });
    expect((await call('GET', `/api/v1/esims/${L2}/activation-code`)).body).toMatchObject({ status: 404, code: 'no_activation_code' });
    expect((await call('GET', `/api/v1/esims/${UNKNOWN}/activation-code`)).body).toMatchObject({ status: 404, code: 'unknown_esim' });
  });

  it("gives balances: wallet, buckets with remaining and validity, as of now; one line's balance", async () => {
    const all = await call('GET', '/api/v1/balances');
    expect(all.status).toBe(200);
    expect(all.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // Handlers that build their own Response (CAMARA here) carry it too.
    const camara = await t.app.request('/device-data-volume/v0.1/retrieve', { method: 'POST', headers: { 'x-request-id': 'r-1' } });
    expect([camara.status, camara.headers.get('x-request-id')]).toEqual([401, 'r-1']);
    expect(all.text).toContain('"remaining":1073736824');
    expect(all.body).toMatchObject({ asOf: new Date(NOW).toISOString(), esims: [{ iccid: L1 }, { iccid: L2, buckets: [] }] });
    expect(all.body['esims'][0].buckets[0]).toEqual({
      bucketId: 'buy-1:data',
      purchaseId: 'buy-1',
      planId: 'jp-1gb',
      kind: 'data',
      unit: 'bytes',
      initial: GIB,
      remaining: GIB - 5_000,
      validFrom: '2026-11-19T00:00:00.000Z',
      validTo: '2026-11-26T00:00:00.000Z',
      status: 'active',
      endedAt: null,
      // Started a day ago: too short a history to forecast from.
      forecast: { outcome: 'too_short', runsOutAt: null, planEndsAt: null, pacePerDay: null },
    });
    expect(all.body['esims'][0].freshness).toMatchObject({ usageCountedTo: expect.any(String), network: { mccMnc: expect.any(String) } });
    expect(all.body['esims'][0].payg).toMatchObject({ active: false, overCap: false });
    const line = await call('GET', `/api/v1/esims/${L1}/balance`);
    expect(line.body).toMatchObject({ iccid: L1, wallet: { currency: 'JPY', balanceMinor: all.body['wallet'].balanceMinor }, asOf: all.body['asOf'] });
    expect(line.body['buckets'].map((b: { kind: string }) => b.kind)).toEqual(['data', 'sms']);
    expect((await call('GET', `/api/v1/esims/${UNKNOWN}/balance`)).status).toBe(404);
  });

  it("summarises usage per day in the account's time zone: Asia/Tokyo and Europe/Moscow differ", async () => {
    const q = '/api/v1/usage/summary?granularity=day&from=2026-11-10&to=2026-11-11';
    const days = (body: Record<string, any>) => body['periods'].map((p: { period: string; kind: string; events: number }) => `${p.period} ${p.kind} ${p.events}`);
    const tokyo = await call('GET', q);
    expect(tokyo.body).toMatchObject({ timeZone: 'Asia/Tokyo', granularity: 'day', from: '2026-11-10', to: '2026-11-11' });
    expect(days(tokyo.body)).toEqual(['2026-11-10 data 1', '2026-11-11 data 1', '2026-11-11 voice 1']);
    expect(tokyo.body['periods'][1]).toMatchObject({ quantity: 2_097_152, unit: 'bytes', amountMinor: 4, currency: 'JPY' });
    await call('PATCH', '/api/v1/me', { timeZone: 'Europe/Moscow' });
    const moscow = await call('GET', q);
    expect(days(moscow.body)).toEqual(['2026-11-10 data 2', '2026-11-11 voice 1']);
    await call('PATCH', '/api/v1/me', { timeZone: 'Asia/Tokyo' });
    const month = await call('GET', '/api/v1/usage/summary?granularity=month&from=2026-11-01&to=2026-11-30');
    expect(days(month.body)).toEqual(['2026-11 data 3', '2026-11 voice 1', '2026-11 sms 1']);
    const line = await call('GET', `/api/v1/usage/summary?from=2026-11-01&to=2026-11-30&iccid=${L1}`);
    expect(days(line.body)).toEqual(['2026-11-19 data 1']);
    const byDefault = await call('GET', '/api/v1/usage/summary');
    expect(byDefault.body).toMatchObject({ from: '2026-10-22', to: '2026-11-20' });
    expect(byDefault.body['periods']).toHaveLength(5);
    expect((await call('GET', '/api/v1/usage/summary?granularity=month')).body).toMatchObject({ from: '2025-12-01', to: '2026-11-20' });
    const trend = await call('GET', '/api/v1/usage/monthly');
    expect(trend.body['months'].map((m: { month: string }) => m.month)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(trend.body['months'][11]).toMatchObject({ smsMessages: 1, voiceSeconds: expect.any(Number), dataBytes: expect.any(Number) });
    expect(trend.body).toMatchObject({ timeZone: 'Asia/Tokyo', currency: 'JPY' });
    expect((await call('GET', '/api/v1/usage/monthly?iccid=89')).body).toMatchObject({ status: 400 });
  });

  it('rejects bad summary input naming the field', async () => {
    const cases: [string, string][] = [
      ['granularity=week', 'granularity'],
      ['from=2026-13-01', 'from'],
      ['to=yesterday', 'to'],
      ['iccid=89', 'iccid'],
      ['from=2026-11-10&to=2026-11-01', 'to'],
      ['from=2020-01-01&to=2026-11-01', 'from'],
    ];
    for (const [query, field] of cases) {
      const r = await call('GET', `/api/v1/usage/summary?${query}`);
      expect([query, r.status, r.body['errors']?.[0]?.field]).toEqual([query, 400, field]);
    }
    expect((await call('GET', `/api/v1/usage/summary?iccid=${UNKNOWN}`)).body).toMatchObject({ status: 404, code: 'unknown_esim' });
  });

  it('pages usage records by cursor and filters them', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { body: Record<string, any> } = await call('GET', `/api/v1/usage/records?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...r.body['records'].map((x: { eventId: string }) => x.eventId));
      cursor = r.body['nextCursor'];
      pages += 1;
    } while (cursor !== null);
    expect([pages, seen]).toEqual([3, ['e5', 'e4', 'e3', 'e2', 'e1']]);
    const first = (await call('GET', '/api/v1/usage/records?limit=1')).body['records'][0];
    expect(first).toMatchObject({
      eventId: 'e5',
      iccid: L1,
      kind: 'data',
      direction: 'out',
      startedAt: '2026-11-19T03:00:00.000Z',
      quantity: 5000,
      unit: 'bytes',
      country: 'JP',
      bucketUnits: 5000,
      amountMinor: 0,
      currency: 'JPY',
      debt: false,
    });
    const ids = async (q: string) => (await call('GET', `/api/v1/usage/records?${q}`)).body['records'].map((x: { eventId: string }) => x.eventId);
    expect(await ids('kind=voice,sms')).toEqual(['e4', 'e3']);
    expect(await ids('country=HK')).toEqual(['e4']);
    expect(await ids(`iccid=${L1}`)).toEqual(['e5']);
    expect(await ids('from=2026-11-11&to=2026-11-12')).toEqual(['e4', 'e3', 'e2']);
    expect(await ids('kind=data&from=2026-11-11&to=2026-11-11')).toEqual(['e2']);
    for (const [query, field] of [
      ['kind=mms', 'kind'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['country=jp', 'country'],
      ['cursor=%3F%3F', 'cursor'],
      ['from=2026-11-12&to=2026-11-11', 'to'],
    ]) {
      const r = await call('GET', `/api/v1/usage/records?${query}`);
      expect([query, r.status, r.body['errors']?.[0]?.field]).toEqual([query, 400, field]);
    }
  });

  it("lists the plans of the account's currency with localized names", async () => {
    const r = await call('GET', '/api/v1/plans');
    expect(r.body['plans']).toEqual([
      { id: 'jp-1gb', name: '日本 1GB', currency: 'JPY', priceMinor: 1000, validityDays: 7, validityStarts: 'purchase', coverage: ['JP'], allowances: { dataBytes: GIB, sms: 10 } },
      { id: 'jp-huge', name: 'Japan unlimited-ish', currency: 'JPY', priceMinor: 1_000_000, validityDays: 30, validityStarts: 'purchase', coverage: ['JP'], allowances: { dataBytes: 100 * GIB } },
    ]);
  });

  it('tops up by voucher: credits the wallet once per id (and once per voucher), and answers every other PIN alike', async () => {
    const first = await call('POST', '/api/v1/topups/voucher', { id: 'tu-1', pin: pins[0] });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      topup: { id: 'tu-1', amountMinor: 500, currency: 'JPY', method: 'voucher', at: new Date(NOW).toISOString() },
      wallet: { currency: 'JPY', balanceMinor: 3454 },
      duplicate: false,
    });
    const again = await call('POST', '/api/v1/topups/voucher', { id: 'tu-1', pin: pins[0] });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ topup: first.body['topup'], wallet: { balanceMinor: 3454 }, duplicate: true });
    expect((await call('GET', '/api/v1/balances')).body['wallet']).toMatchObject({ currency: 'JPY', balanceMinor: 3454 });
    // The account's own used voucher under a new id (a client that lost the answer): the first top-up.
    const retried = await call('POST', '/api/v1/topups/voucher', { id: 'tu-2', pin: pins[0] });
    expect([retried.status, retried.body]).toMatchObject([201, { topup: first.body['topup'], wallet: { balanceMinor: 3454 }, duplicate: true }]);
    // Unknown, expired and other-currency PINs: one answer, word for word.
    const refused = await Promise.all(
      [
        ['tu-3', '0000000000000000'],
        ['tu-4', expiredPin],
        ['tu-5', hkdPin],
      ].map(([id, pin]) => call('POST', '/api/v1/topups/voucher', { id, pin })),
    );
    expect(refused[0]).toMatchObject({ status: 422, body: { code: 'invalid_voucher' } });
    for (const r of refused) expect(r.text).toBe(refused[0]!.text);
    const conflict = await call('POST', '/api/v1/topups/voucher', { id: 'tu-1', pin: pins[1] });
    expect([conflict.status, conflict.body['code']]).toEqual([409, 'exists_with_different_payload']);
    expect((await call('POST', '/api/v1/topups/voucher', { pin: pins[1] })).body).toMatchObject({ status: 400, errors: [{ field: 'id' }] });
    for (const [type, text, status] of [
      ['application/json', 'not json', 400],
      ['application/x-www-form-urlencoded', 'id=1&pin=2', 415],
    ] as const) {
      const res = await t.app.request('/api/v1/topups/voucher', { method: 'POST', body: text, headers: { 'content-type': type, cookie, 'x-csrf-token': csrf } });
      expect([res.status, res.headers.get('content-type')]).toEqual([status, 'application/problem+json']);
    }
    expect((await call('POST', '/api/v1/topups/voucher', { id: 'tu-6' })).body).toMatchObject({ status: 400, errors: [{ field: 'pin' }] });
    expect((await call('GET', '/api/v1/balances')).body['wallet']['balanceMinor']).toBe(3454);
  });

  it('buys a plan from the wallet: creates buckets, is idempotent by id, and answers the purchase problems', async () => {
    const bought = await call('POST', '/api/v1/purchases', { id: 'pp-1', iccid: L2, planId: 'jp-1gb' });
    expect(bought.status).toBe(201);
    expect(bought.body).toMatchObject({
      purchase: {
        id: 'pp-1',
        iccid: L2,
        planId: 'jp-1gb',
        priceMinor: 1000,
        currency: 'JPY',
        paidFrom: 'wallet',
        buckets: [
          { bucketId: 'pp-1:data', kind: 'data', initial: GIB },
          { bucketId: 'pp-1:sms', kind: 'sms', initial: 10 },
        ],
      },
      wallet: { currency: 'JPY', balanceMinor: 2454 },
      duplicate: false,
    });
    t.clock.advance(60_000);
    const again = await call('POST', '/api/v1/purchases', { id: 'pp-1', iccid: L2, planId: 'jp-1gb' });
    expect(again.body).toMatchObject({ purchase: bought.body['purchase'], wallet: { balanceMinor: 2454 }, duplicate: true });
    const line = await call('GET', `/api/v1/esims/${L2}/balance`);
    expect(line.body['buckets'].map((b: { bucketId: string; status: string }) => `${b.bucketId} ${b.status}`)).toEqual(['pp-1:data active', 'pp-1:sms active']);
    const problems: [unknown, number, string][] = [
      [{ id: 'pp-2', iccid: L2, planId: 'jp-huge' }, 409, 'insufficient_balance'],
      [{ id: 'pp-3', iccid: L2, planId: 'nope' }, 404, 'unknown_plan'],
      [{ id: 'pp-4', iccid: L2, planId: 'hk-1gb' }, 422, 'currency_mismatch'],
      [{ id: 'pp-5', iccid: UNKNOWN, planId: 'jp-1gb' }, 404, 'unknown_esim'],
      [{ id: 'pp-1', iccid: L1, planId: 'jp-1gb' }, 409, 'exists_with_different_payload'],
    ];
    for (const [body, status, code] of problems) {
      const r = await call('POST', '/api/v1/purchases', body);
      expect([r.status, r.body['code']]).toEqual([status, code]);
    }
    for (const [body, field] of [
      [{ iccid: L2, planId: 'jp-1gb' }, 'id'],
      [{ id: 'pp-6', iccid: '1234', planId: 'jp-1gb' }, 'iccid'],
      [{ id: 'pp-7', iccid: L2 }, 'planId'],
    ] as const) {
      const r = await call('POST', '/api/v1/purchases', body);
      expect([r.status, r.body['errors']?.[0]?.field]).toEqual([400, field]);
    }
    expect((await call('GET', '/api/v1/balances')).body['wallet']['balanceMinor']).toBe(2454);
  });

  it('documents every subscriber route in /openapi.json', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const [path, method] of [
      ['/api/v1/me', 'get'],
      ['/api/v1/me', 'patch'],
      ['/api/v1/esims', 'get'],
      ['/api/v1/esims/{iccid}', 'get'],
      ['/api/v1/esims/{iccid}/activation-code', 'get'],
      ['/api/v1/balances', 'get'],
      ['/api/v1/esims/{iccid}/balance', 'get'],
      ['/api/v1/usage/summary', 'get'],
      ['/api/v1/usage/records', 'get'],
      ['/api/v1/plans', 'get'],
      ['/api/v1/topups/voucher', 'post'],
      ['/api/v1/purchases', 'post'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
  });
});
