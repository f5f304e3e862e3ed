import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type MessagePort, Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import type { Cell } from './bulk.js';
import type { Store } from './open-store.js';
import { commitRatedBatchPostgres } from './pg-batch-write.js';
import { sqliteJobCommitter } from './sqlite-job-committer.js';
import { encodeTable, transferables, type WireTable } from './batch-wire.js';
import { ALERT_COLUMNS } from './alert-store.js';
import {
  advanceIds,
  DRAW_COLUMNS,
  FRESHNESS_COLUMNS,
  type FlatBatchWrites,
  type ImportBatchWrites,
  LEDGER_COLUMNS,
  readWriteGeneration,
  RECORD_COLUMNS,
  SUSPENSE_COLUMNS,
  writeRatedBatch,
  type RatedBatchWrites,
} from './usage-store.js';

/** One rated batch to commit, valid only if nobody wrote since the batch before it. */
export interface WriteJob {
  writes: ImportBatchWrites;
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
 * rating the next one: an import's rating and its database writes overlap. Once a batch is
 * answered `stale`, every later one is too (each was rated on top of the one before).
 */
export interface BatchWriter {
  write(job: WriteJob): Promise<WriteAck>;
  close(): Promise<void>;
}

class Stale extends Error {}

/**
 * Commits jobs one after the other, in the order given, each starting when the one before has
 * ended; once one is stale (or fails), every later one is answered stale.
 */
function inOrder(commit: (job: WriteJob) => Promise<WriteAck>): BatchWriter {
  let refused = false;
  let previous: Promise<unknown> = Promise.resolve();
  return {
    write(job) {
      const ack = previous.then(async () => {
        if (refused) return 'stale';
        const answer = await commit(job);
        if (answer === 'stale') refused = true;
        return answer;
      });
      previous = ack.catch(() => {
        refused = true;
      });
      return ack;
    },
    close: async () => {
      await previous;
    },
  };
}

/**
 * Through the store's own write transaction. On PostgreSQL that runs on a pooled connection of its
 * own, so the server writes one batch while this process rates the next.
 */
export function inlineBatchWriter(store: Store): BatchWriter {
  return inOrder(async (job) => {
    try {
      await store.writeTransaction(async (tx) => {
        if ((await readWriteGeneration(tx)) !== job.expectedGeneration) throw new Stale();
        await writeRatedBatch(tx, store, job.writes, job.nowMs);
        await advanceIds(tx, 'usage_records', job.firstId, job.nextId);
      });
      return 'written';
    } catch (error) {
      if (!(error instanceof Stale)) throw error;
      return 'stale';
    }
  });
}

/** A job as sent to the writer thread: its flat rows column by column (see batch-wire.ts). */
export type SentJob = Omit<WriteJob, 'writes'> & {
  tables: Record<FlatTable, WireTable>;
  resolvedSuspense: RatedBatchWrites['resolvedSuspense'];
};

type FlatTable = Exclude<keyof RatedBatchWrites, 'resolvedSuspense'>;

/** Cells per row of each flat table of a batch's writes. */
const WIDTHS: Record<FlatTable, number> = {
  records: RECORD_COLUMNS.length,
  draws: DRAW_COLUMNS.length,
  ledger: LEDGER_COLUMNS.length,
  suspense: SUSPENSE_COLUMNS.length,
  buckets: 5,
  wallets: 2,
  lines: FRESHNESS_COLUMNS.length,
  alerts: ALERT_COLUMNS.length,
};

/**
 * A batch's rows are ~340,000 cells. Column by column (numbers in transferred typed arrays, strings
 * as one text each) they cost both threads far less than a structured clone of the array or one
 * JSON text of it (20,000 rows: encode ~15 ms + decode ~15 ms, against stringify 21-32 ms + parse
 * 57-81 ms, or serialize 49-96 ms + deserialize 95-141 ms), and carry bigints as they are.
 */
export function encodeJob(job: WriteJob, transfer: ArrayBuffer[]): SentJob {
  const { writes, ...rest } = job;
  const tables = {} as Record<FlatTable, WireTable>;
  for (const name of Object.keys(WIDTHS) as FlatTable[]) {
    const rows = writes[name];
    if (Array.isArray(rows)) {
      tables[name] = encodeTable(rows as readonly Cell[], WIDTHS[name], transfer);
    } else {
      // Gathered in columns already (see TableBuilder).
      tables[name] = rows as WireTable;
      transfer.push(...transferables(rows as WireTable));
    }
  }
  return { ...rest, tables, resolvedSuspense: writes.resolvedSuspense };
}

/** A job as the writer thread reads it: its tables still column by column (see rowFiller). */
export type ReceivedJob = Omit<WriteJob, 'writes'> & { writes: FlatBatchWrites };

export function receivedJob(job: SentJob): ReceivedJob {
  const { tables, resolvedSuspense, ...rest } = job;
  return { ...rest, writes: { ...tables, resolvedSuspense } };
}

/** What the committing side answers a job (see `serveBatchWrites`). */
export type WriterReply = { ack: WriteAck } | { error: string };

/**
 * A writer on the other side of a message channel: `post` sends a job (its column buffers
 * transferred), and each reply, in order, answers the oldest job not answered yet.
 */
function remoteBatchWriter(post: (job: SentJob, transfer: ArrayBuffer[]) => void, close: () => Promise<void>) {
  const waiting: { resolve: (a: WriteAck) => void; reject: (e: Error) => void }[] = [];
  const writer: BatchWriter = {
    write: (job) =>
      new Promise<WriteAck>((resolve, reject) => {
        waiting.push({ resolve, reject });
        const transfer: ArrayBuffer[] = [];
        post(encodeJob(job, transfer), transfer);
      }),
    close,
  };
  return {
    writer,
    reply(m: WriterReply): void {
      const w = waiting.shift();
      if ('ack' in m) w?.resolve(m.ack);
      else w?.reject(new Error(m.error));
    },
    failAll(error: Error): void {
      for (const w of waiting.splice(0)) w.reject(error);
    },
  };
}

/**
 * On a second SQLite connection in a worker thread (sqlite-writer-worker.ts): better-sqlite3 runs
 * statements synchronously, so only another thread lets SQLite write while this one rates.
 */
function threadBatchWriter(path: string, script: URL): BatchWriter {
  // Its heap holds one batch's columns at a time (~12 MB live after each full collection on a
  // 1M-event import): a small cap keeps V8 from letting garbage pile up. A young generation of 4 MB
  // instead of 16: 23 MB of heap at most instead of 38, for ~260 scavenges instead of ~70 (0.4 s
  // instead of 0.2 over the whole import).
  const worker = new Worker(script, { workerData: { path }, resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 4 } });
  const remote = remoteBatchWriter(
    (job, transfer) => worker.postMessage(job, transfer),
    async () => {
      await worker.terminate();
    },
  );
  worker.on('message', (m: WriterReply) => remote.reply(m));
  worker.on('error', (error) => remote.failAll(error));
  worker.on('exit', (code) => remote.failAll(new Error(`SQLite writer thread stopped (code ${code})`)));
  return remote.writer;
}

