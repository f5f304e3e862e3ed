/**
 * The stream workers' one way into rating: rates a partition's messages with today's rating
 * entry points and, in the same write transaction, moves the partition's offset. The only file
 * of the stream that knows how rating is called.
 */
import { sql } from 'kysely';
import type { Db, Store } from '../../store/open-store.js';
import { rateSourceRuns, type IncomingUsage, type SourceRun, type UsageResult } from '../rate-usage-batch.js';
import type { RatingContext } from '../rating-context.js';
import { usageWindow } from '../usage-window.js';
import type { UsageMessage } from './usage-partitions.js';

/** Consecutive messages of a partition, read from the stream after `fromSeq` up to `toSeq`. */
export interface PartitionSlice {
  readonly partition: number;
  /** The offset the partition stood at when these messages were read (0: none rated yet). */
  readonly fromSeq: bigint;
  /** The stream sequence of the last message of the batch. */
  readonly toSeq: bigint;
  readonly messages: readonly UsageMessage[];
}

/** Another worker moved the partition's offset: this one no longer owns it and must stop. */
export class PartitionTaken extends Error {
  constructor(
    readonly partition: number,
    fromSeq: bigint,
  ) {
    super(`partition ${partition} moved past ${fromSeq} elsewhere`);
  }
}

export async function readStreamOffset(db: Db, partition: number): Promise<bigint> {
  const { rows } = await sql<{ stream_seq: bigint | string }>`select stream_seq from stream_offsets where partition = ${partition}`.execute(db);
  return rows[0] ? BigInt(rows[0].stream_seq) : 0n;
}

/** Moves the offset from `fromSeq` to `toSeq`, or throws PartitionTaken if it no longer stands at `fromSeq`. */
async function moveOffset(tx: Db, slice: PartitionSlice): Promise<void> {
  const { rows } = await sql<{ partition: number }>`insert into stream_offsets (partition, stream_seq) values (${slice.partition}, ${slice.toSeq})
    on conflict (partition) do update set stream_seq = excluded.stream_seq
    where stream_offsets.stream_seq = ${slice.fromSeq} returning partition`.execute(tx);
  if (rows.length === 0) throw new PartitionTaken(slice.partition, slice.fromSeq);
}

/** Messages in a row of one source: rating takes one source at a time. */
function runsBySource(messages: readonly UsageMessage[]): SourceRun[] {
  const runs: { source: string; items: IncomingUsage[] }[] = [];
  for (const message of messages) {
    let run = runs[runs.length - 1];
    if (run?.source !== message.source) runs.push((run = { source: message.source, items: [] }));
    for (const raw of message.rows) run.items.push({ raw, ref: run.items.length });
  }
  return runs.filter((run) => run.items.length > 0);
}

/**
 * Rates the slices' events, each partition's in stream order (partitions share no account), and
 * stores each partition's new offset, all in one transaction: rated or not at all, and never twice
 * (the unique event key guards replays too).
 */
export async function rateStreamBatch(store: Store, slices: readonly PartitionSlice[], ctx: RatingContext, nowMs: number, retentionMonths: number): Promise<UsageResult[]> {
  const runs = runsBySource(slices.flatMap((slice) => slice.messages));
  const moveOffsets = async (tx: Db) => {
    for (const slice of slices) await moveOffset(tx, slice);
  };
  return (await rateSourceRuns(store, runs, nowMs, usageWindow(nowMs, retentionMonths), ctx, moveOffsets)).flat();
}
