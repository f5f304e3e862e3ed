import type BetterSqlite3 from 'better-sqlite3';
import type { WriteAck, WriteJob } from '../usage-ledger-port.js';
import { BUMP_GENERATION_SQL, isGeneration, READ_GENERATION_SQL } from '../write-generation.js';
import { setRecordCounter, writeRatedBatchSqlite } from './usage-ledger.js';

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
