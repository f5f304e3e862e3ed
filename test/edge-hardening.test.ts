/**
 * Issue 23, points 1, 2, 5, 7 and 11 through the real app: deep JSON, body limits, numbers the
 * ledger cannot hold, dates out of range, and Origin / Sec-Fetch-Site on state changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_BULK_BODY_LIMIT_BYTES } from '../src/config/server-config.js';
import { API_SCOPES, createApiKey } from '../src/services/api-keys.js';
import { createSession } from '../src/services/sessions.js';
import { createTestApp, type TestApp } from '../src/testing/test-app.js';
import { TEST_DIALECTS } from '../src/testing/test-stores.js';
import { ICCID_1, IMSI_1, provisionTmfWorld } from './tmf-fixture.js';

type Body = Record<string, any>;
const TOPUP = '/tmf-api/prepayBalanceManagement/v4/topupBalance';
const TMF_USAGE = '/tmf-api/usageManagement/v4/usage';

describe.each(TEST_DIALECTS)('the HTTP edge on %s', (dialect) => {
  let t: TestApp;
  let operator: Record<string, string>;
  let subscriber: Record<string, string>;

  async function send(method: string, path: string, headers: Record<string, string>, body?: BodyInit): Promise<{ status: number; body: Body; headers: Headers }> {
    const res = await t.app.request(path, { method, headers, ...(body === undefined ? {} : { body, duplex: 'half' }) } as RequestInit);
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Body) : {} };
  }
  const json = (auth: Record<string, string>, extra: Record<string, string> = {}) => ({ ...auth, 'content-type': 'application/json', ...extra });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await provisionTmfWorld(t.deps.store, t.clock.now());
    operator = { authorization: `Bearer ${(await createApiKey(t.deps.store, { name: 'edge', scopes: [...API_SCOPES] }, t.clock.now())).secret}` };
    const s = await createSession(t.deps.store, '11', t.clock.now());
    subscriber = { cookie: `__Host-simledger=${s.token}`, 'x-csrf-token': s.session.csrfToken };
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('1. deeply nested JSON', () => {
    const bomb = '['.repeat(5_000) + ']'.repeat(5_000);
    it('is a 400 naming the depth on every JSON route behind the body readers', async () => {
      for (const [method, path, auth] of [
        ['PATCH', '/api/v1/me', subscriber],
        ['POST', '/api/v1/operator/provisioning', operator],
        ['POST', TOPUP, operator],
        ['POST', '/api/v1/auth/sign-in', {}],
      ] as const) {
        const r = await send(method, path, json(auth), bomb);
        expect(r.status, path).toBe(400);
        expect(r.body).toMatchObject({ code: 'invalid_json', errors: [{ field: '(body)', reason: 'nests deeper than 64 levels' }] });
      }
      const objects = await send('PATCH', '/api/v1/me', json(subscriber), '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000));
      expect(objects.body.code).toBe('invalid_json');
    });

    it('lets a body within the limit reach the schema, and names a NUL however deep', async () => {
      const within = await send('PATCH', '/api/v1/me', json(subscriber), JSON.stringify({ language: JSON.parse('['.repeat(60) + '"en"' + ']'.repeat(60)) }));
      expect(within.status).toBe(400);
      expect(within.body.code).toBe('invalid_request');
      expect(within.body.errors[0].field).toBe('language');
      const nul = await send('PATCH', '/api/v1/me', json(subscriber), JSON.stringify({ x: [[[[['a\u0000']]]]] }));
      expect(nul.body.errors).toEqual([{ field: 'x[0][0][0][0][0]', reason: 'must not contain a NUL character (U+0000)' }]);
    });

    it('rejects a deep NDJSON usage line as malformed and rates the others', async () => {
      const good = JSON.stringify({ event_id: 'edge-deep-2', imsi: IMSI_1, kind: 'data', started_at: '2026-11-19T10:00:00Z', quantity: 10, mcc_mnc: '45400' });
      const r = await send('POST', '/api/v1/operator/usage', { ...operator, 'content-type': 'application/x-ndjson' }, `{"event_id":${bomb}}\n${good}\n`);
      expect(r.status).toBe(200);
      expect(r.body.results[0]).toMatchObject({ line: 1, status: 'rejected', code: 'malformed_row', detail: 'malformed JSON: nests deeper than 64 levels' });
      expect(r.body.results[1]).toMatchObject({ line: 2, status: 'rated' });
    });
  });

  describe('2. body limits', () => {
    const padded = (bytes: number) => `{"pad":"${'x'.repeat(bytes - 10)}"}`;

    it('answers 413 payload_too_large for a body over the limit, by Content-Length or counted', async () => {
      const over = padded(DEFAULT_BODY_LIMIT_BYTES + 1);
      const declared = await send('POST', '/api/v1/auth/sign-in', json({}, { 'content-length': String(over.length) }), over);
      expect(declared.status).toBe(413);
      expect(declared.body).toMatchObject({ code: 'payload_too_large', errors: [{ field: '(body)' }] });
      expect(declared.headers.get('connection')).toBe('close');
      const counted = await send('PATCH', '/api/v1/me', json(subscriber), over);
      expect(counted.status).toBe(413);
      const atLimit = await send('POST', '/api/v1/auth/sign-in', json({}), padded(DEFAULT_BODY_LIMIT_BYTES));
      expect(atLimit.status).toBe(400);
      expect(atLimit.body.code).toBe('invalid_request');
    });

    it('refuses at once a declared length over the limit, without reading the body', async () => {
      const endless = new ReadableStream<Uint8Array>({
        pull: (c) => {
          c.enqueue(new Uint8Array(1024));
        },
      });
      const r = await send('POST', '/api/v1/auth/sign-in', json({}, { 'content-length': String(100 * 1024 * 1024) }), endless);
      expect(r.status).toBe(413);
      const chunked = new ReadableStream<Uint8Array>({
        pull: (c) => {
          c.enqueue(new Uint8Array(16 * 1024).fill(0x5b));
        },
      });
      expect((await send('POST', '/api/v1/auth/otp/request', json({}), chunked)).status).toBe(413);
    });

    it('gives the batch routes the bulk limit', async () => {
      const big = await send('POST', '/api/v1/operator/provisioning', json(operator), padded(2 * 1024 * 1024));
      expect(big.status).toBe(400);
      expect(big.body.code).toBe('invalid_provisioning');
      expect((await send('POST', '/api/v1/operator/provisioning', json(operator), padded(DEFAULT_BULK_BODY_LIMIT_BYTES + 1))).status).toBe(413);
      expect((await send('POST', '/api/v1/operator/vouchers', json(operator), padded(DEFAULT_BODY_LIMIT_BYTES + 1))).status).toBe(413);
    });
  });

  describe('5. numbers outside the ledger', () => {
    const topup = (amount: string, extra = '') => `{"amount":{"amount":${amount},"units":"EUR"},"partyAccount":{"id":"11"}${extra}}`;

    it('refuses a TMF654 amount beyond 64 bits or 2^53 with 400 naming amount.amount, and takes a normal one', async () => {
      for (const amount of ['1e20', '-1e20', '9223372036854775807', '92233720368547758.07', '9007199254740993']) {
        for (const path of [TOPUP, '/tmf-api/prepayBalanceManagement/v4/adjustBalance', '/tmf-api/prepayBalanceManagement/v4/reserveBalance']) {
          const r = await send('POST', path, json(operator), topup(amount));
          expect(r.status, `${path} ${amount}`).toBe(400);
          expect(r.body).toMatchObject({ code: 'invalid_amount', errors: [{ field: 'amount.amount' }] });
        }
      }
      const ok = await send('POST', TOPUP, json(operator), topup('12.5'));
      expect(ok.status).toBe(201);
      expect(ok.body.amount).toEqual({ amount: 12.5, units: 'EUR' });
    });

    it('refuses a TMF635 quantity that JSON cannot carry exactly, and holds a too-large digit string as invalid_quantity', async () => {
      const usage = (quantity: string, id: string) =>
        `{"id":"${id}","usageDate":"2026-11-19T10:00:00Z","usageType":"data","usageCharacteristic":` +
        `[{"name":"imsi","value":"${IMSI_1}"},{"name":"quantity","value":${quantity}},{"name":"mcc_mnc","value":"45400"}]}`;
      const lossy = await send('POST', TMF_USAGE, json(operator), usage('9007199254740993', 'edge-q1'));
      expect(lossy.status).toBe(400);
      expect(lossy.body.errors[0].field).toBe('usageCharacteristic.1.value');
      const huge = await send('POST', TMF_USAGE, json(operator), usage('"100000000000000000000"', 'edge-q2'));
      expect(huge.status).toBe(201);
      expect(huge.body).toMatchObject({ status: 'rejected', description: expect.stringContaining('invalid_quantity') });
    });

    it('refuses provisioning and voucher amounts beyond 64 bits, naming the field', async () => {
      const p = await send('POST', '/api/v1/operator/provisioning', json(operator), '{"topups":[{"id":"edge-big","accountId":"11","amountMinor":"9223372036854775808","at":"2026-11-01T00:00:00Z"}]}');
      expect(p.status).toBe(400);
      expect(p.body.errors[0]).toMatchObject({ field: 'topups[0].amountMinor', reason: expect.stringContaining('9223372036854775807') });
      const v = await send('POST', '/api/v1/operator/vouchers', json(operator), '{"count":1,"valueMinor":1e20,"currency":"EUR","expiresAt":"2027-01-01T00:00:00Z","batch":"edge"}');
      expect(v.status).toBe(400);
      expect(v.body.errors[0].field).toBe('valueMinor');
    });
  });

  describe('7. dates out of range', () => {
    it('answers 400 naming the parameter for a usage date outside 2000-2100', async () => {
      for (const path of ['/api/v1/usage/records?to=9999-12-31', '/api/v1/usage/summary?to=9999-12-31', '/api/v1/usage/summary?from=1999-12-31']) {
        const r = await send('GET', path, subscriber);
        expect(r.status, path).toBe(400);
        expect(r.body.errors[0]).toEqual({ field: path.includes('from=') ? 'from' : 'to', reason: 'must be a date from 2000-01-01 to 2100-12-31' });
      }
      expect((await send('GET', '/api/v1/usage/records?from=2000-01-01&to=2100-12-31', subscriber)).status).toBe(200);
    });

    it('answers 400 naming requestedDate for a TMF654 action dated 9999', async () => {
      const r = await send('POST', TOPUP, json(operator), '{"amount":{"amount":1,"units":"EUR"},"partyAccount":{"id":"11"},"requestedDate":"9999-12-31T00:00:00Z"}');
      expect(r.status).toBe(400);
      expect(r.body.errors[0].field).toBe('requestedDate');
    });
  });

  describe('11. Origin and Sec-Fetch-Site on state changes', () => {
    const purchase = (headers: Record<string, string>, id: string) => send('POST', '/api/v1/purchases', json(subscriber, headers), JSON.stringify({ id, iccid: ICCID_1, planId: 'no-such-plan' }));

    it('refuses another site even with the right CSRF token', async () => {
      for (const headers of [
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { 'sec-fetch-site': 'cross-site' },
        { 'sec-fetch-site': 'same-site' },
        { origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'cross-site' },
      ]) {
        const r = await purchase(headers, 'edge-o1');
        expect(r.status, JSON.stringify(headers)).toBe(403);
        expect(r.body.code).toBe('csrf_failed');
      }
      expect((await purchase({ origin: 'https://evil.example' }, 'edge-o1')).body.detail).toBe("Origin https://evil.example is not this server's origin");
      const signIn = await send('POST', '/api/v1/auth/sign-in', json({}, { origin: 'https://evil.example' }), '{"phone":"+33612345678","password":"x"}');
      expect(signIn.status).toBe(403);
    });

    it('lets our own origin, the addressed host, and a client without either header through to the handler', async () => {
      for (const headers of [{ origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-origin' }, {}, { 'sec-fetch-site': 'none' }]) {
        const r = await purchase(headers, 'edge-o2');
        expect(r.status, JSON.stringify(headers)).toBe(404);
        expect(r.body.code).toBe('unknown_plan');
      }
      const viaHost = await t.app.request('http://portal.example/api/v1/me', { method: 'PATCH', headers: json(subscriber, { origin: 'http://portal.example' }), body: '{"language":"en"}' });
      expect(viaHost.status).toBe(200);
      expect((await purchase({ origin: 'https://evil.example' }, 'edge-o3')).status).toBe(403);
      expect((await send('GET', '/api/v1/me', { ...subscriber, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(200);
    });

    it('still wants the CSRF token from a same-origin page', async () => {
      const { 'x-csrf-token': _, ...cookieOnly } = subscriber;
      const r = await send('POST', '/api/v1/purchases', json(cookieOnly, { origin: 'http://127.0.0.1:8080' }), JSON.stringify({ id: 'edge-o4', iccid: ICCID_1, planId: 'x' }));
      expect(r.status).toBe(403);
      expect(r.body.detail).toBe('missing or wrong X-CSRF-Token header');
    });
  });
});
