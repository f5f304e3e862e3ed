import type { UsageWindow } from '../domain/usage-event.js';
import { RatedBatchBuilder, type RatedWrites } from '../store/rated-batch.js';
import type { KnownEvent } from '../store/usage-ledger-port.js';
import type { RejectedRow } from './ingest-usage.js';
import { packRows, type PackedRows } from './packed-rows.js';
import type { IncomingUsage, RatedBatch, UsageResult } from './rate-usage-batch.js';

/** What a batch's answers add to the summary once it is written. */
export interface BatchOutcome {
  rated: number;
  duplicates: number;
  rejected: RejectedRow[];
}

/**
 * One transaction's worth of an import, put together from the chunks it was rated in: a few
 * thousand events are rated at a time (their objects die young) and tens of thousands committed at
 * once (the fsync amortised). What a chunk leaves behind is compact: its rows packed (in case the
 * batch turns out stale and must be rated again), its answers as counts and rejected rows, its
 * writes in the batch's builder.
 */
export class PendingWrite {
  events = 0;
  readonly chunks: PackedRows[] = [];
  readonly outcome: BatchOutcome = { rated: 0, duplicates: 0, rejected: [] };
  /** Every event id of the batch as it stands once written: each chunk's, oldest first. */
  readonly known: ReadonlyMap<string, KnownEvent>[] = [];
  readonly builder = new RatedBatchBuilder();
  nextId: bigint;

  /** @param nowMs the clock, read once per transaction */
  constructor(
    readonly firstId: bigint,
    readonly nowMs: number,
    readonly window: UsageWindow,
  ) {
    this.nextId = firstId;
  }

  /** Adds a chunk rated into `builder` with `firstId` = this batch's `nextId`. */
  add(rows: readonly IncomingUsage[], rated: RatedBatch): void {
    if (rated.firstId !== this.nextId) throw new Error(`chunk rated from record id ${rated.firstId}, batch is at ${this.nextId}`);
    this.events += rows.length;
    this.chunks.push(packRows(rows));
    addOutcome(this.outcome, rows, rated.results);
    this.known.push(rated.known);
    this.nextId = rated.nextId;
  }

  /** The batch's writes, handed over once. */
  takeWrites(): RatedWrites {
    return this.builder.take();
  }
}

/** Adds a chunk's answers to `outcome`: counts, and the rejected rows with what they were. */
export function addOutcome(outcome: BatchOutcome, rows: readonly IncomingUsage[], results: readonly UsageResult[]): BatchOutcome {
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    if (r.status === 'rated') outcome.rated++;
    else if (r.status === 'duplicate') outcome.duplicates++;
    else outcome.rejected.push({ lineNo: r.ref, eventId: r.eventId, reason: r.code, detail: r.detail, raw: rows[i]!.raw });
  }
  return outcome;
}
