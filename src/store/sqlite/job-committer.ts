import type BetterSqlite3 from 'better-sqlite3';
import { BUCKET_SET, DRAW_COLUMNS, FRESHNESS_COLUMNS, LEDGER_COLUMNS, RECORD_COLUMNS, SUSPENSE_COLUMNS, type RatedWrites } from '../rated-batch.js';
import type { WriteAck, WriteJob } from '../usage-ledger-port.js';
import { freshnessUpsert } from '../usage-store.js';
import { BUMP_GENERATION_SQL, isGeneration, READ_GENERATION_SQL } from '../write-generation.js';
import { insertFlat, updateEach } from './fast-write.js';

const FRESHNESS_UPSERT = freshnessUpsert('max');

/** A rated batch's writes on the connection, by compiled statements run synchronously (see fast-write.ts). */
export function writeRatedBatchSqlite(db: BetterSqlite3.Database, w: RatedWrites, nowMs: number): void {
  insertFlat(db, 'usage_records', RECORD_COLUMNS, w.records);
  insertFlat(db, 'bucket_draws', DRAW_COLUMNS, w.draws);
  insertFlat(db, 'ledger_entries', LEDGER_COLUMNS, w.ledger);
  insertFlat(db, 'suspense', SUSPENSE_COLUMNS, w.suspense, true);
  updateEach(db, 'bucket_balances', 'id', BUCKET_SET, w.buckets);
  updateEach(db, 'wallets', 'account_id', ['balance_minor'], w.wallets, `updated_at = ${Math.trunc(nowMs)}`);
  insertFlat(db, 'line_freshness', FRESHNESS_COLUMNS, w.lines, FRESHNESS_UPSERT);
  for (const r of w.resolvedSuspense) updateEach(db, 'suspense', 'id', ['resolved_at', 'record_id'], [Math.trunc(nowMs), r.recordId, r.id]);
  for (const { table, rows } of w.extra) insertFlat(db, table.table, table.columns, rows.flat(), table.skipDuplicates ?? false);
}

const SET_RECORD_COUNTER = `insert into id_counters (name, next_id) values ('usage_records', ?)
  on conflict (name) do update set next_id = excluded.next_id`;

/** Moves the record id counter to `nextId` when the batch took ids (see usage-store.ts `nextId`). */
export function setRecordCounter(db: BetterSqlite3.Database, firstId: bigint, nextId: bigint): void {
  if (nextId !== firstId) db.prepare(SET_RECORD_COUNTER).run(nextId);
}

/**
 * Commits the rated batches it is given, in order, each in its own transaction on `db`, after
 * checking that nobody else wrote since the batch before. Once one is stale (or fails), every
 * later one is answered stale: each was rated on top of the one before (see BatchWriter).
 */
export function sqliteJobCommitter(db: BetterSqlite3.Database): (job: WriteJob) => WriteAck {
  const readGeneration = db.prepare(READ_GENERATION_SQL);
  const bumpGeneration = db.prepare(BUMP_GENERATION_SQL);
  let refused = false;
  return (job) => {
    if (refused) return 'stale';
    db.exec('begin immediate');
    try {
      const row = readGeneration.get() as { next_id: bigint | number } | undefined;
      if (!isGeneration(row?.next_id, job.expectedGeneration)) {
        db.exec('rollback');
        refused = true;
        return 'stale';
      }
      writeRatedBatchSqlite(db, job.writes, job.nowMs);
      setRecordCounter(db, job.firstId, job.nextId);
      bumpGeneration.run();
      db.exec('commit');
      return 'written';
    } catch (error) {
      if (db.inTransaction) db.exec('rollback');
      refused = true;
      throw error;
    }
  };
}
