import type { MessagePort } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { SQLITE_READER_CACHE_KIB, SQLITE_SERVING_CACHE_KIB } from '../../config/runtime-tuning.js';
import { receivedJob, remoteBatchWriter, type BatchWriter, type BatchWriteServer, type JobMessage, type WriterReply } from '../batch-writer.js';
import { sqliteJobCommitter } from './job-committer.js';

/**
 * An import on a thread of its own (cli/import-file.ts) hands its rated batches to the thread that
 * started it, idle meanwhile, which commits them on its own connection: better-sqlite3 runs
 * statements synchronously, so only another thread lets SQLite write while this one rates.
 * `connection` is the import thread's: its page cache shrinks while the other one writes.
 */
export function parentBatchWriter(connection: BetterSqlite3.Database, port: MessagePort): BatchWriter {
  const cacheSize = withCache(connection, SQLITE_READER_CACHE_KIB);
  const remote = remoteBatchWriter(
    (job, transfer) => port.postMessage({ job } satisfies JobMessage, transfer),
    async () => {
      port.off('message', onReply);
      connection.pragma(`cache_size = ${cacheSize}`);
    },
  );
  const onReply = (m: WriterReply) => remote.reply(m);
  port.on('message', onReply);
  return remote.writer;
}

/** The other end of `parentBatchWriter`: commits each job on `db` and answers it; `close` restores its cache. */
export function serveBatchWrites(db: BetterSqlite3.Database): BatchWriteServer {
  const cacheSize = withCache(db, SQLITE_SERVING_CACHE_KIB);
  const commit = sqliteJobCommitter(db);
  return {
    serve: (job) => {
      try {
        return { ack: commit(receivedJob(job)) };
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    },
    close: () => {
      db.pragma(`cache_size = ${cacheSize}`);
    },
  };
}

/** Sets the connection's page cache (KiB, negative as SQLite takes it); returns the size to restore. */
function withCache(db: BetterSqlite3.Database, kib: number): bigint | number {
  const cacheSize = db.pragma('cache_size', { simple: true }) as bigint | number;
  db.pragma(`cache_size = ${kib}`);
  return cacheSize;
}
