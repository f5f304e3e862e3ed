// The import's SQLite writer thread (see batch-writer.ts): commits each rated batch it is sent,
// in order, after checking that nobody else wrote since the batch before.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteConnection } from './open-store.js';
import { receivedJob, type SentJob } from './batch-writer.js';
import { sqliteJobCommitter } from './sqlite-job-committer.js';

const port = parentPort!;
// The connection's own 64 MB of page cache (openSqliteConnection), as the raw insert the bench
// compares with has: a batch of 20,000 events dirties ~16,000 pages, mostly index leaves of line and
// account keys. With 16 MB the cache spilled them into the WAL before the commit, some more than
// once: 1M events, the writer's inserts took 30 s instead of 17 and its system time 18 s instead
// of 10, for 48 MB less resident.
const commit = sqliteJobCommitter(openSqliteConnection((workerData as { path: string }).path));

port.on('message', (job: SentJob) => {
  try {
    port.postMessage({ ack: commit(receivedJob(job)) });
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
