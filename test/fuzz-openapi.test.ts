/**
 * The fuzz suite: every operation of the server's own OpenAPI document, every parameter and body,
 * sent hostile values (see fuzz/openapi-cases.ts) with credentials that pass the auth wall (a
 * subscriber session with its CSRF token; an operator key with every scope). No answer may be a
 * 5xx and the server may log no error. Prints its size and run time per database.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_BULK_BODY_LIMIT_BYTES } from '../src/config/server-config.js';
import { API_SCOPES, createApiKey } from '../src/services/api-keys.js';
import { createSession } from '../src/services/sessions.js';
import { createTestApp, type TestApp } from '../src/testing/test-app.js';
import { TEST_DIALECTS } from '../src/testing/test-stores.js';
import { endpointsOf, fuzzRequests, type Baselines, type Doc, type FuzzRequest } from './fuzz/openapi-cases.js';
import { ICCID_1, IMSI_1, provisionTmfWorld } from './tmf-fixture.js';

const BULK = new Set(['POST /api/v1/operator/usage', 'POST /api/v1/operator/provisioning', 'POST /tmf-api/usageManagement/v4/usage']);
const PARALLEL = 8;

const BASELINES: Baselines = {
  params: { iccid: ICCID_1, accountId: '11', id: '11', period: '2026-10' },
  bodies: {
    'POST /api/v1/auth/sign-in': { phone: '+33612345678', password: 'not the password' },
    'POST /api/v1/topups/voucher': { id: 'fz-1', pin: '1234567890123456' },
    'POST /api/v1/purchases': { id: 'fz-1', iccid: ICCID_1, planId: 'asia-5gb' },
    'PATCH /api/v1/me': { language: 'en', timeZone: 'Europe/Paris' },
    'POST /api/v1/operator/usage': { event_id: 'fz-1', imsi: IMSI_1, kind: 'data', started_at: '2026-11-19T10:00:00Z', quantity: 1024, mcc_mnc: '45400' },
    'POST /api/v1/operator/provisioning': {
      tariffs: [{ id: 'fz-t', currency: 'EUR', rates: { '*': { dataPerMiBMinor: 1 } } }],
      topups: [{ id: 'fz-tp', accountId: '11', amountMinor: 1, at: '2026-11-01T00:00:00Z' }],
    },
    'POST /api/v1/operator/vouchers': { count: 1, valueMinor: 500, currency: 'EUR', expiresAt: '2027-01-01T00:00:00Z', batch: 'fz' },
    'POST /tmf-api/usageManagement/v4/usage': {
      id: 'fz-u1',
      usageDate: '2026-11-19T10:00:00Z',
      usageType: 'data',
      usageCharacteristic: [
        { name: 'imsi', value: IMSI_1 },
        { name: 'quantity', value: 2048 },
        { name: 'mcc_mnc', value: '45400' },
      ],
    },
    'POST /tmf-api/prepayBalanceManagement/v4/topupBalance': { amount: { amount: 1.5, units: 'EUR' }, partyAccount: { id: '11' }, requestedDate: '2026-11-20T00:00:00Z' },
    'POST /tmf-api/prepayBalanceManagement/v4/adjustBalance': { amount: { amount: 1, units: 'EUR' }, bucket: { id: '11' }, adjustType: 'credit' },
    'POST /tmf-api/prepayBalanceManagement/v4/reserveBalance': { amount: { amount: 1, units: 'EUR' }, bucket: { id: '11' } },
    'POST /tmf-api/usageConsumption/v4/queryUsageConsumption': { searchCriteria: { logicalResource: [{ id: ICCID_1 }] } },
    'POST /tmf-api/customerBillManagement/v4/customerBillOnDemand': { billingAccount: { id: '11' }, name: 'fuzz' },
    // A listener no event can reach: the discard port refuses at once.
    ...Object.fromEntries(
      ['usageManagement', 'prepayBalanceManagement', 'usageConsumption', 'customerBillManagement'].map((api) => [
        `POST /tmf-api/${api}/v4/hub`,
        { callback: 'http://127.0.0.1:9/listener', query: 'eventType=X' },
      ]),
    ),
  },
};

describe.each(TEST_DIALECTS)('OpenAPI fuzz on %s', (dialect) => {
  let t: TestApp;
  const logged: { level: number; msg: string; path?: string; err?: { message?: string } }[] = [];

  beforeAll(async () => {
    const log = pino(
      { level: 'warn' },
      {
        write: (line: string) => {
          logged.push(JSON.parse(line) as (typeof logged)[number]);
        },
      },
    );
    t = await createTestApp(dialect, Date.UTC(2026, 10, 20, 4, 0, 0), log);
    await provisionTmfWorld(t.deps.store, t.clock.now());
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers every hostile request below 500 and logs no error', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as Doc;
    const operatorKey = (await createApiKey(t.deps.store, { name: 'fuzz', scopes: [...API_SCOPES] }, t.clock.now())).secret;
    const started = performance.now();
    const failures: string[] = [];
    const perOperation: number[] = [];
    const statuses = new Map<number, number>();
    for (const endpoint of endpointsOf(doc)) {
      const subscriber = endpoint.path.startsWith('/api/v1/') && !endpoint.path.startsWith('/api/v1/operator/');
      // A fresh session per operation: sign-out or a password change must not end the next one's.
      const session = subscriber ? await createSession(t.deps.store, '11', t.clock.now()) : undefined;
      const auth = session ? { cookie: `__Host-simledger=${session.token}`, 'x-csrf-token': session.session.csrfToken } : { authorization: `Bearer ${operatorKey}` };
      const limitBytes = BULK.has(`${endpoint.method} ${endpoint.path}`) ? DEFAULT_BULK_BODY_LIMIT_BYTES : DEFAULT_BODY_LIMIT_BYTES;
      const requests = fuzzRequests(doc, endpoint, BASELINES, { auth, limitBytes });
      perOperation.push(requests.length);
      for (let i = 0; i < requests.length; i += PARALLEL) {
        await Promise.all(
          requests.slice(i, i + PARALLEL).map(async (r: FuzzRequest) => {
            const res = await t.app.request(r.url, { method: r.method, headers: r.headers, ...(r.body === undefined ? {} : { body: r.body }) });
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            const text = await res.text();
            if (res.status >= 500) failures.push(`${r.label} -> ${res.status} ${text.slice(0, 200)}`);
          }),
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const total = perOperation.reduce((a, b) => a + b, 0);
    const errors = logged.filter((l) => l.level >= 50).map((l) => `${l.msg} ${l.path ?? ''} ${l.err?.message ?? ''}`);
    console.log(
      `[fuzz ${dialect}] ${perOperation.length} operations, ${Math.min(...perOperation)}-${Math.max(...perOperation)} requests each ` +
        `(median ${[...perOperation].sort((a, b) => a - b)[perOperation.length >> 1]}), ${total} requests in ${seconds.toFixed(1)} s; ` +
        `5xx: ${failures.length}; error log lines: ${errors.length}; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );
    expect(failures).toEqual([]);
    expect(errors).toEqual([]);
    expect(perOperation.length).toBeGreaterThan(70);
  }, 240_000); // ~15-30 s alone on 2 cores; the margin is for a machine shared with other work
});