/** A job as a thread sends it to the thread that started it (see `parentBatchWriter`). */
export interface JobMessage {
  job: SentJob;
}

/**
 * For an import running on a thread of its own (cli/import-file.ts): the thread that started it,
 * idle meanwhile, commits its batches on its own connection (`serveBatchWrites`), so no third
 * thread, with a heap and a page cache of its own, is needed.
 */
export function parentBatchWriter(store: Store, port: MessagePort): BatchWriter {
  const main = store.sqlite;
  if (!main) throw new Error('only a SQLite import writes through the thread that started it');
  const cacheSize = withSmallReaderCache(main);
  const remote = remoteBatchWriter(
    (job, transfer) => port.postMessage({ job } satisfies JobMessage, transfer),
    async () => {
      port.off('message', onReply);
      main.pragma(`cache_size = ${cacheSize}`);
    },
  );
  const onReply = (m: WriterReply) => remote.reply(m);
  port.on('message', onReply);
  return remote.writer;
}

/**
 * The committing connection's page cache while it serves an import (KiB, negative as SQLite takes
 * it): 24 MB of the 64 a connection opens with. A batch of 20,000 events dirties ~16,000 pages
 * (mostly index leaves of the line and account keys), so below 64 MB SQLite spills some into the
 * WAL before the commit and writes them twice; measured on 1M events (interleaved runs): at 32 MB
 * 42.5-45.2 s instead of 40.2-44.1 (system time +2.5 s) for ~39 MB less resident; at 24 MB another
 * ~1 s of system time for ~8 MB less (306-308 MB against 312-317, the import heap then at 144 MB).
 */
const SERVING_CACHE_KIB = -24_576;

/**
 * The other end of `parentBatchWriter`: commits each job on `db` and answers it. `close` gives the
 * connection its page cache back.
 */
export function serveBatchWrites(db: BetterSqlite3.Database): { serve: (job: SentJob) => WriterReply; close: () => void } {
  const cacheSize = db.pragma('cache_size', { simple: true }) as bigint | number;
  db.pragma(`cache_size = ${SERVING_CACHE_KIB}`);
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

/** The rating connection's page cache while the writer thread writes (negative: KiB, as SQLite takes it). */
const READER_CACHE_KIB = -4096;

/**
 * Every commit of the writer's connection empties the rating connection's page cache (SQLite
 * starts a read afresh once the WAL changed), so while another connection writes a large cache
 * there only holds memory: what rating reads between two commits (event-id probes of a narrow key
 * range; the lines it does not hold yet) fits in 4 MB. Returns the size to restore.
 */
function withSmallReaderCache(main: BetterSqlite3.Database): bigint | number {
  const cacheSize = main.pragma('cache_size', { simple: true }) as bigint | number;
  main.pragma(`cache_size = ${READER_CACHE_KIB}`);
  return cacheSize;
}

/** `script`: the compiled writer thread; tests that run from sources name the built one. */
export function openBatchWriter(store: Store, script = new URL('./sqlite-writer-worker.js', import.meta.url)): BatchWriter {
  // Run from TypeScript sources (the test runner) there is no compiled worker script.
  const main = store.sqlite;
  if (main && !main.memory && existsSync(fileURLToPath(script))) {
    const cacheSize = withSmallReaderCache(main);
    const writer = threadBatchWriter(main.name, script);
    return {
      write: (job) => writer.write(job),
      close: async () => {
        await writer.close();
        main.pragma(`cache_size = ${cacheSize}`);
      },
    };
  }
  // PostgreSQL: the batch's rows by COPY on a pooled client of its own (see pg-batch-write.ts).
  if (store.postgres) return inOrder((job) => commitRatedBatchPostgres(store, job));
  return inlineBatchWriter(store);
}
