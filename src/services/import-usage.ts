import { getHeapStatistics } from 'node:v8';
import type { RawUsageRow, UsageWindow } from '../domain/usage-event.js';
import type { Store } from '../store/open-store.js';
import { rateBatch, rateUsageBatch, type IncomingUsage } from './rate-usage-batch.js';
import { openBatchWriter, type BatchWriter, type WriteAck } from '../store/batch-writer.js';
import { nextId as readNextId, readWriteGeneration } from '../store/usage-store.js';
import { unpackRows } from './packed-rows.js';
import { addOutcome, PendingWrite, type BatchOutcome } from './pending-write.js';
import { RatingContext } from './rating-context.js';
import { UnwrittenEvents } from './unwritten-events.js';
import type { UsageFileRow } from './usage-file.js';
import { usageWindow } from './usage-window.js';

export interface ImportSummary {
  read: number;
  rated: number;
  duplicates: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
}

export interface RejectedRow {
  lineNo: number;
  eventId: string;
  reason: string;
  detail: string;
  raw?: RawUsageRow;
  text?: string;
}

export interface ImportOptions {
  source: string;
  /** Clock, read once per batch; the domain itself never reads it. */
  now: () => number;
  retentionMonths: number;
  /** Events per transaction: thousands amortise the fsync of synchronous=FULL. */
  batchSize?: number;
  onRejected?: (row: RejectedRow) => void | Promise<void>;
  onBatch?: (summary: Readonly<ImportSummary>) => void;
  /** Who commits the rated batches; `openBatchWriter(store)` when absent. */
  openWriter?: (store: Store) => BatchWriter;
  /** Lines the rating context holds past the batches in flight (see CONTEXT_LINES). */
  contextLines?: number;
  /**
   * About how many events the input holds (a file's size over a typical row's): on SQLite, when at
   * least as many as the store has lines (and no more lines than the context holds), the context
   * reads every line first, in key order (see RatingContext.loadAllLines).
   */
  expectedEvents?: number;
}

export function emptySummary(): ImportSummary {
  return { read: 0, rated: 0, duplicates: 0, rejected: 0, rejectedByReason: {} };
}

function countRejected(summary: ImportSummary, reason: string): void {
  summary.rejected++;
  summary.rejectedByReason[reason] = (summary.rejectedByReason[reason] ?? 0) + 1;
}

/**
 * Imports usage rows in file order, a batch per transaction. Each batch commits whole, so a crash
 * leaves a prefix of the file applied and the same import run again completes it exactly.
 */
export function importUsage(store: Store, rows: AsyncIterable<UsageFileRow>, options: ImportOptions): Promise<ImportSummary> {
  return importUsageBatches(store, inBatches(rows, ratingChunk(options.batchSize ?? 20_000)), options);
}

async function* inBatches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Lines an import's rating context holds past its batches in flight (~35 MB of heap and ~13 of
 * columns per 100,000 lines with two buckets each). Dropping every line once written bounds it to the batches in flight, but
 * reading them back cost more than it saved: 1M events over 100,000 lines, 60 s instead of 50, for
 * a peak 50 MB lower (the reader's page cache is emptied by each of the writer's commits).
 */
const CONTEXT_LINES = 150_000;

/**
 * How many lines the context may keep past the batches in flight: as configured, or none once the
 * heap is 80% full. The import's heap is bounded (see cli/import-file.ts) and a world with many
 * buckets per line fills it sooner; running out would end the import, holding less only costs
 * rereading lines. (The limit counts the young generation too.)
 */
function linesToKeep(configured: number): number {
  const heap = getHeapStatistics();
  return heap.used_heap_size > heap.heap_size_limit * 0.8 ? 0 : configured;
}

/**
 * Batches handed to the writer and not yet acknowledged, past the one just handed over. SQLite,
 * two: its writer thread starts the next batch the moment it commits one, instead of waiting for
 * the rating of the next to end (rating and writing take about as long, so with one they took
 * turns idling). PostgreSQL, one: the server's own work is the limit there, and a second batch
 * queued gained nothing (1M events, a noisy machine: 61 and 67 s with one, 69 and 72 s with two).
 */
function pipelineDepth(store: Store): number {
  return store.sqlite ? 2 : 1;
}

/**
 * Events rated at a time (see PendingWrite): small enough that a chunk's objects die in the young
 * generation, large enough that its reads (known event ids, lines not held) stay few.
 */
export const RATING_CHUNK = 2_000;

/** The size of the chunks an import of `batchSize` events per transaction reads and rates. */
export function ratingChunk(batchSize: number): number {
  return Math.max(1, Math.min(batchSize, RATING_CHUNK));
}

/** A batch sent to the writer and not yet acknowledged. */
interface InFlight {
  batch: PendingWrite;
  contextBatch: number;
  ack: Promise<WriteAck>;
}

/**
 * As `importUsage`, from rows already cut into chunks (see readUsageFileBatches and ratingChunk):
 * chunks are rated one by one and gathered into batches of `batchSize` events, one transaction
 * each. Batch k+1 is rated while batch k is being written (a pipeline): rating reads the
 * committed store plus the event ids of the batches in flight, and the context carries the lines,
 * buckets and wallets as the batches before left them. Each write checks the store's write
 * generation; if anyone else wrote meanwhile, the rest of the import rates batch by batch inside
 * the write transaction.
 */
