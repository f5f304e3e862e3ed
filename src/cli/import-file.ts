import { existsSync, statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { fileURLToPath } from 'node:url';
import { type MessagePort, Worker, type WorkerOptions } from 'node:worker_threads';
import { importUsageBatches, ratingChunk, type ImportSummary } from '../services/import-usage.js';
import { readUsageFileBatches, type UsageFileFormat } from '../services/usage-file.js';
import { parseDatabaseUrl } from '../store/dialect.js';
import { openStore, type Store } from '../store/open-store.js';
import { parentBatchWriter, serveBatchWrites, type BatchWriter, type JobMessage } from '../store/batch-writer.js';
import { RejectsFile } from './rejects-file.js';

/** One import of a usage file, as the `import` command runs it. */
export interface ImportRun {
  databaseUrl: string;
  file: string;
  format: UsageFileFormat;
  source: string;
  retentionMonths: number;
  batchSize: number;
  rejectsPath: string;
  /** A fixed clock (benchmarks, tests); the wall clock when absent. */
  nowMs?: number;
}

export interface ImportProgress {
  bytes?(n: number): void;
  read?(n: number): void;
}

/** About how long a row is (CSV: ~82 bytes with an ICCID, an ISO time with offset and a byte count). */
const TYPICAL_ROW_BYTES: Record<UsageFileFormat, number> = { csv: 100, ndjson: 200 };

/** Runs the import on this thread, on `store` (opened on `run.databaseUrl`). */
export async function importFileHere(store: Store, run: ImportRun, progress: ImportProgress = {}, openWriter?: (store: Store) => BatchWriter): Promise<ImportSummary> {
  const rejects = new RejectsFile(run.rejectsPath);
  try {
    const chunks = readUsageFileBatches(run.file, run.format, ratingChunk(run.batchSize), progress.bytes);
    return await importUsageBatches(store, chunks, {
      source: run.source,
      now: () => run.nowMs ?? Date.now(),
      retentionMonths: run.retentionMonths,
      batchSize: run.batchSize,
      onRejected: (row) => rejects.write(row),
      onBatch: (s) => progress.read?.(s.read),
      openWriter,
      expectedEvents: Math.floor(statSync(run.file).size / TYPICAL_ROW_BYTES[run.format]),
    });
  } finally {
    await rejects.close();
  }
}

/** What the import thread tells (see import-file-worker.ts): progress, its end, or a batch to commit. */
export type ImportMessage = { bytes: number } | { read: number } | { done: ImportSummary } | { error: string } | JobMessage;

/** What the import thread is started with. */
export interface ImportThreadData {
  run: ImportRun;
  /** SQLite: this thread commits the import's batches (see parentBatchWriter in batch-writer.ts). */
  writesHere: boolean;
}

/**
 * An import's heap on a thread of its own, so that it can be bounded: given the main thread's
 * heap, V8 sizes it from the machine's memory and lets garbage grow to 3-4 times what is live
 * (1M events: ~200 MB live, 700-750 MB heap, 0.9-1.1 GB resident). A bounded old generation makes
 * V8 collect sooner, and the heap grows to about the bound whatever is live below it: with the
 * buckets in columns and the rows in flight packed, ~116-120 MB is live after each full collection
 * of a 1M-event import; the heap then reaches ~215 MB under a bound of 256 and ~200 under 192
 * (resident 458-467 MB against 433-446). With the context's lines ~18 MB smaller (bucket ids and
 * kinds not held as strings, a line's buckets a chain of slots: see bucket-slots.ts) and ~15% less
 * allocated per event, SQLite's bound is 144: 400-406 MB resident instead of 434-440, no slower
 * (1M events, three interleaved pairs: 50.8-54.3 s against 52.3-58.3), and the context kept every
 * line (see linesToKeep in import-usage.ts). With events rated 2,000 at a time (PendingWrite) and
 * fingerprints no longer slices of the whole digest, ~71-79 MB is live after each full collection,
 * and 128 costs nothing the noise shows (1M events, two interleaved pairs: 44.3-46.7 s, 303-304 MB
 * resident, against 45.2-47.4 s, 312-317 MB at 144; 120 gave ~298 MB, 112 ~291 MB but once 70 s
 * of CPU instead of ~62). With the CSV read line by line (see csv-records.ts) a bench run reached
 * 301 MB at 128; 120 gives 283-285 MB for ~1 s more of the GC's helper threads (1M events, two
 * runs each: 112 gave 275-277 MB for ~3 s more). The young generation's bound here only holds when the process runs
 * without `--max-semi-space-size` (bin/simledger.js gives 4 MB: V8's flags outrank an isolate's
 * limits). PostgreSQL builds its batches' COPY text on this heap
 * too; there 192 once cost 67-77 s of CPU instead of 53-55, but with these changes it costs
 * nothing the noise shows (1M events alone: 50 s of CPU at 192 and 51-53 at 256, 299-304 MB
 * resident instead of 310-317; 160 saved ~6 MB more for 54-64 s of CPU in one pair of runs).
 */
const IMPORT_HEAP_SQLITE = { maxOldGenerationSizeMb: 120, maxYoungGenerationSizeMb: 32 };
const IMPORT_HEAP_POSTGRES = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 32 };

