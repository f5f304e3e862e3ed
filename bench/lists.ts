// TMF and operator lists against a real server (its own process, `simledger serve`): p50/p99 of the
// first page and of a deep page (by the cursor the offset-10,000 page hands out) of every list, and
// the server's resident memory before and after 1,000 list requests. Sizes: BENCH_LIST_LINES,
// BENCH_LIST_RECORDS, BENCH_LIST_SAMPLES, BENCH_DIALECTS (defaults 100,000 / 10,000,000 / 200 / both).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApiKey } from '../src/services/api-keys.js';
import { openStore } from '../src/store/open-store.js';
import { freePort } from '../src/testing/free-port.js';
import { populateListWorld } from '../src/testing/list-world.js';
import { DAY_MS } from '../src/testing/synthetic-world.js';
import { freshDatabase } from './databases.js';
import { describeMachine, percentile } from './machine.js';
import { growRecords } from './queries.js';

const LINES = Number(process.env['BENCH_LIST_LINES'] ?? 100_000);
const RECORDS = Number(process.env['BENCH_LIST_RECORDS'] ?? 10_000_000);
const SAMPLES = Number(process.env['BENCH_LIST_SAMPLES'] ?? 200);
const DIALECTS = (process.env['BENCH_DIALECTS'] ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const MEMORY_REQUESTS = 1_000;

const P = '/tmf-api/prepayBalanceManagement/v4';
const B = '/tmf-api/customerBillManagement/v4';
const LISTS = [
  '/tmf-api/usageManagement/v4/usage',
  `${P}/bucket`,
  `${P}/topupBalance`,
  `${P}/accumulatedBalance`,
  '/tmf-api/usageConsumption/v4/usageConsumptionReport',
  `${B}/customerBill`,
  `${B}/appliedCustomerBillingRate`,
  '/api/v1/operator/suspense',
];

const fmt = (n: number) => n.toLocaleString('en-US');

function rssMb(pid: number): number {
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

async function startServerProcess(url: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const bin = join(import.meta.dirname, '..', '..', 'bin', 'simledger.js');
  const child = spawn(bin, ['serve', '--db', url, '--host', '127.0.0.1', '--port', String(port)], { stdio: 'ignore', env: { ...process.env, SIMLEDGER_LOG_LEVEL: 'silent' } });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, base };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('the server did not start');
}

async function timed(base: string, key: string, path: string): Promise<{ ms: number; next?: string }> {
  const t = performance.now();
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  const next = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  return { ms: performance.now() - t, ...(next ? { next: new URL(next).pathname + new URL(next).search } : {}) };
}

async function percentiles(base: string, key: string, path: string): Promise<string> {
  for (let i = 0; i < 20; i++) await timed(base, key, path);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) samples.push((await timed(base, key, path)).ms);
  samples.sort((a, b) => a - b);
  return `p50 ${percentile(samples, 50).toFixed(2)} ms, p99 ${percentile(samples, 99).toFixed(2)} ms`;
}

async function buildWorld(dialect: 'sqlite' | 'postgres'): Promise<{ url: string; key: string }> {
  const url = await freshDatabase(dialect, 'lists');
  const store = await openStore(url);
  try {
    await populateListWorld(store, LINES, Date.now() - 40 * DAY_MS);
    const stored = await growRecords(store, RECORDS);
    console.log(`[lists ${dialect}] ${fmt(LINES)} eSIMs, ${fmt(stored)} usage records`);
    return { url, key: (await createApiKey(store, { name: 'bench', scopes: ['tmf:read', 'usage:read'] }, Date.now())).secret };
  } finally {
    await store.close();
  }
}

async function benchDialect(dialect: 'sqlite' | 'postgres'): Promise<void> {
  const { url, key } = await buildWorld(dialect);
  const { child, base } = await startServerProcess(url);
  try {
    // The floor under every figure below: a request that reads nothing (the machine's load shows here).
    console.log(`[lists ${dialect}] GET /healthz (no database): ${await percentiles(base, key, '/healthz')}`);
    const pages: string[] = [];
    for (const list of LISTS) {
      const first = `${list}?limit=10`;
      const deep = (await timed(base, key, `${list}?limit=10&offset=10000`)).next;
      if (deep === undefined) throw new Error(`${list}: no page after offset 10,000 at this size`);
      console.log(`[lists ${dialect}] ${list} first page: ${await percentiles(base, key, first)}; deep page (cursor after 10,010): ${await percentiles(base, key, deep)}`);
      pages.push(first, deep);
    }
    const before = rssMb(child.pid!);
    for (let i = 0; i < MEMORY_REQUESTS; i++) await timed(base, key, pages[i % pages.length]!);
    const after = rssMb(child.pid!);
    console.log(`[lists ${dialect}] server RSS before ${before.toFixed(0)} MB, after ${fmt(MEMORY_REQUESTS)} list requests ${after.toFixed(0)} MB (growth ${(after - before).toFixed(1)} MB)`);
  } finally {
    child.kill('SIGTERM');
  }
}

export async function benchLists(): Promise<void> {
  console.log(`\nLists bench — machine: ${describeMachine()}`);
  console.log(`sizes: ${fmt(LINES)} eSIMs, ${fmt(RECORDS)} usage records, ${SAMPLES} timed requests per page (after 20 untimed), limit 10`);
  for (const dialect of DIALECTS) await benchDialect(dialect);
}
