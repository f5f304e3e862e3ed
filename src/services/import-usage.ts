import { getHeapStatistics } from 'node:v8';
import type { RawUsageRow, UsageWindow } from '../domain/usage-event.js';
import type { Store } from '../store/open-store.js';
import { rateBatch, rateUsageBatch, type IncomingUsage, type RatedBatch, type UsageResult } from './rate-usage-batch.js';
import { openBatchWriter, type BatchWriter, type WriteAck } from '../store/batch-writer.js';
import { nextId as readNextId, readWriteGeneration } from '../store/usage-store.js';
import { packRows, unpackRows, type PackedRows } from './packed-rows.js';
import { RatingContext } from './rating-context.js';
import type { UsageFileRow } from './usage-file.js';
import { usageWindow } from './usage-window.js';

export interface ImportSummary {
  read: number;
  rated: number;
  duplicates: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
}

export interface RejectedRow { lineNo: number; eventId: string; reason: string; detail: string; raw?: RawUsageRow; text?: string }

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
  return importUsageBatches(store, inBatches(rows, options.batchSize ?? 20_000), options);
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
 * rereading lines. (The limit counts the young generation too: 144 + 1.5 x 32 = 192 MB on SQLite.)
 */
function linesToKeep(configured: number): number {
  const heap = getHeapStatistics();
  return heap.used_heap_size > heap.heap_size_limit * 0.8 ? 0 : configured;
}

/**
 * Batches handed to the writer and not yet acknowledged. SQLite, two: its writer thread starts the
 * next batch the moment it commits one, instead of waiting for the rating of the next to end
 * (rating and writing take about as long, so with one they took turns idling). PostgreSQL, one:
 * the server's own work is the limit there, and a second batch queued gained nothing (1M
 * events, a noisy machine: 61 and 67 s with one, 69 and 72 s with two).
 */
function pipelineDepth(store: Store): number {
  return store.sqlite ? 2 : 1;
}

/**
 * A batch sent to the writer and not yet acknowledged. Its rows stay, packed, as it may have to be
 * rated again (a stale write); its answers only as counts and rejected rows (20,000 answers held
 * were ~3 MB of the import's heap per batch in flight).
 */
interface InFlight {
  rows: PackedRows; outcome: BatchOutcome; known: RatedBatch['known']; contextBatch: number;
  ack: Promise<WriteAck>; nowMs: number; window: UsageWindow;
}

/** What a batch's answers add to the summary once it is written. */
interface BatchOutcome { rated: number; duplicates: number; rejected: RejectedRow[] }

function outcomeOf(batch: readonly IncomingUsage[], results: readonly UsageResult[]): BatchOutcome {
  const outcome: BatchOutcome = { rated: 0, duplicates: 0, rejected: [] };
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    if (r.status === 'rated') outcome.rated++;
    else if (r.status === 'duplicate') outcome.duplicates++;
    else outcome.rejected.push({ lineNo: r.ref, eventId: r.eventId, reason: r.code, detail: r.detail, raw: batch[i]!.raw });
  }
  return outcome;
}

/**
 * As `importUsage`, from rows already cut into batches (see readUsageFileBatches): one transaction
 * each. Batch k+1 is rated while batch k is being written (a pipeline one batch deep): rating reads
 * the committed store plus the event ids of batch k, and the context carries the lines, buckets
 * and wallets as batch k left them. Each write checks the store's write generation; if anyone
 * else wrote meanwhile, the rest of the import rates batch by batch inside the write transaction.
 */
export async function importUsageBatches(store: Store, batches: AsyncIterable<readonly UsageFileRow[]>, options: ImportOptions): Promise<ImportSummary> {
  const summary = emptySummary();
  // One rating context for the whole file: a line's buckets and wallet are read once while it is held.
  const keepLines = options.contextLines ?? CONTEXT_LINES;
  const context = new RatingContext(keepLines);
  const writer = options.openWriter?.(store) ?? openBatchWriter(store);
  let pipelined = true;
  let expected = await readWriteGeneration(store.db);
  let firstId = await readNextId(store.db, 'usage_records');
  const inFlight: InFlight[] = [];
  const depth = pipelineDepth(store);

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
    await report(outcomeOf(batch, await rateUsageBatch(store, options.source, batch, nowMs, window, context)));
    context.landed(context.currentBatch, linesToKeep(keepLines));
  };
  /**
   * Waits for the oldest batch in flight; false when it was stale: then it, and every later batch
   * in flight (rated on top of it, and refused by the writer), is rated again in its transaction.
   */
  const landOldest = async (): Promise<boolean> => {
    const f = inFlight.shift();
    if (!f) return true;
    if ((await f.ack) === 'written') {
      await report(f.outcome);
      context.landed(f.contextBatch, linesToKeep(keepLines));
      return true;
    }
    pipelined = false;
    context.clear();
    for (const g of [f, ...inFlight.splice(0)]) {
      if (g !== f && (await g.ack) !== 'stale') throw new Error('the writer wrote a batch rated on top of a stale one');
      await inTransaction(unpackRows(g.rows), g.nowMs, g.window);
    }
    return false;
  };
  const landAll = async (): Promise<boolean> => {
    while (inFlight.length > 0) if (!(await landOldest())) return false;
    return true;
  };

  try {
    // The file's stream parses the next batch while this one is rated or awaits the writer.
    for await (const rows of batches) {
      const batch: IncomingUsage[] = [];
      for (const row of rows) {
        summary.read++;
        if (row.malformed !== undefined) {
          countRejected(summary, 'malformed_row');
          await options.onRejected?.({ lineNo: row.lineNo, eventId: '', reason: 'malformed_row', detail: row.malformed, text: row.text });
        } else {
          batch.push({ raw: row.raw, ref: row.lineNo });
        }
      }
      const nowMs = options.now();
      const window = usageWindow(nowMs, options.retentionMonths);
      if (batch.length === 0) { options.onBatch?.(summary); continue; }
      if (!pipelined) { await inTransaction(batch, nowMs, window); continue; }
      const rated = await rateBatch(store.db, options.source, batch, nowMs, window, context, { firstId, unwritten: inFlight.map((f) => f.known) });
      if (inFlight.length >= depth && !(await landOldest())) {
        // This batch was rated on top of one that could not be written: rate it again.
        await inTransaction(batch, nowMs, window);
        continue;
      }
      const f: InFlight = {
        rows: packRows(batch), outcome: outcomeOf(batch, rated.results), known: rated.known, contextBatch: context.currentBatch, nowMs, window,
        ack: writer.write({ writes: rated.writes, firstId, nextId: rated.nextId, nowMs, expectedGeneration: expected }),
      };
      f.ack.catch(() => undefined); // awaited by landOldest(); an early failure must not go unhandled meanwhile
      inFlight.push(f);
      expected += 1n;
      firstId = rated.nextId;
    }
    await landAll();
  } finally {
    for (const f of inFlight) await f.ack.catch(() => undefined);
    await writer.close();
  }
  return summary;
}