/**
 * The import thread's semi-space (MB), twice the command thread's 4 (bin/simledger.js). Rating
 * allocates ~6 KB per event (rows, fields, fingerprints, bigints), most of it dead within a chunk
 * of 2,000 events; at 4 MB a chunk outlived two scavenges and was promoted (~1.1 GB per 1M events),
 * so the old generation filled every ~0.4 s and each full collection marked ~72 MB of live context
 * (~20 s of the GC threads' CPU per 1M events). At 8: ~0.86 GB promoted, ~10 MB more resident; 16
 * promoted ~0.6 GB but cost ~25 MB more (301-325 MB), and 16 with a smaller old generation (104)
 * collected all the time. Measured with `--no-allocation-site-pretenuring` (see bin/simledger.js).
 */
const IMPORT_SEMI_SPACE_MB = 8;

/**
 * Starts `script` with its young generation at `semiSpaceMb`. V8 takes a heap's semi-space from
 * its flag when set, over a worker's `resourceLimits`, and reads the flag when the worker's isolate
 * is made, on the worker's own thread: so the flag is set for that moment only, and given back its
 * command-line value (or V8's default, 0) once the worker runs.
 */
function startWithSemiSpace(script: URL, options: WorkerOptions, semiSpaceMb: number): Worker {
  const given = process.execArgv.map((a) => /^--max-semi-space-size=(\d+)$/.exec(a)?.[1]).find((v) => v !== undefined) ?? '0';
  setFlagsFromString(`--max-semi-space-size=${semiSpaceMb}`);
  const worker = new Worker(script, options);
  const restore = () => setFlagsFromString(`--max-semi-space-size=${given}`);
  worker.once('online', restore);
  worker.once('exit', restore);
  return worker;
}

function importInThread(script: URL, store: Store, run: ImportRun, progress: ImportProgress): Promise<ImportSummary> {
  return new Promise((resolve, reject) => {
    const limits = parseDatabaseUrl(run.databaseUrl).dialect === 'postgres' ? IMPORT_HEAP_POSTGRES : IMPORT_HEAP_SQLITE;
    // SQLite: this thread, idle while the import runs, commits its batches on the store's own
    // connection, instead of a third thread with its own heap and connection (~40 MB less resident).
    const server = store.sqlite ? serveBatchWrites(store.sqlite) : undefined;
    const workerData: ImportThreadData = { run, writesHere: server !== undefined };
    const worker = startWithSemiSpace(script, { workerData, resourceLimits: limits }, IMPORT_SEMI_SPACE_MB);
    let settled = false;
    const settle = (fn: () => void) => {
      if (!settled) {
        settled = true;
        server?.close();
        fn();
      }
    };
    worker.on('message', (m: ImportMessage) => {
      if ('job' in m) {
        const reply = server ? server.serve(m.job) : { error: 'this thread does not write the import' };
        worker.postMessage(reply);
      } else if ('bytes' in m) progress.bytes?.(m.bytes);
      else if ('read' in m) progress.read?.(m.read);
      else if ('done' in m) settle(() => resolve(m.done));
      else settle(() => reject(new Error(m.error)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the import thread stopped (code ${code}) before it ended`))));
  });
}

/**
 * Imports a usage file: on a thread of its own with a bounded heap when the compiled thread script
 * exists and the database is a file or a server (an in-memory SQLite database is this connection's
 * alone); else here, on `store`.
 */
export async function importFile(store: Store, run: ImportRun, progress: ImportProgress = {}): Promise<ImportSummary> {
  const script = new URL('./import-file-worker.js', import.meta.url);
  const inMemory = store.sqlite?.memory ?? false;
  if (inMemory || !existsSync(fileURLToPath(script))) return importFileHere(store, run, progress);
  return importInThread(script, store, run, progress);
}

/**
 * For the thread: opens its own store on the run's database (already migrated by the caller);
 * with `parent`, the thread that started it commits the batches.
 */
export async function importFileOnOwnStore(run: ImportRun, progress: ImportProgress, parent?: MessagePort): Promise<ImportSummary> {
  const store = await openStore(run.databaseUrl, { migrate: false });
  try {
    return await importFileHere(store, run, progress, parent ? (s) => parentBatchWriter(s, parent) : undefined);
  } finally {
    await store.close();
  }
}
