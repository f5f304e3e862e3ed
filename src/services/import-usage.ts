import { CONTEXT_LINES, DEFAULT_BATCH_SIZE, RATING_CHUNK } from '../config/runtime-tuning.js';
import type { UsageWindow } from '../domain/usage-event.js';
import type { Store } from '../store/open-store.js';
import type { BatchWriter, WriteAck } from '../store/usage-ledger-port.js';
import { countRejected, emptySummary, type IngestSummary, type RejectedRow, type UsageRow } from './ingest-usage.js';
import { unpackRows } from './packed-rows.js';
import { addOutcome, PendingWrite, type BatchOutcome } from './pending-write.js';
import { rateBatch, rateUsageBatch, type IncomingUsage } from './rate-usage-batch.js';
import { RatingContext } from './rating-context.js';
import { UnwrittenEvents } from './unwritten-events.js';
import { usageWindow } from './usage-window.js';

export type { RejectedRow } from './ingest-usage.js';
export type ImportSummary = IngestSummary;
export { emptySummary };

export interface ImportOptions {
  source: string;
  /** Clock, read once per batch; the domain itself never reads it. */
  now: () => number;
  retentionMonths: number;
  /** Events per transaction. */
  batchSize?: number;
  onRejected?: (row: RejectedRow) => void | Promise<void>;
  onBatch?: (summary: Readonly<ImportSummary>) => void;
  /** Who commits the rated batches; the store's own batch writer when absent. */
  openWriter?: (store: Store) => BatchWriter;
  /** Lines the rating context holds past the batches in flight. */
  contextLines?: number;
  /** About how many events the input holds: with at least as many as the store has lines, the context may read every line first. */
  expectedEvents?: number;
  /** The command's memory probe: while true, the context keeps only the lines of batches in flight. */
  underPressure?: () => boolean;
}

