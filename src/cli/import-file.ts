import { statSync } from 'node:fs';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type MessagePort, Worker, type WorkerOptions } from 'node:worker_threads';
import { readUsageFileBatches, type UsageFileFormat } from '../channels/files/usage-file.js';
import { HEAP_PRESSURE_FRACTION, IMPORT_HEAP_POSTGRES, IMPORT_HEAP_SQLITE, IMPORT_SEMI_SPACE_MB, TYPICAL_ROW_BYTES } from '../config/runtime-tuning.js';
import { importUsageBatches, ratingChunk, type ImportSummary } from '../services/import-usage.js';
import { parseDatabaseUrl } from '../store/dialect.js';
import { openStore, type Store } from '../store/open-store.js';
import type { BatchWriter, JobMessage } from '../store/batch-writer.js';
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

/** True while this thread's heap is past the share of its bound where holding less beats running out. */
export function heapUnderPressure(): boolean {
  const heap = getHeapStatistics();
  return heap.used_heap_size > heap.heap_size_limit * HEAP_PRESSURE_FRACTION;
}

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
      underPressure: heapUnderPressure,
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
  /** This thread commits the import's batches (the store's `crossThread` writes). */
  writesHere: boolean;
}

/**
 * Starts `script` with its young generation at `semiSpaceMb`. V8 takes a heap's semi-space from
 * its flag when set, over a worker's `resourceLimits`, and reads it when the worker's isolate is
 * made: so the flag is set for that moment only, and given back its command-line value after.
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

/**
 * The import on a thread of its own, its heap bounded (see runtime-tuning.ts); when the store
 * commits across threads (SQLite), this thread, idle meanwhile, commits its batches.
 */
function importInThread(script: URL, store: Store, run: ImportRun, progress: ImportProgress): Promise<ImportSummary> {
  return new Promise((resolve, reject) => {
    const limits = parseDatabaseUrl(run.databaseUrl).dialect === 'postgres' ? IMPORT_HEAP_POSTGRES : IMPORT_HEAP_SQLITE;
    const server = store.ledger.crossThread?.serve();
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
      if ('job' in m) worker.postMessage(server ? server.serve(m.job) : { error: 'this thread does not write the import' });
      else if ('bytes' in m) progress.bytes?.(m.bytes);
      else if ('read' in m) progress.read?.(m.read);
      else if ('done' in m) settle(() => resolve(m.done));
      else settle(() => reject(new Error(m.error)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the import thread stopped (code ${code}) before it ended`))));
  });
}

/**
 * Imports a usage file: on a thread of its own when the compiled thread script exists and the
 * database can be opened by another thread; else here, on `store`.
 */
export async function importFile(store: Store, run: ImportRun, progress: ImportProgress = {}): Promise<ImportSummary> {
  const script = new URL('./import-file-worker.js', import.meta.url);
  if (!store.ledger.importShape.sharedWithThreads || !existsSync(fileURLToPath(script))) return importFileHere(store, run, progress);
  return importInThread(script, store, run, progress);
}

/** For the thread: its own store on the run's database; with `parent`, the thread that started it commits the batches. */
export async function importFileOnOwnStore(run: ImportRun, progress: ImportProgress, parent?: MessagePort): Promise<ImportSummary> {
  const store = await openStore(run.databaseUrl, { migrate: false });
  const crossThread = store.ledger.crossThread;
  try {
    return await importFileHere(store, run, progress, parent && crossThread ? () => crossThread.writerVia(parent) : undefined);
  } finally {
    await store.close();
  }
}
