import type { JetStreamClient } from '@nats-io/jetstream';
import type { RawUsageRow } from '../../domain/usage-event.js';
import type { UsageRouter } from '../../services/stream/usage-router.js';
import { PARTITIONS, encodeUsageMessage, partitionSubject, usageMessageId, type UsageMessage } from '../../services/stream/usage-partitions.js';
import { publishUntilAcked } from './nats-usage-stream.js';

export interface PublisherOptions {
  /** Rows per message: tens, so a 3-node cluster is not capped by messages per second. */
  eventsPerMessage?: number;
  /** Messages awaiting their acknowledgement, all partitions together, before `add` waits. */
  maxPending?: number;
  /** Hears of each acknowledged message (benchmarks time them). */
  onAcked?(message: UsageMessage, partition: number): void;
}

export interface PublishSummary {
  events: number;
  messages: number;
  duplicates: number;
  retries: number;
}

/**
 * Publishes usage rows to their account's partition, tens of rows per message. Within a partition
 * a message is published only once the one before it is acknowledged, so the stream keeps each
 * partition's rows in the order they were added; partitions go in parallel.
 */
export class UsagePublisher {
  private readonly buffers: RawUsageRow[][] = Array.from({ length: PARTITIONS }, () => []);
  private readonly sources: (string | undefined)[] = new Array(PARTITIONS);
  private readonly tails: Promise<void>[] = Array.from({ length: PARTITIONS }, () => Promise.resolve());
  private readonly perMessage: number;
  private readonly maxPending: number;
  private pending = 0;
  private drained: (() => void) | undefined;
  private failure: Error | undefined;
  readonly summary: PublishSummary = { events: 0, messages: 0, duplicates: 0, retries: 0 };

  constructor(
    private readonly js: JetStreamClient,
    private readonly router: UsageRouter,
    private readonly options: PublisherOptions = {},
  ) {
    this.perMessage = options.eventsPerMessage ?? 50;
    this.maxPending = options.maxPending ?? 256;
  }

  /** Adds rows of one source; waits while too many messages await their acknowledgement. */
  async add(source: string, rows: readonly RawUsageRow[]): Promise<void> {
    const partitions = await this.router.partitionsOf(rows);
    for (let i = 0; i < rows.length; i++) {
      const p = partitions[i]!;
      if (this.sources[p] !== source) this.cut(p);
      this.sources[p] = source;
      this.buffers[p]!.push(rows[i]!);
      if (this.buffers[p]!.length >= this.perMessage) this.cut(p);
    }
    while (this.pending > this.maxPending && this.failure === undefined)
      await new Promise<void>((resolve) => {
        this.drained = resolve;
      });
    if (this.failure) throw this.failure;
  }

  /** Publishes what is buffered and waits for every acknowledgement. */
  async flush(): Promise<PublishSummary> {
    for (let p = 0; p < PARTITIONS; p++) this.cut(p);
    await Promise.all(this.tails);
    if (this.failure) throw this.failure;
    return this.summary;
  }

  private cut(partition: number): void {
    const rows = this.buffers[partition]!;
    const source = this.sources[partition];
    if (rows.length === 0 || source === undefined) return;
    this.buffers[partition] = [];
    const message: UsageMessage = { source, rows };
    this.pending++;
    this.tails[partition] = this.tails[partition]!.then(() => this.publish(partition, message));
  }

  private async publish(partition: number, message: UsageMessage): Promise<void> {
    try {
      if (this.failure) return;
      const ack = await publishUntilAcked(this.js, partitionSubject(partition), encodeUsageMessage(message), usageMessageId(partition, message), () => this.summary.retries++);
      this.summary.messages++;
      this.summary.events += message.rows.length;
      if (ack.duplicate) this.summary.duplicates++;
      this.options.onAcked?.(message, partition);
    } catch (error) {
      this.failure ??= error as Error;
    } finally {
      this.pending--;
      if (this.pending <= this.maxPending || this.failure) {
        this.drained?.();
        this.drained = undefined;
      }
    }
  }
}