export async function importUsageBatches(store: Store, chunks: AsyncIterable<readonly UsageFileRow[]>, options: ImportOptions): Promise<ImportSummary> {
  const summary = emptySummary();
  const batchSize = options.batchSize ?? 20_000;
  // One rating context for the whole file: a line's buckets and wallet are read once while it is held.
  const keepLines = options.contextLines ?? CONTEXT_LINES;
  const context = new RatingContext(keepLines);
  const writer = options.openWriter?.(store) ?? openBatchWriter(store);
  let pipelined = true;
  let expected = await readWriteGeneration(store.db);
  let firstId = await readNextId(store.db, 'usage_records');
  // SQLite only: there every commit empties the rating connection's page cache, so lines read a
  // chunk at a time cost random reads from the file (100,000 lines: ~5.4 s of rating, ~1.6 s read
  // first). PostgreSQL's shared buffers outlive commits: 100,000 lines took ~4.8 s by chunk and
  // ~4.1-4.7 s read first, and read first they no longer overlap the first batches' writes.
  if (options.expectedEvents !== undefined && store.dialect === 'sqlite') {
    await context.loadAllLines(store.db, Math.min(keepLines, options.expectedEvents));
  }
  const inFlight: InFlight[] = [];
  const unwritten = new UnwrittenEvents();
  const depth = pipelineDepth(store);
  let pending: PendingWrite | undefined;
  /** Rows gathered for one transaction once no longer pipelined. */
  let unpipelined: IncomingUsage[] = [];
  let clock: { nowMs: number; window: UsageWindow } | undefined;

  const report = async (outcome: BatchOutcome) => {
    summary.rated += outcome.rated;
    summary.duplicates += outcome.duplicates;
    for (const row of outcome.rejected) {
      countRejected(summary, row.reason);
      await options.onRejected?.(row);
    }
    options.onBatch?.(summary);
  };
  const inTransaction = async (batch: IncomingUsage[], nowMs: number, window: UsageWindow) => {
    await report(addOutcome({ rated: 0, duplicates: 0, rejected: [] }, batch, await rateUsageBatch(store, options.source, batch, nowMs, window, context)));
    context.landed(context.currentBatch, linesToKeep(keepLines));
  };
  /** Rates a batch again in its transaction, as one: it was rated on top of one that was not written. */
  const again = (b: PendingWrite) => inTransaction(b.chunks.flatMap(unpackRows), b.nowMs, b.window);
  /**
   * Waits for the oldest batch in flight; false when it was stale: then it, every later batch in
   * flight (rated on top of it, and refused by the writer) and the batch being gathered are
   * rated again in their transactions.
   */
  const landOldest = async (): Promise<boolean> => {
    const f = inFlight.shift();
    if (!f) return true;
    if ((await f.ack) === 'written') {
      await report(f.batch.outcome);
      unwritten.landed(f.batch.known);
      context.landed(f.contextBatch, linesToKeep(keepLines));
      return true;
    }
    pipelined = false;
    context.clear();
    unwritten.clear();
    for (const g of [f, ...inFlight.splice(0)]) {
      if (g !== f && (await g.ack) !== 'stale') throw new Error('the writer wrote a batch rated on top of a stale one');
      await again(g.batch);
    }
    if (pending) await again(pending);
    pending = undefined;
    return false;
  };
  /** Hands the gathered batch to the writer, then waits while more than `depth` are in flight. */
  const send = async () => {
    const batch = pending!;
    pending = undefined;
    clock = undefined;
    const ack = writer.write({ writes: batch.takeWrites(), firstId: batch.firstId, nextId: batch.nextId, nowMs: batch.nowMs, expectedGeneration: expected });
    ack.catch(() => undefined); // awaited by landOldest(); an early failure must not go unhandled meanwhile
    inFlight.push({ batch, contextBatch: context.currentBatch, ack });
    expected += 1n;
    firstId = batch.nextId;
    while (pipelined && inFlight.length > depth) await landOldest();
  };
  const landAll = async () => {
    while (inFlight.length > 0) if (!(await landOldest())) return;
  };
  const flushUnpipelined = async () => {
    if (unpipelined.length === 0 || !clock) return;
    const rows = unpipelined;
    unpipelined = [];
    await inTransaction(rows, clock.nowMs, clock.window);
    clock = undefined;
  };

  try {
    // The file's stream parses the next chunk while this one is rated or awaits the writer.
    for await (const rows of chunks) {
      const chunk: IncomingUsage[] = [];
      for (const row of rows) {
        summary.read++;
        if (row.malformed !== undefined) {
          countRejected(summary, 'malformed_row');
          await options.onRejected?.({ lineNo: row.lineNo, eventId: '', reason: 'malformed_row', detail: row.malformed, text: row.text });
        } else {
          chunk.push({ raw: row.raw, ref: row.lineNo });
        }
      }
      if (chunk.length === 0) {
        options.onBatch?.(summary);
        continue;
      }
      if (!clock) {
        const nowMs = options.now();
        clock = { nowMs, window: usageWindow(nowMs, options.retentionMonths) };
      }
      if (!pipelined) {
        for (const row of chunk) unpipelined.push(row);
        if (unpipelined.length >= batchSize) await flushUnpipelined();
        continue;
      }
      pending ??= new PendingWrite(firstId, clock.nowMs, clock.window);
      const rated = await rateBatch(store.db, options.source, chunk, pending.nowMs, pending.window, context, { firstId: pending.nextId, unwritten: [unwritten.view] });
      unwritten.add(rated.known);
      pending.add(chunk, rated);
      options.onBatch?.(summary);
      if (pending.events >= batchSize) await send();
    }
    if (pipelined && pending) await send();
    if (pipelined) await landAll();
    await flushUnpipelined();
  } finally {
    for (const f of inFlight) await f.ack.catch(() => undefined);
    await writer.close();
  }
  return summary;
}
