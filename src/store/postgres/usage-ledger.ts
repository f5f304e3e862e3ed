import { POSTGRES_PIPELINE_DEPTH } from '../../config/runtime-tuning.js';
import pg from 'pg';
import { sql, type RawBuilder } from 'kysely';
import type { Cell, ColumnType } from '../bulk.js';
import { cellsOf } from '../batch-wire.js';
import { inOrder } from '../batch-writer.js';
import { snapshotOfJoined } from '../line-rows.js';
import type { Db } from '../open-store.js';
import { BUCKET_SET, FRESHNESS_COLUMNS, RECORD_COLUMNS, DRAW_COLUMNS, LEDGER_COLUMNS, SUSPENSE_COLUMNS, type RatedWrites } from '../rated-batch.js';
import type { UsageLedger } from '../usage-ledger-port.js';
import { advanceIds, freshnessUpsert, ledgerReads, type BucketRow, type KeyProbes } from '../usage-store.js';
import { commitRatedBatchPostgres } from './batch-write.js';
import { readLineRowsPostgres } from './line-snapshot.js';

/**
 * Driven by the key list, one index probe per key (a lateral subquery, kept from being flattened):
 * given `= any(array)` or a join for a batch's 20,000 keys the planner scanned the whole table,
 * all the more with statistics an import outdates by the second.
 */
const probes: KeyProbes = {
  async rowsByKeys<R>(db: Db, keys: readonly string[], select: RawBuilder<unknown>, keyColumn: string): Promise<R[]> {
    if (keys.length === 0) return [];
    const probe = sql<R>`select t.* from unnest(${[...keys]}::text[]) as k(key)
      cross join lateral (${select} and ${sql.ref(keyColumn)} = k.key offset 0) as t`;
    return (await probe.execute(db)).rows;
  },
  keyTable: (keys) => sql`select unnest(${[...keys]}::text[]) as id`,
  openBucketRows,
};

const BUCKET_PLAN = sql`select id, purchase_id, iccid, purchased_at, kind, coverage, validity_days from bucket_plans where true`;
const BUCKET_BALANCE = sql`select id, remaining, valid_from, valid_to, used_up_at from bucket_balances where remaining > 0`;

/** The plan side by line, then the balance side by bucket id: two single-table probes (the join, probed per line, became a scan). */
async function openBucketRows(db: Db, iccids: readonly string[]): Promise<BucketRow[]> {
  const plans = await probes.rowsByKeys<Omit<BucketRow, 'remaining' | 'valid_from' | 'valid_to' | 'used_up_at'>>(db, iccids, BUCKET_PLAN, 'iccid');
  const balances = new Map((await probes.rowsByKeys<Pick<BucketRow, 'id' | 'remaining' | 'valid_from' | 'valid_to' | 'used_up_at'>>(
    db, plans.map((p) => p.id), BUCKET_BALANCE, 'id')).map((b) => [b.id, b]));
  const rows: BucketRow[] = [];
  for (const p of plans) {
    const b = balances.get(p.id);
    if (b !== undefined) rows.push({ ...p, ...b });
  }
  return rows;
}

/** One typed array per column for `unnest`, from flat rows. */
function pgColumns(columns: readonly (readonly [string, ColumnType])[], cells: readonly Cell[]): RawBuilder<unknown>[] {
  const width = columns.length;
  const rows = cells.length / width;
  return columns.map(([, type], c) => {
    const values: (string | number | null)[] = new Array(rows);
    for (let r = 0; r < rows; r++) {
      const v = cells[r * width + c]!;
      values[r] = typeof v === 'bigint' ? v.toString() : v;
    }
    return sql`${values}::${sql.raw(type)}[]`;
  });
}

function pgInsert(table: string, columns: readonly (readonly [string, ColumnType])[], cells: readonly Cell[]): RawBuilder<unknown> {
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map(([c]) => sql.id(c)))}) select * from unnest(${sql.join(pgColumns(columns, cells))})`;
}

/**
 * A batch's writes as one statement, each table a data-modifying CTE. `bulk`: with the records,
 * draws and ledger entries; without them when those went in by COPY before it.
 */
export function pgBatchStatement(w: RatedWrites, nowMs: number, bulk: boolean): RawBuilder<unknown> {
  const bucketCols = [...BUCKET_SET.map((c) => [c, 'bigint'] as const), ['id', 'text'] as const];
  const inserts = bulk ? sql`
    r as (${pgInsert('usage_records', RECORD_COLUMNS, cellsOf(w.records, RECORD_COLUMNS.length))}),
    d as (${pgInsert('bucket_draws', DRAW_COLUMNS, cellsOf(w.draws, DRAW_COLUMNS.length))}),
    l as (${pgInsert('ledger_entries', LEDGER_COLUMNS, cellsOf(w.ledger, LEDGER_COLUMNS.length))}),` : sql``;
  return sql`with ${inserts}
    s as (${pgInsert('suspense', SUSPENSE_COLUMNS, cellsOf(w.suspense, SUSPENSE_COLUMNS.length))} on conflict do nothing),
    b as (update bucket_balances set ${sql.raw(BUCKET_SET.map((c) => `${c} = v.${c}`).join(', '))}
      from unnest(${sql.join(pgColumns(bucketCols, cellsOf(w.buckets, 5)))}) as v(${sql.raw(bucketCols.map(([c]) => c).join(', '))})
      where bucket_balances.id = v.id),
    wa as (update wallets set balance_minor = v.balance_minor, updated_at = ${Math.trunc(nowMs)}
      from unnest(${sql.join(pgColumns([['balance_minor', 'bigint'], ['account_id', 'text']], cellsOf(w.wallets, 2)))}) as v(balance_minor, account_id)
      where wallets.account_id = v.account_id),
    f as (${pgInsert('line_freshness', FRESHNESS_COLUMNS, cellsOf(w.lines, FRESHNESS_COLUMNS.length))} ${sql.raw(freshnessUpsert('greatest'))})
    select 1`;
}

/** What follows the batch statement, in the same transaction: resolved suspense rows and any extra tables' rows. */
export function pgAfterBatch(w: RatedWrites, nowMs: number): RawBuilder<unknown>[] {
  return [
    ...w.resolvedSuspense.map((r) => sql`update suspense set resolved_at = ${Math.trunc(nowMs)}, record_id = ${r.recordId} where id = ${r.id}`),
    ...w.extra.map(({ table, rows }) => pgInsert(table.table, table.columns, rows.flat())),
  ];
}

/** PostgreSQL's usage ledger: reads through the query builder, batches by COPY on a pooled client of their own. */
export function postgresUsageLedger(store: { db: Db }, pool: pg.Pool): UsageLedger {
  return {
    reads: (db) => ledgerReads(db, probes),
    writeRatedBatch: async (tx, writes, ids, nowMs) => {
      await pgBatchStatement(writes, nowMs, true).execute(tx);
      for (const statement of pgAfterBatch(writes, nowMs)) await statement.execute(tx);
      await advanceIds(tx, 'usage_records', ids.firstId, ids.nextId);
    },
    // On a pooled connection of its own, so the server writes one batch while this process rates the next.
    openBatchWriter: () => inOrder((job) => commitRatedBatchPostgres(store.db, pool, job)),
    readLine: async (iccid) => snapshotOfJoined(await readLineRowsPostgres(pool, iccid), iccid),
    importShape: { pipelineDepth: POSTGRES_PIPELINE_DEPTH, preloadLines: false, sharedWithThreads: true },
  };
}
