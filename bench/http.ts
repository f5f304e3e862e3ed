// HTTP figures over loopback with autocannon against a real server on SQLite: GET balance and
// POST /usage (batches of 100 events with unique ids). Sizes: BENCH_HTTP_LINES, BENCH_HTTP_SECONDS,
// BENCH_HTTP_CONNECTIONS (defaults 10,000 / 10 / 10).
import { autocannon, type CannonRequest, type CannonResult } from './cannon.js';
import { loadServerConfig } from '../src/config/server-config.js';
import { startServer, type Running } from '../src/main.js';
import { createApiKey } from '../src/services/api-keys.js';
import { createSession } from '../src/services/sessions.js';
import { openStore } from '../src/store/open-store.js';
import { DAY_MS, imsiOf, populateWorld } from '../src/testing/synthetic-world.js';
import { freshDatabase } from './databases.js';
import { describeMachine } from './machine.js';

const LINES = Number(process.env['BENCH_HTTP_LINES'] ?? 10_000);
const SECONDS = Number(process.env['BENCH_HTTP_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_HTTP_CONNECTIONS'] ?? 10);
const BATCH = 100;
const SESSIONS = Math.min(LINES, 1_000);

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function report(name: string, r: CannonResult, perRequest = 1): void {
  const extra = perRequest > 1 ? ` (${fmt(r.requests.average * perRequest)} events/s)` : '';
  console.log(
    `[http sqlite] ${name}: ${fmt(r.requests.average, 1)} req/s${extra}, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms; ` +
      `${fmt(r.requests.total)} requests in ${r.duration} s, non-2xx ${r.non2xx}, errors ${r.errors + r.timeouts}`,
  );
}

/** The subscriber balance with a session cookie when that route exists, else the operator look-up. */
async function balanceRequests(running: Running, operatorKey: string): Promise<{ name: string; next: () => CannonRequest }> {
  let i = 0;
  if (running.app.routes.some((r) => r.method === 'GET' && r.path === '/api/v1/balances')) {
    const cookies: string[] = [];
    for (let a = 0; a < SESSIONS; a++) cookies.push(`__Host-simledger=${(await createSession(running.deps.store, `A${a}`, Date.now())).token}`);
    return { name: 'GET /api/v1/balances (session cookie)', next: () => ({ method: 'GET', path: '/api/v1/balances', headers: { cookie: cookies[i++ % SESSIONS]! } }) };
  }
  return {
    name: 'GET /api/v1/operator/subscribers/{id}',
    next: () => ({ method: 'GET', path: `/api/v1/operator/subscribers/A${i++ % LINES}`, headers: { authorization: `Bearer ${operatorKey}` } }),
  };
}

function usageBatch(batchNo: number): string {
  const at = new Date(Date.now() - DAY_MS / 2).toISOString();
  let body = '';
  for (let k = 0; k < BATCH; k++) {
    const line = (batchNo * 7919 + k * 104_729) % LINES;
    body += `{"event_id":"h${batchNo}-${k}","imsi":"${imsiOf(line)}","kind":"data","started_at":"${at}","quantity":${1000 + k},"mcc_mnc":"45400"}\n`;
  }
  return body;
}

export async function benchHttp(): Promise<void> {
  console.log(`\nHTTP bench — machine: ${describeMachine()}`);
  console.log(`sizes: ${fmt(LINES)} eSIMs on SQLite, ${CONNECTIONS} connections, ${SECONDS} s per run, ${BATCH} events per POST /usage`);
  const url = await freshDatabase('sqlite', 'http');
  const world = await openStore(url);
  await populateWorld(world, LINES, Date.now() - 5 * DAY_MS);
  await world.close();
  const running = await startServer(loadServerConfig({ db: url, host: '127.0.0.1', port: '0' }, { SIMLEDGER_LOG_LEVEL: 'silent' }));
  try {
    const key = (await createApiKey(running.deps.store, { name: 'bench', scopes: ['usage:write', 'support:read'] }, Date.now())).secret;
    const balance = await balanceRequests(running, key);
    report(balance.name, await autocannon({ url: running.server.url, connections: CONNECTIONS, duration: SECONDS, requests: [{ setupRequest: (req) => ({ ...req, ...balance.next() }) }] }));
    let batchNo = 0;
    const ingest = await autocannon({
      url: running.server.url,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            method: 'POST',
            path: '/api/v1/operator/usage?source=bench',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
            body: usageBatch(batchNo++),
          }),
        },
      ],
    });
    report(`POST /api/v1/operator/usage (${BATCH} events)`, ingest, BATCH);
  } finally {
    await running.stop();
  }
}
