import { sql } from 'kysely';
import { importFile } from '../src/cli/import-file.js';
import { dailySeries, getAccountOutlook } from '../src/services/account-outlook.js';
import { monthlyUsage } from '../src/services/monthly-usage.js';
import { getLineBalance } from '../src/services/query-balances.js';
import { listUsageRecords, monthBounds, summarizeUsage } from '../src/services/query-usage.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { warmHotTables } from '../src/store/warm-cache.js';
import { DAY_MS, iccidOf, populateWorld, prng, writeUsageCsv } from '../src/testing/synthetic-world.js';
import { describeMachine, latency } from './machine.js';
import { BENCH_DIR, freshDatabase, settle } from './databases.js';

const COLUMNS = 'source, event_id, hash, iccid, account_id, kind, direction, started_at, quantity, mcc_mnc, country, bucket_units, charged_blocks, amount_minor, debt, rated_at';

/**
 * Grows usage_records to `target` rows by copying the rated month backwards, one month per copy,
 * so a line has about a year of history (new ids and event ids; same indexes).
 */
export async function growRecords(store: Store, target: number): Promise<number> {
  const count = async () => Number((await sql<{ n: unknown }>`select count(*) as n from usage_records`.execute(store.db)).rows[0]!.n);
  const base = await count();
  const maxId = Number((await sql<{ m: unknown }>`select max(id) as m from usage_records`.execute(store.db)).rows[0]!.m);
  for (let k = 1; base > 0 && (await count()) < target; k++) {
    const take = Math.min(base, target - (await count()));
    await store.writeTransaction(async (tx) => {
      await sql`insert into usage_records (id, ${sql.raw(COLUMNS)})
        select id + ${k * maxId}, source, event_id || ${`#${k}`}, hash, iccid, account_id, kind, direction,
          started_at - ${k * 30 * DAY_MS}, quantity, mcc_mnc, country, bucket_units, charged_blocks, amount_minor, debt, rated_at
        from usage_records where id <= ${maxId} order by id limit ${take}`.execute(tx);
    });
  }
  // Statistics as autovacuum would keep them (it may be off on the bench machine's PostgreSQL).
  // PostgreSQL: vacuumed too, as after any bulk load: 9M rows just inserted otherwise start an
  // autovacuum of the table that ran into the timed queries (balance p99 4.6 ms in a full run,
  // 0.52 and 0.74 ms measured again on the same database a minute later).
  await (store.dialect === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(store.db);
  // The bulk load's dirty pages written out, as they would be long before a server's steady state,
  // and out of the kernel's cache onto the disk: its writeback of the gigabytes just written went
  // on for seconds into the timed queries (PostgreSQL balance p99 2.0 ms in the full run, 0.58 ms
  // rerun on the same database once the disk was quiet).
  await settle(store);
  return count();
}

export async function measureQueries(url: string, records: number, nowMs: number, lines: number): Promise<Record<string, { p50: number; p99: number }>> {
  const store = await openStore(url);
  try {
    const stored = await growRecords(store, records);
    console.log(`[${store.dialect}] ${stored.toLocaleString('en-US')} usage records stored`);
    // As the server does at start (see warm-cache.ts): the balance tables in the page cache.
    await warmHotTables(store);
    const rand = prng(7);
    const pick = () => Math.floor(rand() * lines);
    const now = new Date(nowMs);
    const month = monthBounds(now.getUTCFullYear(), now.getUTCMonth(), 'Asia/Hong_Kong');
    return {
      'balance of one eSIM': await latency(2_000, () => getLineBalance(store, iccidOf(pick()), nowMs)),
      'month summary of one account (by day, Asia/Hong_Kong)': await latency(500, () =>
        summarizeUsage(store, {
          accountId: `A${pick()}`,
          from: month.fromMs,
          to: month.toMs,
          timeZone: 'Asia/Hong_Kong',
          granularity: 'day',
        }),
      ),
      'one page (50) of 12-month records of one account': await latency(1_000, () =>
        listUsageRecords(store, {
          accountId: `A${pick()}`,
          from: nowMs - 365 * DAY_MS,
          to: nowMs,
          limit: 50,
        }),
      ),
    };
  } finally {
    await store.close();
  }
}

/**
 * BENCH_ONLY=numbers: what the dashboard's numbers cost per account at BENCH_RECORDS records
 * (default 10M over BENCH_LINES 100,000 lines, a year of history each): the outlook behind the
 * run-out forecasts (uncached), and the 12-month trend. BENCH_NUMBERS_DIALECTS (default sqlite).
 */
export async function benchNumbersQueries(): Promise<void> {
  const lines = Number(process.env['BENCH_LINES'] ?? 100_000);
  const events = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);
  const records = Number(process.env['BENCH_RECORDS'] ?? 10_000_000);
  const nowMs = Date.UTC(2026, 10, 1);
  console.log(`\nNumbers queries — machine: ${describeMachine()}`);
  console.log(`sizes: ${lines.toLocaleString('en-US')} lines, ${events.toLocaleString('en-US')} events a month grown to ${records.toLocaleString('en-US')} records`);
  const csv = `${BENCH_DIR}/numbers-usage-${events}.csv`;
  await writeUsageCsv(csv, events, lines, nowMs - 30 * DAY_MS + 60_000, 29 * DAY_MS);
  for (const dialect of (process.env['BENCH_NUMBERS_DIALECTS'] ?? 'sqlite').split(',') as ('sqlite' | 'postgres')[]) {
    const url = await freshDatabase(dialect, 'numbers');
    const store = await openStore(url);
    try {
      await populateWorld(store, lines, nowMs - 30 * DAY_MS);
      await importFile(store, { databaseUrl: url, file: csv, format: 'csv', source: 'bench', retentionMonths: 12, batchSize: 20_000, rejectsPath: `${csv}.rejects.csv`, nowMs });
      const stored = await growRecords(store, records);
      console.log(`[${dialect}] ${stored.toLocaleString('en-US')} usage records stored`);
      await warmHotTables(store);
      const rand = prng(11);
      const account = () => `A${Math.floor(rand() * lines)}`;
      const figures = {
        'forecasts of one account (balances, freshness, 7-day series, pay-as-you-go; uncached)': await latency(1_000, () => getAccountOutlook(store, account(), nowMs)),
        '7-day series alone': await latency(1_000, () => dailySeries(store.db, account(), nowMs, 'Asia/Hong_Kong')),
        '12-month trend of one account': await latency(1_000, () => monthlyUsage(store, account(), nowMs)),
      };
      for (const [name, v] of Object.entries(figures)) console.log(`[${dialect}] ${name}: p50 ${v.p50.toFixed(3)} ms, p99 ${v.p99.toFixed(3)} ms`);
    } finally {
      await store.close();
    }
  }
}
