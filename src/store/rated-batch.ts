import type { BucketState } from '../domain/rating.js';
import { TableBuilder, withKeyOrder, type FlatRows } from './batch-wire.js';
import type { Cell, ColumnType } from './bulk.js';

type Columns = readonly (readonly [string, ColumnType])[];

export const RECORD_COLUMNS = [
  ['id', 'bigint'],
  ['source', 'text'],
  ['event_id', 'text'],
  ['hash', 'text'],
  ['iccid', 'text'],
  ['account_id', 'text'],
  ['kind', 'text'],
  ['direction', 'text'],
  ['started_at', 'bigint'],
  ['quantity', 'bigint'],
  ['mcc_mnc', 'text'],
  ['country', 'text'],
  ['bucket_units', 'bigint'],
  ['charged_blocks', 'bigint'],
  ['amount_minor', 'bigint'],
  ['debt', 'bigint'],
  ['rated_at', 'bigint'],
  ['peer', 'text'],
] as const;
export const DRAW_COLUMNS = [
  ['bucket_id', 'text'],
  ['record_id', 'bigint'],
  ['units', 'bigint'],
] as const;
export const LEDGER_COLUMNS = [
  ['account_id', 'text'],
  ['at', 'bigint'],
  ['amount_minor', 'bigint'],
  ['kind', 'text'],
  ['ref', 'text'],
] as const;
export const FRESHNESS_COLUMNS = [
  ['iccid', 'text'],
  ['usage_to', 'bigint'],
  ['arrived_at', 'bigint'],
  ['mcc_mnc', 'text'],
] as const;
export const SUSPENSE_COLUMNS = [
  ['source', 'text'],
  ['event_id', 'text'],
  ['hash', 'text'],
  ['reason', 'text'],
  ['detail', 'text'],
  ['payload', 'text'],
  ['created_at', 'bigint'],
] as const;
/** A bucket's balance row as updated: these columns, then its id. */
export const BUCKET_SET = ['remaining', 'valid_from', 'valid_to', 'used_up_at'] as const;

/** A rated usage record, as `addRecord` takes it. */
export interface RecordRow {
  id: bigint;
  source: string;
  eventId: string;
  hash: string;
  iccid: string;
  accountId: string;
  kind: string;
  direction: string;
  startedAtMs: number;
  quantity: bigint;
  mccMnc: string;
  country: string;
  bucketUnits: bigint;
  chargedBlocks: bigint;
  amountMinor: bigint;
  debt: boolean;
  ratedAtMs: number;
  /** The other party of a call or SMS, masked (see usage-event.ts), or null. */
  peer: string | null;
}

/** A table a later capability writes with the batch (an alerts outbox): rows of `columns`, inserted as they are. */
export interface ExtraTable {
  readonly table: string;
  readonly columns: Columns;
  /** Rows whose unique key exists already are skipped (a replayed batch's), not an error. */
  readonly skipDuplicates?: boolean;
}

/**
 * Everything one rated batch writes, committed together (rule 8). The bulk tables in columns
 * (see TableBuilder), the small ones as flat cells; built only by RatedBatchBuilder.
 */
export interface RatedWrites {
  records: FlatRows;
  draws: FlatRows;
  ledger: FlatRows;
  suspense: FlatRows;
  /** BUCKET_SET then the id, one row per bucket changed. */
  buckets: FlatRows;
  /** balance_minor, account_id: one row per wallet changed. */
  wallets: FlatRows;
  /** FRESHNESS_COLUMNS, one row per line rated for. */
  lines: FlatRows;
  resolvedSuspense: { id: bigint; recordId: bigint | null }[];
  extra: { table: ExtraTable; rows: Cell[][] }[];
}

/**
 * An integer as a JS number while it is exactly one (always, for ids and quantities), else as
 * bigint: numbers cost half as much to hand to another thread; both databases store either.
 */
function cellOf(v: bigint): number | bigint {
  return v <= MAX_EXACT && v >= MIN_EXACT ? Number(v) : v;
}
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_EXACT = -MAX_EXACT;

/**
 * The writes of one transaction, added row by row by rating and packed here: the column orders,
 * the cells and the "last state wins" of buckets, wallets and freshness are this class's alone.
 * Records, draws and ledger entries of a chunk gather as cells and move into columns at each
 * `endChunk` (a chunk's cells die young; a transaction's columns are compact).
 */
export class RatedBatchBuilder {
  private readonly records = new TableBuilder(RECORD_COLUMNS.length);
  private readonly draws = new TableBuilder(DRAW_COLUMNS.length);
  private readonly ledger = new TableBuilder(LEDGER_COLUMNS.length);
  private chunk = { records: [] as Cell[], draws: [] as Cell[], ledger: [] as Cell[] };
  private suspense: Cell[] = [];
  private resolved: RatedWrites['resolvedSuspense'] = [];
  private readonly buckets = new Map<string, Cell[]>();
  private readonly wallets = new Map<string, Cell>();
  private readonly lines = new Map<string, { usageToMs: number; arrivedAtMs: number; mccMnc: string }>();
  private readonly extra = new Map<ExtraTable, Cell[][]>();
  private taken = false;

