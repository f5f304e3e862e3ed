import type { UsageWindow } from '../domain/usage-event.js';
import type { Cell } from '../store/bulk.js';
import { TableBuilder, withKeyOrder } from '../store/batch-wire.js';
import { DRAW_COLUMNS, LEDGER_COLUMNS, RECORD_COLUMNS, type ImportBatchWrites, type KnownEvent, type RatedBatchWrites } from '../store/usage-store.js';
import { packRows, type PackedRows } from './packed-rows.js';
import type { IncomingUsage, RatedBatch, UsageResult } from './rate-usage-batch.js';
import type { RejectedRow } from './import-usage.js';

/** What a batch's answers add to the summary once it is written. */
export interface BatchOutcome {
  rated: number;
  duplicates: number;
  rejected: RejectedRow[];
}

/**
 * One transaction's worth of an import, put together from the chunks it was rated in. An import
 * rates a few thousand events at a time and commits tens of thousands at once: the per-event
 * objects of a chunk (parsed rows, their checks, answers) die young instead of living for a whole
 * commit batch and being promoted, while the commit still amortises its fsync over the batch.
 * What a chunk leaves behind is kept compact: its rows packed (in case the batch turns out stale
 * and must be rated again), its answers as counts and rejected rows, its records, draws and ledger
 * entries in columns (typed arrays and one text per chunk, see TableBuilder), the rest as cells.
 */
export class PendingWrite {
  events = 0;
  readonly chunks: PackedRows[] = [];
  readonly outcome: BatchOutcome = { rated: 0, duplicates: 0, rejected: [] };
  /**
   * Every event id of the batch as it stands once the batch is written: each chunk's, oldest
   * first (a later chunk's answer for an id stands over an earlier one's).
   */
  readonly known: ReadonlyMap<string, KnownEvent>[] = [];
  private readonly records = new TableBuilder(RECORD_COLUMNS.length);
  private readonly draws = new TableBuilder(DRAW_COLUMNS.length);
  private readonly ledger = new TableBuilder(LEDGER_COLUMNS.length);
  private suspense: Cell[] = [];
  private alerts: Cell[] = [];
  private resolvedSuspense: RatedBatchWrites['resolvedSuspense'] = [];
  /** The last state of each bucket and wallet the batch changed: one update each per transaction. */
  private buckets = new Map<Cell, Cell[]>();
  private wallets = new Map<Cell, Cell>();
  /** Per line, its freshness row (FRESHNESS_COLUMNS) with the latest usage of the batch's chunks. */
  private lines = new Map<Cell, Cell[]>();
  nextId: bigint;

  /** @param nowMs the clock, read once per transaction as it was once per batch before chunks */
  constructor(
    readonly firstId: bigint,
    readonly nowMs: number,
    readonly window: UsageWindow,
  ) {
    this.nextId = firstId;
  }

  /** Adds a chunk rated with `firstId` = this batch's `nextId` and its earlier chunks as unwritten. */
  add(rows: readonly IncomingUsage[], rated: RatedBatch): void {
    if (this.handedOver) throw new Error('the batch was handed to the writer already');
    if (rated.firstId !== this.nextId) throw new Error(`chunk rated from record id ${rated.firstId}, batch is at ${this.nextId}`);
    this.events += rows.length;
    this.chunks.push(packRows(rows));
    addOutcome(this.outcome, rows, rated.results);
    this.known.push(rated.known);
    const w = rated.writes;
    this.records.append(w.records);
    this.draws.append(w.draws);
    this.ledger.append(w.ledger);
    append(this.suspense, w.suspense);
    append(this.alerts, w.alerts);
    for (const r of w.resolvedSuspense) this.resolvedSuspense.push(r);
    for (let i = 0; i < w.buckets.length; i += 5) this.buckets.set(w.buckets[i + 4]!, w.buckets.slice(i, i + 5));
    for (let i = 0; i < w.wallets.length; i += 2) this.wallets.set(w.wallets[i + 1]!, w.wallets[i]!);
    for (let i = 0; i < w.lines.length; i += 4) {
      const held = this.lines.get(w.lines[i]!);
      if (held === undefined || (w.lines[i + 1] as number) >= (held[1] as number)) this.lines.set(w.lines[i]!, w.lines.slice(i, i + 4));
    }
    this.nextId = rated.nextId;
  }

  /**
   * The batch's writes, handed over once: the batch keeps only what it needs until it is
   * acknowledged (its packed rows, outcome and known ids), not its cells.
   */
  takeWrites(): ImportBatchWrites {
    // Each in the order of its key, so that the writer changes one page after the other (see
    // withKeyOrder): buckets and wallets by id, records by account and time (usage_records_account_time).
    const buckets: Cell[] = [];
    for (const id of sortedKeys(this.buckets)) append(buckets, this.buckets.get(id)!);
    const wallets: Cell[] = [];
    for (const account of sortedKeys(this.wallets)) wallets.push(this.wallets.get(account)!, account);
    const lines: Cell[] = [];
    for (const iccid of sortedKeys(this.lines)) append(lines, this.lines.get(iccid)!);
    const records = withKeyOrder(this.records.take(), [RECORD_ACCOUNT, RECORD_STARTED_AT]);
    const writes = {
      records,
      draws: this.draws.take(),
      ledger: this.ledger.take(),
      suspense: this.suspense,
      buckets,
      wallets,
      lines,
      resolvedSuspense: this.resolvedSuspense,
      alerts: this.alerts,
    };
    this.suspense = [];
    this.resolvedSuspense = [];
    this.alerts = [];
    this.buckets = new Map();
    this.wallets = new Map();
    this.lines = new Map();
    this.handedOver = true;
    return writes;
  }
  private handedOver = false;
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

const RECORD_ACCOUNT = RECORD_COLUMNS.findIndex(([c]) => c === 'account_id');
const RECORD_STARTED_AT = RECORD_COLUMNS.findIndex(([c]) => c === 'started_at');

function sortedKeys(map: ReadonlyMap<Cell, unknown>): Cell[] {
  return [...map.keys()].sort((a, b) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1));
}

function append(to: Cell[], cells: readonly Cell[]): void {
  for (let i = 0; i < cells.length; i++) to.push(cells[i]!);
}
