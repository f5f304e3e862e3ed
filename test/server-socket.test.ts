import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/config/server-config.js';
import { makeIccid } from '../src/domain/identifiers.js';
import { startServer, type Running } from '../src/main.js';
import { createApiKey } from '../src/services/api-keys.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../src/testing/test-stores.js';

const ICCID = makeIccid('898520000000000077');
const IMSI = '454000000000077';
const PROVISIONING = {
  tariffs: [{ id: 'payg', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10 } } }],
  accounts: [{ id: 'acc-1', name: 'Socket Test', language: 'en', timeZone: 'Asia/Hong_Kong', currency: 'HKD' }],
  esims: [{ iccid: ICCID, imsi: IMSI, accountId: 'acc-1', tariffId: 'payg' }],
};

const lines = (from: number, n: number) =>
  Array.from(
    { length: n },
    (_, i) => JSON.stringify({ event_id: `ev-${from + i}`, imsi: IMSI, kind: 'data', started_at: new Date(Date.now() - 3_600_000).toISOString(), quantity: 1000, mcc_mnc: '45400' }) + '\n',
  ).join('');

describe.each(TEST_DIALECTS)('the server over a real socket (%s)', (dialect) => {
  let database: TestDatabase;
  let running: Running;
  let auth: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    running = await startServer(loadServerConfig({ db: database.url, host: '127.0.0.1', port: '0' }, { SIMLEDGER_LOG_LEVEL: 'silent' }));
    const key = await createApiKey(running.deps.store, { name: 'socket', scopes: ['usage:write', 'catalog:write', 'support:read'] }, Date.now());
    auth = { authorization: `Bearer ${key.secret}` };
  });
  afterAll(async () => {
    await running.stop();
    await database.drop();
  });

  it('answers health, readiness and a 404 problem', async () => {
    expect(running.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await (await fetch(`${running.server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${running.server.url}/readyz`)).json()).toEqual({ status: 'ready' });
    const missing = await fetch(`${running.server.url}/no/such/thing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(await missing.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('provisions and ingests usage', async () => {
    const p = await fetch(`${running.server.url}/api/v1/operator/provisioning`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(PROVISIONING) });
    expect(p.status).toBe(200);
    const u = await fetch(`${running.server.url}/api/v1/operator/usage`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: lines(0, 50) });
    expect(u.status).toBe(200);
    expect(((await u.json()) as { totals: object }).totals).toMatchObject({ read: 50, rated: 50 });
  });

  it('finishes an in-flight request when stopped, then refuses new ones', async () => {
    let push!: (chunk: string | null) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (chunk) => (chunk === null ? controller.close() : controller.enqueue(new TextEncoder().encode(chunk)));
      },
    });
    push(lines(100, 100));
    const pending = fetch(`${running.server.url}/api/v1/operator/usage`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-ndjson' },
      body,
      duplex: 'half',
    } as RequestInit);
    await new Promise((r) => setTimeout(r, 300)); // the server is now reading the body
    const url = running.server.url;
    let stoppedAt = 0;
    const stopped = running.stop().then(() => {
      stoppedAt = performance.now();
    });
    await new Promise((r) => setTimeout(r, 100));
    push(lines(200, 100));
    expect(stoppedAt, 'stop() waited for the in-flight request body').toBe(0);
    push(null);
    const bodyEndedAt = performance.now();
    const res = await pending;
    // The server answers, then finishes stopping; the client may see either first.
    expect(stoppedAt === 0 || stoppedAt >= bodyEndedAt, 'stop() ended only after the request did').toBe(true);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { totals: object }).totals).toMatchObject({ read: 200, rated: 200 });
    const answeredAt = performance.now();
    await stopped;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
