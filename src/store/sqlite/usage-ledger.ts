import { SQLITE_PIPELINE_DEPTH } from '../../config/runtime-tuning.js';
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type RawBuilder } from 'kysely';
import { readLineJoined } from '../line-rows.js';
import type { Db, Store } from '../open-store.js';
import { inlineBatchWriter } from '../batch-writer.js';
import type { UsageLedger } from '../usage-ledger-port.js';
import { ledgerReads, type BucketRow, type KeyProbes } from '../usage-store.js';
import { setRecordCounter, writeRatedBatchSqlite } from './job-committer.js';
import { readLineSnapshot } from './line-snapshot.js';
import { parentBatchWriter, serveBatchWrites } from './thread-writes.js';

/**
 * Keys bound as one JSON array, read back by `json_each`: one statement text for any number of
 * keys, so it is compiled once (an IN list of bound keys was compiled anew for every batch).
 */
const probes: KeyProbes = {
  async rowsByKeys<R>(db: Db, keys: readonly string[], select: RawBuilder<unknown>, keyColumn: string): Promise<R[]> {
    if (keys.length === 0) return [];
    return (await sql<R>`${select} and ${sql.ref(keyColumn)} in (select value from json_each(${JSON.stringify(keys)}))`.execute(db)).rows;
  },
  keyTable: (keys) => sql`select value as id from json_each(${JSON.stringify(keys)})`,
  // One statement, its join probing the balance per plan row.
  openBucketRows: (db, iccids) => probes.rowsByKeys<BucketRow>(db, iccids, OPEN_BUCKET, 'p.iccid'),
};

const OPEN_BUCKET = sql`select p.id, p.purchase_id, p.iccid, p.purchased_at, p.kind, p.coverage, p.validity_days,
  b.remaining, b.valid_from, b.valid_to, b.used_up_at
  from bucket_plans p join bucket_balances b on b.id = p.id where b.remaining > 0`;

/**
 * SQLite's usage ledger on its one connection. Batches are committed on this connection
 * (better-sqlite3 is synchronous: the caller's rating and the commit take turns) unless the import
 * runs on a thread of its own, which hands them back to this thread (see thread-writes.ts).
 */
export function sqliteUsageLedger(store: Pick<Store, 'writeTransaction' | 'db'>, connection: BetterSqlite3.Database): UsageLedger {
  const ledger: UsageLedger = {
    reads: (db) => ledgerReads(db, probes),
    writeRatedBatch: async (_tx, writes, ids, nowMs) => {
      writeRatedBatchSqlite(connection, writes, nowMs);
      setRecordCounter(connection, ids.firstId, ids.nextId);
    },
    openBatchWriter: () => inlineBatchWriter(store, ledger),
    // Straight on the connection unless it is inside a write (then through the query builder, queued behind it).
    readLine: async (iccid) => readLineSnapshot(connection, iccid) ?? readLineJoined(store.db, iccid),
    importShape: { pipelineDepth: SQLITE_PIPELINE_DEPTH, preloadLines: true, sharedWithThreads: !connection.memory },
    crossThread: { serve: () => serveBatchWrites(connection), writerVia: (port) => parentBatchWriter(connection, port) },
  };
  return ledger;
}
