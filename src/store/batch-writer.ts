import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Store } from './open-store.js';
import { advanceIds, readWriteGeneration, writeRatedBatch, type RatedBatchWrites } from './usage-store.js';

/** One rated batch to commit, valid only if nobody wrote since the batch before it. */
export interface WriteJob {
  writes: RatedBatchWrites;
  firstId: bigint;
  nextId: bigint;
  nowMs: number;
  /** The store's write generation the batch was rated against (see open-store.ts). */
  expectedGeneration: bigint;
}

/** `stale`: another writer changed the store meanwhile; nothing was written. */
export type WriteAck = 'written' | 'stale';

/**
 * Commits rated batches in the order given, each in its own transaction, while the caller goes on
 * rating the next one: an import's rating and its database writes overlap.
 */
export interface BatchWriter {
  write(job: WriteJob): Promise<WriteAck>;
  close(): Promise<void>;
}

class Stale extends Error {}

/**
 * Through the store's own write transaction. On PostgreSQL that runs on a pooled connection of its
 * own, so the server writes one batch while this process rates the next.
 */
export function inlineBatchWriter(store: Store): BatchWriter {
  return {
    async write(job) {
      try {
        await store.writeTransaction(async (tx) => {
          if ((await readWriteGeneration(tx)) !== job.expectedGeneration) throw new Stale();
          await writeRatedBatch(tx, store, job.writes, job.nowMs);
          await advanceIds(tx, 'usage_records', job.firstId, job.nextId);
        });
        return 'written';
      } catch (error) {
        if (error instanceof Stale) return 'stale';
        throw error;
      }
    },
    close: async () => undefined,
  };
}

/**
 * On a second SQLite connection in a worker thread (sqlite-writer-worker.ts): better-sqlite3 runs
 * statements synchronously, so only another thread lets SQLite write while this one rates.
 */
function threadBatchWriter(path: string, script: URL): BatchWriter {
  const worker = new Worker(script, { workerData: { path } });
  const waiting: { resolve: (a: WriteAck) => void; reject: (e: Error) => void }[] = [];
  const failAll = (error: Error) => { for (const w of waiting.splice(0)) w.reject(error); };
  worker.on('message', (m: { ack: WriteAck } | { error: string }) => {
    const w = waiting.shift();
    if ('ack' in m) w?.resolve(m.ack);
    else w?.reject(new Error(m.error));
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`SQLite writer thread stopped (code ${code})`)));
  return {
    write: (job) => new Promise<WriteAck>((resolve, reject) => {
      waiting.push({ resolve, reject });
      worker.postMessage(job);
    }),
    close: async () => { await worker.terminate(); },
  };
}

export function openBatchWriter(store: Store): BatchWriter {
  const script = new URL('./sqlite-writer-worker.js', import.meta.url);
  // Run from TypeScript sources (the test runner) there is no compiled worker script.
  if (store.sqlite && !store.sqlite.memory && existsSync(fileURLToPath(script))) return threadBatchWriter(store.sqlite.name, script);
  return inlineBatchWriter(store);
}
