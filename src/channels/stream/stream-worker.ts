import type { RaterDeps } from './partition-rater.js';
import { PartitionRater } from './partition-rater.js';
import { PartitionLeases } from './partition-leases.js';
import { PARTITIONS } from '../../services/stream/usage-partitions.js';

export interface StreamWorkerOptions extends RaterDeps {
  databaseUrl: string;
  /** How often the worker looks for free partitions and for more workers to share with. */
  rescanMs: number;
  /** The lock connection died: the process must stop writing (the CLI exits). */
  onLeasesLost(why: string): void;
}

/**
 * A rating worker: holds its fair share of the partitions (ceil(partitions / workers)), takes
 * free ones as they appear (a worker died) and gives some up when more workers join.
 */
export class StreamWorker {
  private readonly raters = new Map<number, PartitionRater>();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> = Promise.resolve();
  private stopped = false;

  private constructor(private readonly leases: PartitionLeases, private readonly options: StreamWorkerOptions) {}

  static async start(options: StreamWorkerOptions): Promise<StreamWorker> {
    const leases = await PartitionLeases.open(options.databaseUrl, options.onLeasesLost);
    const worker = new StreamWorker(leases, options);
    await worker.rescan();
    worker.timer = setInterval(() => { worker.scanning = worker.scanning.then(() => worker.rescan()); }, options.rescanMs);
    return worker;
  }

  get held(): number[] {
    return [...this.raters.keys()].sort((a, b) => a - b);
  }

  private async rescan(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const [p, rater] of this.raters) if (rater.lost) await this.giveUp(p);
      const fair = Math.ceil(PARTITIONS / await this.leases.members());
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
    for (let i = 0; i < PARTITIONS && this.raters.size < fair && !this.stopped; i++) {
      const p = (start + i) % PARTITIONS;
      if (this.raters.has(p) || !await this.leases.tryTake(p)) continue;
      const rater = new PartitionRater(p, this.options);
      this.raters.set(p, rater);
      rater.start();
      taken.push(p);
    }
    if (taken.length > 0) this.options.log(`took partitions ${taken.sort((a, b) => a - b).join(',')} (holding ${this.raters.size}, fair share ${fair})`);
  }

  private async giveUp(partition: number): Promise<void> {
    const rater = this.raters.get(partition);
    this.raters.delete(partition);
    await rater?.stop();
    await this.leases.release(partition);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.scanning;
    await Promise.all([...this.raters.values()].map((r) => r.stop()));
    this.raters.clear();
    await this.leases.close();
  }
}