  addRecord(r: RecordRow): void {
    this.chunk.records.push(
      cellOf(r.id),
      r.source,
      r.eventId,
      r.hash,
      r.iccid,
      r.accountId,
      r.kind,
      r.direction,
      r.startedAtMs,
      cellOf(r.quantity),
      r.mccMnc,
      r.country,
      cellOf(r.bucketUnits),
      cellOf(r.chargedBlocks),
      cellOf(r.amountMinor),
      r.debt ? 1 : 0,
      r.ratedAtMs,
      r.peer,
    );
  }

  addDraw(bucketId: string, recordId: bigint, units: bigint): void {
    this.chunk.draws.push(bucketId, cellOf(recordId), cellOf(units));
  }

  addLedgerEntry(accountId: string, atMs: number, amountMinor: bigint, kind: string, ref: string): void {
    this.chunk.ledger.push(accountId, atMs, cellOf(amountMinor), kind, ref);
  }

  /** The bucket as it stands now (a snapshot: the object goes on changing with later chunks). */
  setBucket(b: BucketState): void {
    this.buckets.set(b.id, [cellOf(b.remaining), b.validFromMs, b.validToMs, b.usedUpAtMs ?? null, b.id]);
  }

  setWallet(accountId: string, balanceMinor: bigint): void {
    this.wallets.set(accountId, cellOf(balanceMinor));
  }

  /** A line's latest usage: kept only if not older than what the batch holds for it already. */
  setFreshness(iccid: string, usageToMs: number, arrivedAtMs: number, mccMnc: string): void {
    const held = this.lines.get(iccid);
    if (held === undefined || usageToMs >= held.usageToMs) this.lines.set(iccid, { usageToMs, arrivedAtMs, mccMnc });
  }

  addSuspense(source: string, eventId: string, hash: string, reason: string, detail: string, payload: string, createdAtMs: number): void {
    this.suspense.push(source, eventId, hash, reason, detail, payload, createdAtMs);
  }

  /** A held event settled: rated as `recordId`, or found rated already (null). */
  resolveSuspense(id: bigint, recordId: bigint | null): void {
    this.resolved.push({ id, recordId });
  }

  /** A row of a table some later capability writes in the same transaction (e.g. an alerts outbox). */
  addExtraRow(table: ExtraTable, row: Cell[]): void {
    if (row.length !== table.columns.length) throw new Error(`${row.length} cells for the ${table.columns.length} columns of ${table.table}`);
    const rows = this.extra.get(table);
    if (rows) rows.push(row);
    else this.extra.set(table, [row]);
  }

  /** The records added so far (this chunk's included). */
  get recordCount(): number {
    return this.records.rows + this.chunk.records.length / RECORD_COLUMNS.length;
  }

  /** Moves the chunk's records, draws and ledger entries into columns. */
  endChunk(): void {
    this.records.append(this.chunk.records);
    this.draws.append(this.chunk.draws);
    this.ledger.append(this.chunk.ledger);
    this.chunk = { records: [], draws: [], ledger: [] };
  }

  /**
   * The batch's writes, handed over once, each table in the order of its key (records by account
   * and time, the rest by id), so that the writer changes one index page after the other.
   */
  take(): RatedWrites {
    if (this.taken) throw new Error('the batch was handed over already');
    this.taken = true;
    this.endChunk();
    const lines: Cell[] = [];
    for (const iccid of sortedKeys(this.lines)) {
      const l = this.lines.get(iccid)!;
      lines.push(iccid, l.usageToMs, l.arrivedAtMs, l.mccMnc);
    }
    const buckets: Cell[] = [];
    for (const id of sortedKeys(this.buckets)) for (const c of this.buckets.get(id)!) buckets.push(c);
    const wallets: Cell[] = [];
    for (const account of sortedKeys(this.wallets)) wallets.push(this.wallets.get(account)!, account);
    return {
      records: withKeyOrder(this.records.take(), [RECORD_ACCOUNT, RECORD_STARTED_AT]),
      draws: this.draws.take(),
      ledger: this.ledger.take(),
      suspense: this.suspense,
      buckets,
      wallets,
      lines,
      resolvedSuspense: this.resolved,
      extra: [...this.extra].map(([table, rows]) => ({ table, rows })),
    };
  }
}

const RECORD_ACCOUNT = RECORD_COLUMNS.findIndex(([c]) => c === 'account_id');
const RECORD_STARTED_AT = RECORD_COLUMNS.findIndex(([c]) => c === 'started_at');

function sortedKeys(map: ReadonlyMap<string, unknown>): string[] {
  return [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
