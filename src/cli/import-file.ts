import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { importUsageBatches, type ImportSummary } from '../services/import-usage.js';
import { readUsageFileBatches, type UsageFileFormat } from '../services/usage-file.js';
import { openStore, type Store } from '../store/open-store.js';
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

export interface ImportProgress { bytes?(n: number): void; read?(n: number): void }

/** Runs the import on this thread, on `store` (opened on `run.databaseUrl`). */
export async function importFileHere(store: Store, run: ImportRun, progress: ImportProgress = {}): Promise<ImportSummary> {
  const rejects = new RejectsFile(run.rejectsPath);
  try {
    const batches = readUsageFileBatches(run.file, run.format, run.batchSize, progress.bytes);
    return await importUsageBatches(store, batches, {
      source: run.source,
      now: () => run.nowMs ?? Date.now(),
      retentionMonths: run.retentionMonths,
      batchSize: run.batchSize,
      onRejected: (row) => rejects.write(row),
      onBatch: (s) => progress.read?.(s.read),
    });
  } finally {
    await rejects.close();
  }
}

/** What the import thread tells (see import-file-worker.ts). */
export type ImportMessage = { bytes: number } | { read: number } | { done: ImportSummary } | { error: string };

/**
 * An import's heap on a thread of its own, so that it can be bounded: given the main thread's
 * heap, V8 sizes it from the machine's memory and lets garbage grow to 3-4 times what is live
 * (1M events: ~200 MB live, 700-750 MB heap, 0.9-1.1 GB resident). A bounded old generation makes
 * V8 collect sooner: 1M events, resident ~520-550 MB with 512 MB, ~580 with 1,024, at most 5%
 * slower (the machine's noise is larger). Once the rating context held its buckets in exact-size
 * arrays (~85 MB live for 100,000 lines with two buckets each): 451-462 MB with 256 (young 32),
 * 475-485 with 320 or 512 (young 48), maybe a few seconds slower at 256 (three interleaved runs
 * each: 45 s against 42 on average, within the spread); 192 gave 408 MB but 60 s. With the
 * buckets in columns (~46 MB for those lines) and the rows in flight packed, ~110 MB is live after
 * each full collection instead of ~145: 429-431 MB with 256. What is live stays below the limit: the rating context is bounded (150,000 lines past its batches in flight,
 * fewer once the heap is two-thirds full; see import-usage.ts) and a batch's rows come and go.
 */
const IMPORT_HEAP = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };

function importInThread(script: URL, run: ImportRun, progress: ImportProgress): Promise<ImportSummary> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: run, resourceLimits: IMPORT_HEAP });
    let settled = false;
    const settle = (fn: () => void) => { if (!settled) { settled = true; fn(); } };
    worker.on('message', (m: ImportMessage) => {
      if ('bytes' in m) progress.bytes?.(m.bytes);
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
  return importInThread(script, run, progress);
}

/** For the thread: opens its own store on the run's database (already migrated by the caller). */
export async function importFileOnOwnStore(run: ImportRun, progress: ImportProgress): Promise<ImportSummary> {
  const store = await openStore(run.databaseUrl, { migrate: false });
  try {
    return await importFileHere(store, run, progress);
  } finally {
    await store.close();
  }
}
