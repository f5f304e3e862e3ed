import type { ConsumerMessages, JetStreamClient } from '@nats-io/jetstream';
import type { Store } from '../../store/open-store.js';
import { RatingContext } from '../../services/rating-context.js';
import { PartitionTaken, rateStreamBatch, readStreamOffset, type StreamBatch } from '../../services/stream/rate-stream-batch.js';
import { USAGE_STREAM, decodeUsageMessage, partitionSubject, type UsageMessage } from '../../services/stream/usage-partitions.js';
import { retryWhileElecting } from './nats-usage-stream.js';

export interface RaterDeps {
  store: Store;
  js: JetStreamClient;
  retentionMonths: number;
  /** Events per rating transaction, at most (a message is never split). */
  maxBatchEvents: number;
  /** Runs right after each commit, before the rater moves on (the test's kill hook lives here). */
  onCommitted?(batch: StreamBatch, events: number): void;
  log(line: string): void;
}

interface Read { seq: bigint; message: UsageMessage | undefined }

/** Messages read ahead of rating before reading pauses. */
const MAX_QUEUED = 400;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Rates one partition while this worker holds it: reads with an ordered consumer from the offset
 * stored in PostgreSQL and commits each batch's events together with the new offset.
 */
export class PartitionRater {
  private messages: ConsumerMessages | undefined;
  private readonly queue: Read[] = [];
  private wake: (() => void) | undefined;
  private stopping = false;
  private done: Promise<void> = Promise.resolve();
  /** Set once the rater stopped by itself (another worker moved the offset). */
  lost = false;

  constructor(readonly partition: number, private readonly deps: RaterDeps) {}

  start(): void {
    this.done = this.run().catch((error: Error) => {
      this.lost = true;
      this.deps.log(`partition ${this.partition}: stopped: ${error.message}`);
    });
  }

  /** Stops reading, lets a batch being committed finish, and returns once nothing more is written. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.signal();
    await this.messages?.close().catch(() => undefined);
    await this.done;
  }

  private signal(): void {
    this.wake?.();
    this.wake = undefined;
  }

  private async run(): Promise<void> {
    let offset = await readStreamOffset(this.deps.store.db, this.partition);
    const consumer = await retryWhileElecting(`reading partition ${this.partition}`, () =>
      this.deps.js.consumers.get(USAGE_STREAM, { filter_subjects: partitionSubject(this.partition), opt_start_seq: Number(offset) + 1 }));
    if (this.stopping) return;
    this.messages = await consumer.consume({ max_messages: 200 });
    void this.read(this.messages);
    const ctx = new RatingContext();
    while (!this.stopping) {
      if (this.queue.length === 0) { await new Promise<void>((resolve) => { this.wake = resolve; }); continue; }
      const batch = this.take(offset);
      await this.commit(batch, ctx);
      offset = batch.toSeq;
    }
    await this.messages.close().catch(() => undefined);
  }

  private async read(messages: ConsumerMessages): Promise<void> {
    for await (const m of messages) {
      let message: UsageMessage | undefined;
      try {
        message = decodeUsageMessage(m.string());
      } catch (error) {
        this.deps.log(`partition ${this.partition}: message ${m.seq} skipped: not a usage message (${(error as Error).message})`);
      }
      this.queue.push({ seq: BigInt(m.seq), message });
      this.signal();
      while (this.queue.length > MAX_QUEUED && !this.stopping) await sleep(5);
    }
  }

  private take(fromSeq: bigint): StreamBatch {
    const messages: UsageMessage[] = [];
    let events = 0;
    let toSeq = fromSeq;
    while (this.queue.length > 0 && (events === 0 || events + (this.queue[0]!.message?.rows.length ?? 0) <= this.deps.maxBatchEvents)) {
      const read = this.queue.shift()!;
      toSeq = read.seq;
      if (read.message) { messages.push(read.message); events += read.message.rows.length; }
    }
    return { partition: this.partition, fromSeq, toSeq, messages };
  }

  /** Commits the batch, retrying while the database is unreachable; gives up if the partition moved elsewhere. */
  private async commit(batch: StreamBatch, ctx: RatingContext): Promise<void> {
    const events = batch.messages.reduce((n, m) => n + m.rows.length, 0);
    for (let wait = 100; ; wait = Math.min(wait * 2, 5_000)) {
      try {
        await rateStreamBatch(this.deps.store, batch, ctx, Date.now(), this.deps.retentionMonths);
        this.deps.onCommitted?.(batch, events);
        return;
      } catch (error) {
        if (error instanceof PartitionTaken) throw error;
        this.deps.log(`partition ${this.partition}: batch up to ${batch.toSeq} not committed, retrying: ${(error as Error).message}`);
        await sleep(wait);
      }
    }
  }
}
