import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIccid } from '../src/domain/identifiers.js';
import { createApiKey, revokeApiKey, API_SCOPES } from '../src/services/api-keys.js';
import { createSession } from '../src/services/sessions.js';
import { createTestApp, type TestApp } from '../src/testing/test-app.js';
import { TEST_DIALECTS } from '../src/testing/test-stores.js';

const BASE = '/api/v1/operator';
const ICCID_1 = makeIccid('898520000000000001');
const ICCID_2 = makeIccid('898520000000000002');
const AT = '2026-11-20T09:30:00+08:00'; // the test clock is 2026-11-20T04:00Z

const PROVISIONING = {
  tariffs: [{ id: 'payg-hkd', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 50, voiceOutPerMinMinor: 300, voiceInPerMinMinor: 100, smsOutMinor: 150 } } }],
  plans: [{ id: 'hk-1gb', name: 'HK 1 GB', currency: 'HKD', priceMinor: 3000, validityDays: 30, validityStarts: 'purchase', coverage: ['HK'], allowances: { dataBytes: 1073741824 } }],
  accounts: [{ id: 'acc-chan', name: '陳大文', loginPhone: '+85291234567', language: 'zh-Hant', timeZone: 'Asia/Hong_Kong', currency: 'HKD' }],
  esims: [
    { iccid: ICCID_1, imsi: '454000000000001', msisdn: '+85261234567', accountId: 'acc-chan', tariffId: 'payg-hkd' },
    { iccid: ICCID_2, imsi: '454000000000002', accountId: 'acc-chan', tariffId: 'payg-hkd' },
  ],
  topups: [{ id: 'tp-1', accountId: 'acc-chan', amountMinor: 20000, at: '2026-11-19T10:00:00+08:00' }],
  purchases: [{ id: 'pu-1', iccid: ICCID_1, planId: 'hk-1gb', at: '2026-11-19T11:00:00+08:00', paidFrom: 'wallet' }],
};

const event = (id: string, imsi: string, quantity: number, kind = 'data') => ({ event_id: id, imsi, kind, started_at: AT, quantity, mcc_mnc: '45400' });
const ndjson = (rows: (object | string)[]) => rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

type Problem = { status: number; code: string; detail?: string; errors?: { field: string; reason: string; section?: string; index?: number; id?: string }[] };

