// `npm run bench`: ingest and query figures on SQLite and PostgreSQL. Sizes via BENCH_EVENTS,
// BENCH_LINES, BENCH_RECORDS, BENCH_DIALECTS, BENCH_BATCH (defaults: 1,000,000 / 100,000 / 10,000,000 / both /
// 20,000 events per transaction, for the import and the raw inserts alike).
import { mkdirSync } from 'node:fs';
import { openStore } from '../src/store/open-store.js';
import { BENCH_DIR, freshDatabase, settle } from './databases.js';
import { measureIngest } from './ingest.js';
import { describeMachine } from './machine.js';
import { benchHttp } from './http.js';
import { benchPortal } from './portal.js';
import { benchSms } from './sms.js';
import { measureQueries } from './queries.js';
import { DAY_MS, populateWorld, writeUsageCsv } from '../src/testing/synthetic-world.js';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);
const LINES = Number(process.env['BENCH_LINES'] ?? 100_000);
const RECORDS = Number(process.env['BENCH_RECORDS'] ?? 10_000_000);
const DIALECTS = (process.env['BENCH_DIALECTS'] ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const BATCH = Number(process.env['BENCH_BATCH'] ?? 20_000);

function fmt(n: number, digits = 0): string { return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }); }

async function main(): Promise<void> {
  console.log(`machine: ${describeMachine()}`);
  console.log(`sizes: ${fmt(EVENTS)} events over ${fmt(LINES)} eSIMs; queries at ${fmt(RECORDS)} stored records; batch ${fmt(BATCH)} events/transaction`);
  mkdirSync(BENCH_DIR, { recursive: true });
  const nowMs = Date.UTC(2026, 10, 1);
  const startMs = nowMs - 30 * DAY_MS;
  const csv = `${BENCH_DIR}/usage-${EVENTS}.csv`;
  await writeUsageCsv(csv, EVENTS, LINES, startMs + 60_000, 29 * DAY_MS);
  for (const dialect of DIALECTS) {
    const url = await freshDatabase(dialect, 'rated');
    const world = await openStore(url);
    await populateWorld(world, LINES, startMs);
    // The world's load written out before the import is timed, as growRecords does before the
    // queries (queries.ts): the import is not timed against the checkpoint the load leaves pending.
    await settle(world);
    await world.close();
    const raws: [string, string] = [await freshDatabase(dialect, 'raw_records'), await freshDatabase(dialect, 'raw_full')];
    const f = await measureIngest(url, raws, csv, nowMs, BATCH);
    const rawName = dialect === 'sqlite' ? 'raw multi-row INSERT' : 'raw COPY';
    console.log(`\n[${dialect}] ingest+rate: ${fmt(f.events)} events in ${fmt(f.elapsedS, 1)} s = ${fmt(f.eventsPerS)} events/s; peak RSS ${fmt(f.maxRssMb)} MB`);
    console.log(`[${dialect}] ${rawName} of the same usage_records rows: ${fmt(f.rawRecordsPerS)} rows/s -> ratio ${(f.eventsPerS / f.rawRecordsPerS).toFixed(2)}`);
    console.log(`[${dialect}] ${rawName} of the same records + bucket draws + ledger entries: ${fmt(f.rawFullPerS)} events/s -> ratio ${(f.eventsPerS / f.rawFullPerS).toFixed(2)}`);
    console.log(`[${dialect}] summary ${JSON.stringify(f.summary)}`);
    const q = await measureQueries(url, RECORDS, nowMs, LINES);
    for (const [name, v] of Object.entries(q)) console.log(`[${dialect}] ${name}: p50 ${v.p50.toFixed(3)} ms, p99 ${v.p99.toFixed(3)} ms`);
  }
}

// BENCH_ONLY=core|http|sms|portal runs one part; BENCH_HTTP=0 skips the HTTP, SMS and portal parts.
const only = process.env['BENCH_ONLY'];
const servers = process.env['BENCH_HTTP'] !== '0';
if (!only || only === 'core') await main();
if ((!only && servers) || only === 'http') await benchHttp();
if ((!only && servers) || only === 'sms') await benchSms();
if ((!only && servers) || only === 'portal') await benchPortal();
