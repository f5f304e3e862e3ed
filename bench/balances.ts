// GET /api/v1/balances on SQLite over loopback (what the subscriber's dashboard asks first), with
// the load from a child process (cannon-child.ts), and where one request's time goes. Sizes:
// BENCH_BALANCES_LINES (2,000 accounts of one eSIM), BENCH_BALANCES_EVENTS (100,000 over 20 days),
// BENCH_HTTP_SECONDS (10), BENCH_HTTP_CONNECTIONS (20).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { importFile } from '../src/cli/import-file.js';
import { loadServerConfig } from '../src/config/server-config.js';
import { startServer } from '../src/main.js';
import { dailySeries, getAccountOutlook } from '../src/services/account-outlook.js';
import { readLineFreshness, typicalNetworkDelays } from '../src/services/line-freshness.js';
import { readPayg } from '../src/services/payg.js';
import { getAccountBalances } from '../src/services/query-balances.js';
import { createSession, resolveSession } from '../src/services/sessions.js';
import { renderEsimBalance } from '../src/channels/http/subscriber/outlook.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { DAY_MS, iccidOf, populateWorld, writeUsageCsv } from '../src/testing/synthetic-world.js';
import { BENCH_DIR, freshDatabase } from './databases.js';
import type { CannonResult } from './cannon.js';
import { describeMachine, latency } from './machine.js';

const LINES = Number(process.env['BENCH_BALANCES_LINES'] ?? 2_000);
const EVENTS = Number(process.env['BENCH_BALANCES_EVENTS'] ?? 100_000);
const SECONDS = Number(process.env['BENCH_HTTP_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_HTTP_CONNECTIONS'] ?? 20);

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function worldWithUsage(nowMs: number): Promise<string> {
  const url = await freshDatabase('sqlite', 'balances');
  const store = await openStore(url);
  const startMs = nowMs - 21 * DAY_MS;
  await populateWorld(store, LINES, startMs);
  const csv = `${BENCH_DIR}/balances-usage.csv`;
  await writeUsageCsv(csv, EVENTS, LINES, startMs + 60_000, 20 * DAY_MS);
  await importFile(store, { databaseUrl: url, file: csv, format: 'csv', source: 'bench', retentionMonths: 12, batchSize: 20_000, rejectsPath: `${csv}.rejects.csv`, nowMs });
  await store.close();
  return url;
}

/** Each part of one request, timed alone on the server's store (p50/p99 over 2,000 calls). */
async function profile(store: Store, tokens: readonly string[], nowMs: number): Promise<void> {
  const pick = (i: number) => i % tokens.length;
  const parts: [string, (i: number) => Promise<unknown>][] = [
    ['session lookup', (i) => resolveSession(store, tokens[pick(i)]!, nowMs)],
    ['balances (wallet, buckets)', (i) => getAccountBalances(store, `A${pick(i)}`, nowMs)],
    ['network delays (cached 5 min)', () => typicalNetworkDelays(store, nowMs)],
    ['line freshness', (i) => readLineFreshness(store.db, [iccidOf(pick(i))])],
    ['7-day series for forecasts', (i) => dailySeries(store.db, `A${pick(i)}`, nowMs, 'Asia/Hong_Kong')],
    [
      'pay-as-you-go state',
      async (i) => {
        const b = await getAccountBalances(store, `A${pick(i)}`, nowMs);
        return b.ok ? readPayg(store.db, b.esims, nowMs, 'Asia/Hong_Kong') : undefined;
      },
    ],
    ['whole outlook', (i) => getAccountOutlook(store, `A${pick(i)}`, nowMs)],
  ];
  for (const [name, fn] of parts) {
    const r = await latency(2_000, fn);
    console.log(`[balances sqlite] ${name}: p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms`);
  }
  const outlook = await getAccountOutlook(store, 'A1', nowMs);
  const r = await latency(2_000, async () => (outlook.ok ? JSON.stringify(outlook.esims.map(renderEsimBalance), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) : ''));
  console.log(`[balances sqlite] render + JSON of one account: p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms`);
}

export async function benchBalances(): Promise<void> {
  console.log(`\nBalances bench — machine: ${describeMachine()}`);
  console.log(`sizes: ${fmt(LINES)} accounts (one eSIM each) on SQLite, ${fmt(EVENTS)} usage events over 20 days, ${CONNECTIONS} connections, ${SECONDS} s, load from a child process`);
  const nowMs = Date.now();
  const url = await worldWithUsage(nowMs);
  const running = await startServer(loadServerConfig({ db: url, host: '127.0.0.1', port: '0' }, { SIMLEDGER_LOG_LEVEL: 'silent' }));
  try {
    const tokens: string[] = [];
    for (let a = 0; a < LINES; a++) tokens.push((await createSession(running.deps.store, `A${a}`, Date.now())).token);
    const cookies = `${BENCH_DIR}/balances-cookies.txt`;
    writeFileSync(cookies, tokens.map((t) => `__Host-simledger=${t}`).join('\n'));
    const child = fileURLToPath(new URL('./cannon-child.js', import.meta.url));
    const load = (seconds: number) => promisify(execFile)(process.execPath, [child, running.server.url, '/api/v1/balances', String(CONNECTIONS), String(seconds), cookies], { maxBuffer: 1 << 26 });
    const run = async (name: string, seconds: number) => {
      const cpu = process.cpuUsage();
      const r = JSON.parse((await load(seconds)).stdout) as CannonResult;
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000 / Math.max(1, r.requests.total);
      console.log(
        `[balances sqlite] GET /api/v1/balances, ${name}: ${fmt(r.requests.average, 1)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms; ` +
          `${fmt(r.requests.total)} requests in ${r.duration} s, non-2xx ${r.non2xx}, errors ${r.errors + r.timeouts}; server CPU ${cpuMs.toFixed(3)} ms a request`,
      );
    };
    // Cold: every account's first request computes its outlook (the cache is empty).
    await run('cold (first requests)', 3);
    // Warm: each account's outlook cached, as between two writes.
    await run('warm', SECONDS);
    await profile(running.deps.store, tokens, Date.now());
  } finally {
    await running.stop();
  }
}