/** The size of the chunks an import of `batchSize` events per transaction reads and rates. */
export function ratingChunk(batchSize: number): number {
  return Math.max(1, Math.min(batchSize, RATING_CHUNK));
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
 * Imports usage rows in file order, a batch per transaction. Each batch commits whole, so a crash
 * leaves a prefix of the file applied and the same import run again completes it exactly.
 */
export function importUsage(store: Store, rows: AsyncIterable<UsageRow>, options: ImportOptions): Promise<ImportSummary> {
  return importUsageBatches(store, inBatches(rows, ratingChunk(options.batchSize ?? DEFAULT_BATCH_SIZE)), options);
}

/** As `importUsage`, from rows already cut into chunks (see ratingChunk). */
export function importUsageBatches(store: Store, chunks: AsyncIterable<readonly UsageRow[]>, options: ImportOptions): Promise<ImportSummary> {
  return new ImportPipeline(store, options).run(chunks);
}

/** A batch sent to the writer and not yet acknowledged. */
interface InFlight {
  batch: PendingWrite;
  contextBatch: number;
  ack: Promise<WriteAck>;
}

/**
 * Chunks are rated one by one and gathered into batches of `batchSize` events, one transaction
 * each. Batch k+1 is rated while batch k is written (pipelined): rating reads the committed store
 * plus the event ids of the batches in flight, and the context carries the lines, buckets and
 * wallets as the batches before left them. Each write checks the store's write generation; if
 * anyone else wrote meanwhile, the rest of the import is rated serially, batch by batch inside
 * the write transaction (`ingest` through rateUsageBatch).
 */
class ImportPipeline {
  private readonly summary = emptySummary();
  private readonly batchSize: number;
  private readonly keepLines: number;
  private readonly context: RatingContext;
  private readonly writer: BatchWriter;
  private readonly unwritten = new UnwrittenEvents();
  private readonly inFlight: InFlight[] = [];
  private pipelined = true;
  private expected = 0n;
  private firstId = 0n;
  private pending: PendingWrite | undefined;
  /** Rows gathered for one transaction once no longer pipelined, and the clock of their batch. */
  private serial: IncomingUsage[] = [];
  private clock: { nowMs: number; window: UsageWindow } | undefined;

  constructor(
    private readonly store: Store,
    private readonly options: ImportOptions,
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.keepLines = options.contextLines ?? CONTEXT_LINES;
    this.context = new RatingContext(this.keepLines);
    this.writer = options.openWriter?.(store) ?? store.ledger.openBatchWriter();
  }

  async run(chunks: AsyncIterable<readonly UsageRow[]>): Promise<ImportSummary> {
    try {
      await this.start();
      // The file's stream parses the next chunk while this one is rated or awaits the writer.
      for await (const rows of chunks) await this.take(rows);
      if (this.pipelined && this.pending) await this.send();
      if (this.pipelined) await this.landAll();
      await this.flushSerial();
    } finally {
      for (const f of this.inFlight) await f.ack.catch(() => undefined);
      await this.writer.close();
    }
    return this.summary;
  }

  /** Reads where the store stands; reads every line first when the store says that pays. */
  private async start(): Promise<void> {
    const reads = this.store.ledger.reads(this.store.db);
    this.expected = await reads.writeGeneration();
    this.firstId = await reads.nextRecordId();
    const expected = this.options.expectedEvents;
    if (expected !== undefined && this.store.ledger.importShape.preloadLines) {
      await this.context.loadAllLines(reads, Math.min(this.keepLines, expected));
    }
  }

  /** Counts a chunk's rows (malformed ones reported), then rates the rest pipelined or gathers them for a serial batch. */
  private async take(rows: readonly UsageRow[]): Promise<void> {
    const chunk: IncomingUsage[] = [];
    for (const row of rows) {
      this.summary.read++;
      if (row.malformed === undefined) {
        chunk.push({ raw: row.raw, ref: row.lineNo });
        continue;
      }
      countRejected(this.summary, 'malformed_row');
      await this.options.onRejected?.({ lineNo: row.lineNo, eventId: '', reason: 'malformed_row', detail: row.malformed, text: row.text });
    }
    if (chunk.length === 0) {
      this.options.onBatch?.(this.summary);
      return;
    }
    if (!this.clock) {
      const nowMs = this.options.now();
      this.clock = { nowMs, window: usageWindow(nowMs, this.options.retentionMonths) };
    }
    if (this.pipelined) return this.ratePipelined(chunk);
    for (const row of chunk) this.serial.push(row);
    if (this.serial.length >= this.batchSize) await this.flushSerial();
  }

  private async ratePipelined(chunk: IncomingUsage[]): Promise<void> {
    const pending = (this.pending ??= new PendingWrite(this.firstId, this.clock!.nowMs, this.clock!.window));
    const rated = await rateBatch(this.store.ledger.reads(this.store.db), this.options.source, chunk, pending.nowMs, pending.window, this.context, pending.builder, {
      firstId: pending.nextId,
      unwritten: this.unwritten.view,
    });
    this.unwritten.add(rated.known);
    pending.add(chunk, rated);
    this.options.onBatch?.(this.summary);
    if (pending.events >= this.batchSize) await this.send();
  }

  /** Hands the gathered batch to the writer, then waits while more than the store's depth are in flight. */
  private async send(): Promise<void> {
    const batch = this.pending!;
    this.pending = undefined;
    this.clock = undefined;
    const ack = this.writer.write({ writes: batch.takeWrites(), firstId: batch.firstId, nextId: batch.nextId, nowMs: batch.nowMs, expectedGeneration: this.expected });
    ack.catch(() => undefined); // awaited by landOldest(); an early failure must not go unhandled meanwhile
    this.inFlight.push({ batch, contextBatch: this.context.currentBatch, ack });
    this.expected += 1n;
    this.firstId = batch.nextId;
    while (this.pipelined && this.inFlight.length > this.store.ledger.importShape.pipelineDepth) await this.landOldest();
  }

  private async landAll(): Promise<void> {
    while (this.inFlight.length > 0) if (!(await this.landOldest())) return;
  }

  /** Waits for the oldest batch in flight; false when it was stale (see `fallBack`). */
  private async landOldest(): Promise<boolean> {
    const f = this.inFlight.shift();
    if (!f) return true;
    if ((await f.ack) === 'stale') {
      await this.fallBack(f);
      return false;
    }
    await this.report(f.batch.outcome);
    this.unwritten.landed(f.batch.known);
    this.context.landed(f.contextBatch, this.linesToKeep());
    return true;
  }

  /**
   * Someone else wrote: the stale batch, every later one in flight (rated on top of it, and refused
   * by the writer) and the one being gathered are rated again, each in its transaction; the rest
   * of the import runs serially.
   */
  private async fallBack(stale: InFlight): Promise<void> {
    this.pipelined = false;
    this.context.clear();
    this.unwritten.clear();
    for (const g of [stale, ...this.inFlight.splice(0)]) {
      if (g !== stale && (await g.ack) !== 'stale') throw new Error('the writer wrote a batch rated on top of a stale one');
      await this.again(g.batch);
    }
    if (this.pending) await this.again(this.pending);
    this.pending = undefined;
  }

  private again(b: PendingWrite): Promise<void> {
    return this.rateSerially(b.chunks.flatMap(unpackRows), b.nowMs, b.window);
  }

  private async flushSerial(): Promise<void> {
    if (this.serial.length === 0 || !this.clock) return;
    const rows = this.serial;
    this.serial = [];
    await this.rateSerially(rows, this.clock.nowMs, this.clock.window);
    this.clock = undefined;
  }

  /** Rates a batch inside its write transaction, as every other way in does. */
  private async rateSerially(batch: IncomingUsage[], nowMs: number, window: UsageWindow): Promise<void> {
    const results = await rateUsageBatch(this.store, this.options.source, batch, nowMs, window, this.context);
    await this.report(addOutcome({ rated: 0, duplicates: 0, rejected: [] }, batch, results));
    this.context.landed(this.context.currentBatch, this.linesToKeep());
  }

  private async report(outcome: BatchOutcome): Promise<void> {
    this.summary.rated += outcome.rated;
    this.summary.duplicates += outcome.duplicates;
    for (const row of outcome.rejected) {
      countRejected(this.summary, row.reason);
      await this.options.onRejected?.(row);
    }
    this.options.onBatch?.(this.summary);
  }

  /** Under memory pressure (the command's probe), holding fewer lines only costs rereading them. */
  private linesToKeep(): number {
    return this.options.underPressure?.() ? 0 : this.keepLines;
  }
}
