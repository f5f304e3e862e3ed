import type { MessagePort } from 'node:worker_threads';
import type { AlertRules } from '../domain/alerts.js';
import type { Tariff } from '../domain/catalog.js';
import type { BucketFacts, EndedBucket } from './alert-store.js';
import type { BucketState } from '../domain/rating.js';
import type { LineBucketRow, LineRow } from './line-rows.js';
import type { Db } from './open-store.js';
import type { RatedWrites } from './rated-batch.js';
import type { WireTable } from './batch-wire.js';

/** A line as rating needs it. */
export interface LineRef {
  iccid: string;
  imsi: string;
  accountId: string;
  tariffId: string;
}

/** What is known of event ids already arrived: the standing copy and any recorded conflicts. */
export interface KnownEvent {
  standingHash: string;
  conflictHashes?: Set<string>;
  rated: boolean;
}

/** A line's row (with account and wallet) and its buckets, read in one snapshot. */
export interface LineSnapshot {
  line: LineRow | undefined;
  buckets: LineBucketRow[];
}

/** What the alert watch reads inside rating (see services/alerts/alert-watch.ts). */
export interface AlertFactsReads {
  /** Each account's rules; an account without settings has the defaults. */
  loadAlertRules(accountIds: readonly string[]): Promise<Map<string, AlertRules>>;
  loadBucketFacts(bucketIds: readonly string[]): Promise<Map<string, BucketFacts>>;
  /** The bundle of each (line, kind) that ended last in (sinceMs, atMs]. */
  loadEndedBuckets(iccids: readonly string[], sinceMs: number, atMs: number): Promise<EndedBucket[]>;
}

/** What rating reads, from the store as it stands or from inside a write transaction. */
export interface UsageLedgerReads extends AlertFactsReads {
  findKnownEvents(source: string, eventIds: readonly string[]): Promise<Map<string, KnownEvent>>;
  findLines(imsis: readonly string[], iccids: readonly string[]): Promise<LineRef[]>;
  countLines(): Promise<number>;
  /** Up to `limit` lines in the order of their ICCID, after `after` (from the first when absent). */
  linesAfter(after: string | undefined, limit: number): Promise<LineRef[]>;
  loadTariffs(ids: readonly string[]): Promise<Map<string, Tariff>>;
  /** Buckets with units left, grouped by line. */
  loadOpenBuckets(iccids: readonly string[]): Promise<Map<string, BucketState[]>>;
  loadWalletBalances(accountIds: readonly string[]): Promise<Map<string, bigint>>;
  /** The next usage record id (ids only grow, even after purges). */
  nextRecordId(): Promise<bigint>;
  /** The store's write generation (see write-generation.ts). */
  writeGeneration(): Promise<bigint>;
}

/** One rated batch to commit, valid only if nobody wrote since the batch before it. */
export interface WriteJob {
  writes: RatedWrites;
  firstId: bigint;
  nextId: bigint;
  nowMs: number;
  /** The store's write generation the batch was rated against. */
  expectedGeneration: bigint;
}

/** `stale`: another writer changed the store meanwhile; nothing was written. */
export type WriteAck = 'written' | 'stale';

/**
 * Commits rated batches in the order given, each in its own transaction, while the caller goes on
 * rating the next one. Once a batch is answered `stale`, every later one is too (each was rated on
 * top of the one before).
 */
export interface BatchWriter {
  write(job: WriteJob): Promise<WriteAck>;
  close(): Promise<void>;
}

/** How an import runs best on this store: facts of the database, not choices of the caller. */
export interface ImportShape {
  /** Batches handed to the writer and not yet acknowledged, past the one just handed over. */
  readonly pipelineDepth: number;
  /** Whether reading every line first, in key order, beats reading them a chunk at a time. */
  readonly preloadLines: boolean;
  /** Whether another thread may open this database (false for an in-memory one). */
  readonly sharedWithThreads: boolean;
}

/**
 * The usage hot path of the store, one implementation per database (store/sqlite, store/postgres).
 * Services rate through this and never see the database's dialect or driver.
 */
export interface UsageLedger {
  reads(db: Db): UsageLedgerReads;
  /** Writes a rated batch and moves the record id counter to `nextId`; call inside `store.writeTransaction`. */
  writeRatedBatch(tx: Db, writes: RatedWrites, ids: { firstId: bigint; nextId: bigint }, nowMs: number): Promise<void>;
  /** A writer committing each batch in its own transaction, after checking the generation. */
  openBatchWriter(): BatchWriter;
  /** One line's balance rows, in one snapshot. */
  readLine(iccid: string): Promise<LineSnapshot>;
  readonly importShape: ImportShape;
  /** Present when an import on another thread should hand its batches back to this one to commit. */
  readonly crossThread?: CrossThreadWrites;
}

/** An import thread's batches committed by the thread that started it (see store/sqlite/thread-writes.ts). */
export interface CrossThreadWrites {
  /** On the starting thread: commits the jobs it is sent. */
  serve(): BatchWriteServer;
  /** On the import thread: a writer that sends its jobs through `port`. */
  writerVia(port: MessagePort): BatchWriter;
}

export type FlatTable = Exclude<keyof RatedWrites, 'resolvedSuspense' | 'extra'>;

/** A job as sent to another thread: its flat rows column by column (see batch-wire.ts). */
export type SentJob = Omit<WriteJob, 'writes'> & {
  tables: Record<FlatTable, WireTable>;
  resolvedSuspense: RatedWrites['resolvedSuspense'];
  extra: RatedWrites['extra'];
};

/** What the committing side answers a job. */
export type WriterReply = { ack: WriteAck } | { error: string };

/** A job as a thread sends it to the thread that started it. */
export interface JobMessage {
  job: SentJob;
}

/** The committing end of a writer across threads: answers each job it is sent. */
export interface BatchWriteServer {
  serve(job: SentJob): WriterReply;
  close(): void;
}
