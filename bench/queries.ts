import { sql } from 'kysely';
import { getLineBalance } from '../src/services/query-balances.js';
import { listUsageRecords, monthBounds, summarizeUsage } from '../src/services/query-usage.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { warmHotTables } from '../src/store/warm-cache.js';
import { DAY_MS, iccidOf, prng } from '../src/testing/synthetic-world.js';
import { latency } from './machine.js';
import { settle } from './databases.js';

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
      'month summary of one account (by day, Asia/Hong_Kong)': await latency(500, () => summarizeUsage(store, {
        accountId: `A${pick()}`, from: month.fromMs, to: month.toMs, timeZone: 'Asia/Hong_Kong', granularity: 'day',
      })),
      'one page (50) of 12-month records of one account': await latency(1_000, () => listUsageRecords(store, {
        accountId: `A${pick()}`, from: nowMs - 365 * DAY_MS, to: nowMs, limit: 50,
      })),
    };
  } finally {
    await store.close();
  }
}
