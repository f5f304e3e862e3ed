import type { ConsumerMessages, JetStreamClient } from '@nats-io/jetstream';
import type { Db } from '../../store/open-store.js';
import { readStreamOffset, type PartitionSlice } from '../../services/stream/rate-stream-batch.js';
import { USAGE_STREAM, decodeUsageMessage, partitionSubject, type UsageMessage } from '../../services/stream/usage-partitions.js';
import { retryWhileElecting } from './nats-usage-stream.js';

interface Read {
  seq: bigint;
  message: UsageMessage | undefined;
}

/** Messages read ahead of rating before reading pauses. */
const MAX_QUEUED = 400;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads one partition while this worker holds it: an ordered consumer from the offset stored in
 * PostgreSQL. The worker takes slices of what was read, rates them and reports the commit.
 */
export class PartitionReader {
  private messages: ConsumerMessages | undefined;
  private readonly queue: Read[] = [];
  private stopping = false;
  /** The stream sequence the partition is committed up to. */
  private offset = 0n;
  /** Set once the partition turned out to be another worker's (its offset moved elsewhere). */
  lost = false;

  constructor(
    readonly partition: number,
    private readonly js: JetStreamClient,
    private readonly onRead: () => void,
    private readonly log: (line: string) => void,
  ) {}

  start(db: Db): void {
    this.run(db).catch((error: Error) => {
      this.lost = true;
      this.log(`partition ${this.partition}: reading stopped: ${error.message}`);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.messages?.close().catch(() => undefined);
  }

  /** The next messages, up to `maxEvents` (at least one message), from the committed offset on. */
  take(maxEvents: number): PartitionSlice | undefined {
    if (this.queue.length === 0 || this.lost) return undefined;
    const messages: UsageMessage[] = [];
    let events = 0;
    let toSeq = this.offset;
    while (this.queue.length > 0 && (events === 0 || events + (this.queue[0]!.message?.rows.length ?? 0) <= maxEvents)) {
      const read = this.queue.shift()!;
      toSeq = read.seq;
      if (read.message) {
        messages.push(read.message);
        events += read.message.rows.length;
      }
    }
    return { partition: this.partition, fromSeq: this.offset, toSeq, messages };
  }

  committed(slice: PartitionSlice): void {
    this.offset = slice.toSeq;
  }

  private async run(db: Db): Promise<void> {
    this.offset = await readStreamOffset(db, this.partition);
    const consumer = await retryWhileElecting(`reading partition ${this.partition}`, () =>
      this.js.consumers.get(USAGE_STREAM, { filter_subjects: partitionSubject(this.partition), opt_start_seq: Number(this.offset) + 1 }),
    );
    if (this.stopping) return;
    this.messages = await consumer.consume({ max_messages: 200 });
    if (this.stopping) await this.messages.close();
    for await (const m of this.messages) {
      let message: UsageMessage | undefined;
      try {
        message = decodeUsageMessage(m.string());
      } catch (error) {
        this.log(`partition ${this.partition}: message ${m.seq} skipped: not a usage message (${(error as Error).message})`);
      }
      this.queue.push({ seq: BigInt(m.seq), message });
      this.onRead();
      while (this.queue.length > MAX_QUEUED && !this.stopping) await sleep(5);
    }
  }
}
