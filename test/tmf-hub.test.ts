import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../src/testing/test-stores.js';
import { IMSI_2 } from './tmf-fixture.js';
import { json, tmfTestApp, type TmfTestApp } from './tmf-helpers.js';

const U = '/tmf-api/usageManagement/v4';
const P = '/tmf-api/prepayBalanceManagement/v4';

/** A real listener on 127.0.0.1 that records what it is sent. */
async function startListener(): Promise<{ url: string; events: Record<string, any>[]; next(n: number): Promise<void>; close(): Promise<void> }> {
  const events: Record<string, any>[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      events.push(JSON.parse(body) as Record<string, any>);
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const next = async (n: number) => {
    for (let i = 0; i < 200 && events.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  };
  return { url: `http://127.0.0.1:${port}/events`, events, next, close: () => new Promise((r) => server.close(() => r())) };
}

describe.each(TEST_DIALECTS)('TMF hubs on %s', (dialect) => {
  let t: TmfTestApp;
  let listener: Awaited<ReturnType<typeof startListener>>;
  beforeAll(async () => {
    t = await tmfTestApp(dialect);
    listener = await startListener();
  });
  afterAll(async () => {
    await listener.close();
    await t.close();
  });

  it('posts UsageCreateEvent to a registered listener after the usage is rated', async () => {
    const hub = await t.call('POST', `${U}/hub`, { callback: listener.url, query: 'eventType=UsageCreateEvent' });
    expect(hub.status).toBe(201);
    const { id } = await json(hub);
    const usage = {
      id: 'hub-1',
      usageType: 'sms',
      usageDate: '2026-11-20T01:00:00Z',
      usageCharacteristic: [
        { name: 'imsi', value: IMSI_2 },
        { name: 'quantity', value: 1 },
        { name: 'mcc_mnc', value: '44010' },
      ],
    };
    expect((await t.call('POST', `${U}/usage`, usage)).status).toBe(201);
    await listener.next(1);
    expect(listener.events[0]).toMatchObject({ eventType: 'UsageCreateEvent', event: { usage: { id: 'hub-1', status: 'rated' } } });
    // A repeat is not a new usage: no second event.
    expect((await t.call('POST', `${U}/usage`, usage)).status).toBe(200);
    expect((await t.call('DELETE', `${U}/hub/${id}`)).status).toBe(204);
    expect((await t.call('DELETE', `${U}/hub/${id}`)).status).toBe(404);
    expect((await t.call('POST', `${U}/usage`, { ...usage, id: 'hub-2' })).status).toBe(201);
    await new Promise((r) => setTimeout(r, 100));
    expect(listener.events.map((e) => e['event']['usage']['id'])).toEqual(['hub-1']);
  });

  it('posts TopupBalanceCreateEvent; listeners of other events or APIs hear nothing', async () => {
    listener.events.length = 0;
    await t.call('POST', `${P}/hub`, { callback: listener.url, query: 'eventType=TopupBalanceCreateEvent' });
    await t.call('POST', `${P}/hub`, { callback: listener.url, query: 'eventType=AdjustBalanceCreateEvent' });
    const res = await t.call('POST', `${P}/topupBalance`, { amount: { amount: 20, units: 'EUR' }, bucket: { id: 'A0815' } });
    expect(res.status).toBe(201);
    await listener.next(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(listener.events).toHaveLength(1);
    expect(listener.events[0]).toMatchObject({ eventType: 'TopupBalanceCreateEvent', event: { topupBalance: { amount: { amount: 20, units: 'EUR' } } } });
  });

  it('never blocks the request on an unreachable listener', async () => {
    await t.call('POST', `${P}/hub`, { callback: 'http://127.0.0.1:9/nowhere' });
    const started = Date.now();
    expect((await t.call('POST', `${P}/topupBalance`, { amount: { amount: 1, units: 'EUR' }, bucket: { id: 'A0815' } })).status).toBe(201);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('validates subscriptions and needs tmf:write', async () => {
    const bad = await t.call('POST', `${U}/hub`, { callback: 'not a url' });
    expect(bad.status).toBe(400);
    expect((await json(bad))['errors'][0]['field']).toBe('callback');
    expect((await t.call('POST', `${U}/hub`, { callback: listener.url }, t.readOnlyKey)).status).toBe(403);
    expect((await t.call('POST', `${U}/hub`, { callback: listener.url }, null)).status).toBe(401);
  });
});
