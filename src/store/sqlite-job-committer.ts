import type BetterSqlite3 from 'better-sqlite3';
import { WRITE_GENERATION } from './open-store.js';
import { writeRatedBatchSqlite } from './usage-store.js';
import type { ReceivedJob, WriteAck } from './batch-writer.js';

/**
 * Commits the rated batches it is given, in order, each in its own transaction on `db`, after
 * checking that nobody else wrote since the batch before. Once one is stale (or fails), every
 * later one is answered stale: each was rated on top of the one before (see BatchWriter).
 */
export function sqliteJobCommitter(db: BetterSqlite3.Database): (job: ReceivedJob) => WriteAck {
  const readCounter = db.prepare('select next_id from id_counters where name = ?');
  const bumpGeneration = db.prepare('insert into id_counters (name, next_id) values (?, 1) on conflict (name) do update set next_id = id_counters.next_id + 1');
  const setCounter = db.prepare('insert into id_counters (name, next_id) values (?, ?) on conflict (name) do update set next_id = excluded.next_id');
  let refused = false;
  return (job) => {
    if (refused) return 'stale';
    db.exec('begin immediate');
    try {
      const row = readCounter.get(WRITE_GENERATION) as { next_id: bigint | number } | undefined;
      if (BigInt(row?.next_id ?? 0) !== job.expectedGeneration) {
        db.exec('rollback');
        refused = true;
        return 'stale';
      }
      writeRatedBatchSqlite(db, job.writes, job.nowMs);
      if (job.nextId !== job.firstId) setCounter.run('usage_records', job.nextId);
      bumpGeneration.run(WRITE_GENERATION);
      db.exec('commit');
      return 'written';
    } catch (error) {
      if (db.inTransaction) db.exec('rollback');
      refused = true;
      throw error;
    }
  };
}
