import type { Cell } from './bulk.js';
import type { Db, Store } from './open-store.js';
import { encodeTable, transferables, type WireTable } from './batch-wire.js';
import { DRAW_COLUMNS, FRESHNESS_COLUMNS, LEDGER_COLUMNS, RECORD_COLUMNS, SUSPENSE_COLUMNS } from './rated-batch.js';
import type { BatchWriter, FlatTable, SentJob, UsageLedger, WriteAck, WriteJob, WriterReply } from './usage-ledger-port.js';
import { readWriteGeneration } from './write-generation.js';

export type { BatchWriter, BatchWriteServer, JobMessage, SentJob, WriteAck, WriteJob, WriterReply } from './usage-ledger-port.js';

class Stale extends Error {}

/**
 * Commits jobs one after the other, in the order given, each starting when the one before has
 * ended; once one is stale (or fails), every later one is answered stale.
 */
export function inOrder(commit: (job: WriteJob) => Promise<WriteAck>): BatchWriter {
  let refused = false;
  let previous: Promise<unknown> = Promise.resolve();
  return {
    write(job) {
      const ack = previous.then(async () => {
        if (refused) return 'stale';
        const answer = await commit(job);
        if (answer === 'stale') refused = true;
        return answer;
      });
      previous = ack.catch(() => {
        refused = true;
      });
      return ack;
    },
    close: async () => {
      await previous;
    },
  };
}

/** Through the store's own write transaction, after checking nobody wrote since the batch was rated. */
export function inlineBatchWriter(store: { writeTransaction: Store['writeTransaction'] }, ledger: Pick<UsageLedger, 'writeRatedBatch'>): BatchWriter {
  return inOrder(async (job) => {
    try {
      await store.writeTransaction(async (tx: Db) => {
        if ((await readWriteGeneration(tx)) !== job.expectedGeneration) throw new Stale();
        await ledger.writeRatedBatch(tx, job.writes, job, job.nowMs);
      });
      return 'written';
    } catch (error) {
      if (!(error instanceof Stale)) throw error;
      return 'stale';
    }
  });
}

/** Cells per row of each flat table of a batch's writes. */
const WIDTHS: Record<FlatTable, number> = {
  records: RECORD_COLUMNS.length,
  draws: DRAW_COLUMNS.length,
  ledger: LEDGER_COLUMNS.length,
  suspense: SUSPENSE_COLUMNS.length,
  buckets: 5,
  wallets: 2,
  lines: FRESHNESS_COLUMNS.length,
};

/**
 * A batch's rows, column by column (numbers in transferred typed arrays, strings as one text
 * each): far cheaper for both threads than a structured clone or a JSON text, and bigints travel.
 */
export function encodeJob(job: WriteJob, transfer: ArrayBuffer[]): SentJob {
  const { writes, ...rest } = job;
  const tables = {} as Record<FlatTable, WireTable>;
  for (const name of Object.keys(WIDTHS) as FlatTable[]) {
    const rows = writes[name];
    if (Array.isArray(rows)) {
      tables[name] = encodeTable(rows as readonly Cell[], WIDTHS[name], transfer);
    } else {
      tables[name] = rows as WireTable; // gathered in columns already (see TableBuilder)
      transfer.push(...transferables(rows as WireTable));
    }
  }
  return { ...rest, tables, resolvedSuspense: writes.resolvedSuspense, extra: writes.extra };
}

/** A job as the committing thread reads it: its tables still column by column (see rowFiller). */
export function receivedJob(job: SentJob): WriteJob {
  const { tables, resolvedSuspense, extra, ...rest } = job;
  return { ...rest, writes: { ...tables, resolvedSuspense, extra } };
}

/**
 * A writer on the other side of a message channel: `post` sends a job (its column buffers
 * transferred), and each reply, in order, answers the oldest job not answered yet.
 */
export function remoteBatchWriter(post: (job: SentJob, transfer: ArrayBuffer[]) => void, close: () => Promise<void>) {
  const waiting: { resolve: (a: WriteAck) => void; reject: (e: Error) => void }[] = [];
  const writer: BatchWriter = {
    write: (job) =>
      new Promise<WriteAck>((resolve, reject) => {
        waiting.push({ resolve, reject });
        const transfer: ArrayBuffer[] = [];
        post(encodeJob(job, transfer), transfer);
      }),
    close,
  };
  return {
    writer,
    reply(m: WriterReply): void {
      const w = waiting.shift();
      if ('ack' in m) w?.resolve(m.ack);
      else w?.reject(new Error(m.error));
    },
  };
}
