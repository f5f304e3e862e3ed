import { POSTGRES_PIPELINE_DEPTH } from '../../config/runtime-tuning.js';
import pg from 'pg';
import { sql, type RawBuilder } from 'kysely';
import { inOrder } from '../batch-writer.js';
import { snapshotOfJoined } from '../line-rows.js';
import type { Db } from '../open-store.js';
import type { UsageLedger } from '../usage-ledger-port.js';
import { advanceIds, ledgerReads, type BucketRow, type KeyProbes } from '../usage-store.js';
import { pgAfterBatch, pgBatchStatement } from './batch-statement.js';
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
  const balances = new Map(
    (
      await probes.rowsByKeys<Pick<BucketRow, 'id' | 'remaining' | 'valid_from' | 'valid_to' | 'used_up_at'>>(
        db,
        plans.map((p) => p.id),
        BUCKET_BALANCE,
        'id',
      )
    ).map((b) => [b.id, b]),
  );
  const rows: BucketRow[] = [];
  for (const p of plans) {
    const b = balances.get(p.id);
    if (b !== undefined) rows.push({ ...p, ...b });
  }
  return rows;
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
