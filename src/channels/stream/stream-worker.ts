import type { JetStreamClient } from '@nats-io/jetstream';
import type { Store } from '../../store/open-store.js';
import { RatingContext } from '../../services/rating-context.js';
import { PartitionTaken, rateStreamBatch, type PartitionSlice } from '../../services/stream/rate-stream-batch.js';
import { PARTITIONS } from '../../services/stream/usage-partitions.js';
import { PartitionLeases } from './partition-leases.js';
import { PartitionReader } from './partition-reader.js';

export interface StreamWorkerOptions {
  databaseUrl: string;
  store: Store;
  js: JetStreamClient;
  retentionMonths: number;
  /** Events per rating transaction, at most (a message is never split). */
  maxBatchEvents: number;
  /** How often the worker looks for free partitions and for more workers to share with. */
  rescanMs: number;
  /** Runs right after each commit, before the worker moves on (the test's kill hook lives here). */
  onCommitted?(slices: readonly PartitionSlice[]): void;
  /** The lock connection died: the process must stop writing (the CLI exits). */
  onLeasesLost(why: string): void;
  log(line: string): void;
}

/** Lines a worker's rating context keeps between batches (~0.5 KB each with their buckets). */
const HELD_LINES = 200_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A rating worker: holds its fair share of the partitions (ceil(partitions / workers)), takes
 * free ones as they appear (a worker died) and gives some up when more workers join. One loop
 * rates what its partitions have read, all of them in one transaction at a time: the ledger's
 * commits are serial anyway, and one rating context stays valid across this worker's batches.
 */
export class StreamWorker {
  private readonly readers = new Map<number, PartitionReader>();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> = Promise.resolve();
  private rating: Promise<void> = Promise.resolve();
  private committing: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private stopped = false;
  private readonly ctx = new RatingContext();

  private constructor(
    private readonly leases: PartitionLeases,
    private readonly options: StreamWorkerOptions,
  ) {}

  static async start(options: StreamWorkerOptions): Promise<StreamWorker> {
    const leases = await PartitionLeases.open(options.databaseUrl, options.onLeasesLost);
    const worker = new StreamWorker(leases, options);
    await worker.rescan();
    worker.timer = setInterval(() => {
      worker.scanning = worker.scanning.then(() => worker.rescan());
    }, options.rescanMs);
    worker.rating = worker.rateLoop();
    return worker;
  }

  get held(): number[] {
    return [...this.readers.keys()].sort((a, b) => a - b);
  }

  private async rescan(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const [p, reader] of this.readers) if (reader.lost) await this.giveUp(p);
      const fair = Math.ceil(PARTITIONS / (await this.leases.members()));
      const surplus = this.held.slice(fair);
      for (const p of surplus) await this.giveUp(p);
      if (surplus.length > 0) this.options.log(`gave up partitions ${surplus.join(',')} (fair share ${fair})`);
      await this.takeFree(fair);
    } catch (error) {
      this.options.log(`rescan failed: ${(error as Error).message}`);
    }
  }

  /** Tries the partitions from a random one on, so workers starting together do not all race for the same. */
  private async takeFree(fair: number): Promise<void> {
    const taken: number[] = [];
    const start = Math.floor(Math.random() * PARTITIONS);
    for (let i = 0; i < PARTITIONS && this.readers.size < fair && !this.stopped; i++) {
      const p = (start + i) % PARTITIONS;
      if (this.readers.has(p) || !(await this.leases.tryTake(p))) continue;
      const reader = new PartitionReader(p, this.options.js, () => this.signal(), this.options.log);
      this.readers.set(p, reader);
      reader.start(this.options.store.db);
      taken.push(p);
    }
    if (taken.length > 0) this.options.log(`took partitions ${taken.sort((a, b) => a - b).join(',')} (holding ${this.readers.size}, fair share ${fair})`);
  }

  /** Stops reading the partition, lets a commit that holds its messages finish, then frees it. */
  private async giveUp(partition: number): Promise<void> {
    const reader = this.readers.get(partition);
    this.readers.delete(partition);
    await reader?.stop();
    await this.committing;
    await this.leases.release(partition);
  }

  private signal(): void {
    this.wake?.();
    this.wake = undefined;
  }

  private takeSlices(): PartitionSlice[] {
    const slices: PartitionSlice[] = [];
    let events = 0;
    for (const reader of this.readers.values()) {
      if (events >= this.options.maxBatchEvents) break;
      const slice = reader.take(this.options.maxBatchEvents - events);
      if (!slice) continue;
      slices.push(slice);
      events += slice.messages.reduce((n, m) => n + m.rows.length, 0);
    }
    return slices;
  }

  private async rateLoop(): Promise<void> {
    while (!this.stopped) {
      const slices = this.takeSlices();
      if (slices.length === 0) {
        await Promise.race([
          new Promise<void>((resolve) => {
            this.wake = resolve;
          }),
          sleep(200),
        ]);
        continue;
      }
      this.committing = this.commit(slices);
      await this.committing;
    }
  }

  /** Commits the slices, retrying while the database fails; a partition found taken is dropped from them. */
  private async commit(slices: PartitionSlice[]): Promise<void> {
    for (let wait = 100; slices.length > 0; wait = Math.min(wait * 2, 5_000)) {
      try {
        await rateStreamBatch(this.options.store, slices, this.ctx, Date.now(), this.options.retentionMonths);
        for (const slice of slices) this.readers.get(slice.partition)?.committed(slice);
        this.ctx.landed(this.ctx.currentBatch, HELD_LINES);
        this.options.onCommitted?.(slices);
        return;
      } catch (error) {
        if (error instanceof PartitionTaken) {
          const reader = this.readers.get(error.partition);
          if (reader) reader.lost = true;
          slices = slices.filter((s) => s.partition !== error.partition);
          continue;
        }
        this.options.log(`batch not committed, retrying: ${(error as Error).message}`);
        await sleep(wait);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.signal();
    await this.scanning;
    await this.rating;
    await Promise.all([...this.readers.values()].map((r) => r.stop()));
    this.readers.clear();
    await this.leases.close();
  }
}