describe.each(TEST_DIALECTS)('operator API (%s)', (dialect) => {
  let t: TestApp;
  const keys = { all: '', support: '', revoked: '' };

  const call = (method: string, path: string, o: { key?: string; body?: string | object; type?: string; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.key) headers['authorization'] = `Bearer ${o.key}`;
    let body: string | undefined;
    if (o.body !== undefined) {
      body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      headers['content-type'] = o.type ?? (typeof o.body === 'string' ? 'application/x-ndjson' : 'application/json');
    }
    return t.app.request(`${BASE}${path}`, { method, headers, body });
  };
  const subscriber = async () => (await (await call('GET', '/subscribers/acc-chan', { key: keys.all })).json()) as { wallet: { balanceMinor: number }; esims: { buckets: { remaining: number }[] }[] };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const now = t.clock.now();
    keys.all = (await createApiKey(t.deps.store, { name: 'all', scopes: API_SCOPES }, now)).secret;
    keys.support = (await createApiKey(t.deps.store, { name: 'support', scopes: ['support:read'] }, now)).secret;
    const revoked = await createApiKey(t.deps.store, { name: 'old', scopes: API_SCOPES }, now);
    keys.revoked = revoked.secret;
    await revokeApiKey(t.deps.store, revoked.id, now);
  });
  afterAll(async () => t.close());

  it('provisions the catalog and accounts, then reports unchanged on a repeat', async () => {
    const res = await call('POST', '/provisioning', { key: keys.all, body: PROVISIONING });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accounts: { created: 1 }, esims: { created: 2 }, purchases: { created: 1 } });
    const again = await (await call('POST', '/provisioning', { key: keys.all, body: PROVISIONING })).json();
    expect(again).toMatchObject({ accounts: { unchanged: 1 }, esims: { unchanged: 2 } });
  });

  it('answers a bad provisioning file with 400 naming section, index, id and field', async () => {
    const bad = { ...PROVISIONING, esims: [PROVISIONING.esims[0], { ...PROVISIONING.esims[1], imsi: '12' }] };
    const res = await call('POST', '/provisioning', { key: keys.all, body: bad });
    expect(res.status).toBe(400);
    const p = (await res.json()) as Problem;
    expect(p.code).toBe('invalid_provisioning');
    expect(p.errors).toContainEqual(expect.objectContaining({ section: 'esims', index: 1, id: ICCID_2, field: 'esims[1].imsi' }));
    const refs = (await (await call('POST', '/provisioning', { key: keys.all, body: { esims: [{ ...PROVISIONING.esims[1], tariffId: 'nope' }] } })).json()) as Problem;
    expect(refs.errors?.[0]).toMatchObject({ section: 'esims', index: 0, field: 'esims[0].tariffId' });
    expect((await call('POST', '/provisioning', { key: keys.all, body: '{"tariffs": [', type: 'application/json' })).status).toBe(400);
    expect((await call('POST', '/provisioning', { key: keys.all, body: 'tariffs', type: 'text/plain' })).status).toBe(415);
  });

  it('keeps every route behind a key with its scope; a subscriber session never opens one', async () => {
    const { token } = await createSession(t.deps.store, 'acc-chan', t.clock.now());
    const routes: [string, string, string | object | undefined][] = [
      ['POST', '/usage', ndjson([event('x', '454000000000001', 1)])],
      ['POST', '/provisioning', {}],
      ['POST', '/vouchers', {}],
      ['GET', '/subscribers?iccid=1', undefined],
      ['GET', '/subscribers/acc-chan', undefined],
      ['GET', '/suspense', undefined],
    ];
    for (const [method, path, body] of routes) {
      const what = `${method} ${path}`;
      expect((await call(method, path, { body })).status, what).toBe(401);
      expect((await call(method, path, { body, key: keys.revoked })).status, what).toBe(401);
      expect((await call(method, path, { body, headers: { cookie: `__Host-simledger=${token}` } })).status, what).toBe(401);
      const narrow = await call(method, path, { body, key: keys.support });
      if (!path.startsWith('/subscribers')) expect([narrow.status, ((await narrow.json()) as Problem).code], what).toEqual([403, 'insufficient_scope']);
    }
  });

  it('rates an NDJSON batch with per-line results, and the same batch again is all duplicates', async () => {
    const body = ndjson([
      event('e1', '454000000000001', 1048576),
      event('e2', '454000000000002', 2 * 1048576),
      'not json',
      event('e3', '454009999999999', 10),
      { ...event('e4', '454000000000002', 60, 'voice'), direction: 'out' },
    ]);
    const first = await call('POST', '/usage?source=gw1', { key: keys.all, body });
    expect(first.status).toBe(200);
    const r1 = (await first.json()) as { results: { line: number; status: string; code?: string; amountMinor?: number }[]; totals: object };
    expect(r1.results.map((r) => [r.line, r.status, r.code])).toEqual([
      [1, 'rated', undefined],
      [2, 'rated', undefined],
      [3, 'rejected', 'malformed_row'],
      [4, 'rejected', 'unknown_subscriber'],
      [5, 'rated', undefined],
    ]);
    expect(r1.results[1]!.amountMinor).toBe(100); // 2 MiB at 50 per MiB, no bucket on that line
    expect(r1.totals).toEqual({ read: 5, rated: 3, duplicates: 0, rejected: 2, rejectedByReason: { malformed_row: 1, unknown_subscriber: 1 } });
    const before = await subscriber();
    const second = (await (await call('POST', '/usage?source=gw1', { key: keys.all, body })).json()) as { totals: object };
    expect(second.totals).toEqual({ read: 5, rated: 0, duplicates: 4, rejected: 1, rejectedByReason: { malformed_row: 1 } });
    expect(await subscriber()).toEqual(before);
  });

  it('reports a conflicting event and holds it in suspense', async () => {
    const res = await call('POST', '/usage?source=gw1', { key: keys.all, body: ndjson([event('e1', '454000000000001', 999)]) });
    const body = (await res.json()) as { results: { status: string; code: string }[] };
    expect(body.results[0]).toMatchObject({ status: 'rejected', code: 'exists_with_different_payload' });
    const held = await call('GET', '/suspense?reason=exists_with_different_payload', { key: keys.all });
    expect(held.headers.get('x-total-count')).toBe('1');
    expect(((await held.json()) as { eventId: string }[])[0]).toMatchObject({ eventId: 'e1', source: 'gw1' });
    expect(((await (await call('GET', '/suspense?limit=0', { key: keys.all })).json()) as Problem).errors?.[0]?.field).toBe('limit');
  });

  it('refuses bad ingestion requests with the field or the reason', async () => {
    expect((await call('POST', '/usage', { key: keys.all, body: ndjson([event('z', '1', 1)]), type: 'application/json' })).status).toBe(415);
    const bad = (await (await call('POST', '/usage?source=a%20b', { key: keys.all, body: ndjson([event('z', '1', 1)]) })).json()) as Problem;
    expect([bad.status, bad.errors?.[0]?.field]).toEqual([400, 'source']);
    expect((await call('POST', '/usage', { key: keys.all, body: '\n\n' })).status).toBe(400);
    const many = Array.from({ length: 10_001 }, (_, i) => event(`m${i}`, '454000000000001', 1));
    expect(((await (await call('POST', '/usage', { key: keys.all, body: ndjson(many) })).json()) as Problem).status).toBe(413);
  });

  it('issues vouchers and names the bad field', async () => {
    const req = { count: 3, valueMinor: 10000, currency: 'HKD', expiresAt: '2027-12-31T23:59:59+08:00', batch: 'OPS1' };
    const res = await call('POST', '/vouchers', { key: keys.all, body: req });
    expect(res.status).toBe(201);
    const out = (await res.json()) as { valueMinor: number; vouchers: { serial: string; pin: string }[] };
    expect(out.vouchers.map((v) => v.serial)).toEqual(['V-OPS1-000001', 'V-OPS1-000002', 'V-OPS1-000003']);
    expect(out.vouchers.every((v) => /^\d{16}$/.test(v.pin))).toBe(true);
    for (const [patch, field] of [
      [{ count: 0 }, 'count'],
      [{ currency: 'XYZ' }, 'currency'],
      [{ expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
      [{ valueMinor: -5 }, 'valueMinor'],
      [{ extra: 1 }, '(body)'],
    ] as const) {
      const p = (await (await call('POST', '/vouchers', { key: keys.all, body: { ...req, ...patch } })).json()) as Problem;
      expect([p.status, p.errors?.[0]?.field], JSON.stringify(patch)).toEqual([400, field]);
    }
  });

  it('finds a subscriber for support by phone, ICCID, IMSI, MSISDN and id', async () => {
    const queries = ['phone=%2B85291234567', 'phone=+85291234567', `iccid=${ICCID_2}`, 'imsi=454000000000001', 'msisdn=%2B85261234567'];
    for (const q of queries) {
      const res = await call('GET', `/subscribers?${q}`, { key: keys.support });
      expect(res.status, q).toBe(200);
      const s = (await res.json()) as { account: { id: string }; esims: { iccid: string; buckets: unknown[] }[]; wallet: { currency: string } };
      expect(s.account.id).toBe('acc-chan');
      expect(s.esims.map((e) => e.iccid)).toEqual([ICCID_1, ICCID_2].sort());
      expect(s.wallet.currency).toBe('HKD');
    }
    expect((await call('GET', '/subscribers?imsi=454000000000999', { key: keys.support })).status).toBe(404);
    expect((await call('GET', '/subscribers/nobody', { key: keys.support })).status).toBe(404);
    for (const q of ['', '?imsi=1&iccid=2']) {
      const p = (await (await call('GET', `/subscribers${q}`, { key: keys.support })).json()) as Problem;
      expect([p.status, p.errors?.[0]?.field]).toEqual([400, 'query']);
    }
  });

  it('refuses a NUL character in the path, the query or a JSON body with 400, on either database', async () => {
    // PostgreSQL refuses U+0000 in text; it must be the client's error, named, never a 500.
    const inPath = (await (await call('GET', '/subscribers/acc%00chan', { key: keys.support })).json()) as Problem;
    expect([inPath.status, inPath.errors?.[0]?.field]).toEqual([400, '(path)']);
    const inQuery = (await (await call('GET', '/subscribers?q=acc%00', { key: keys.support })).json()) as Problem;
    expect([inQuery.status, inQuery.errors?.[0]?.field]).toEqual([400, 'q']);
    const bad = { ...PROVISIONING, accounts: [{ ...PROVISIONING.accounts[0], id: 'acc\u0000x' }] };
    const inBody = (await (await call('POST', '/provisioning', { key: keys.all, body: bad })).json()) as Problem;
    expect([inBody.status, inBody.errors?.[0]?.field]).toEqual([400, 'accounts[0].id']);
    const inNdjson = (await (await call('POST', '/usage', { key: keys.all, body: ndjson([event('nul\u0000', '454000000000001', 1)]) })).json()) as { results?: { status: string; code?: string }[] };
    expect(inNdjson.results?.[0]).toMatchObject({ status: 'rejected', code: 'invalid_event_id' });
  });
});
