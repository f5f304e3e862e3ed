import type { BucketState } from '../domain/rating.js';
import type { UsageKind } from '../domain/units.js';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/**
 * The buckets an import's rating context holds across batches, column by column. As objects they
 * were ~250 bytes each (Node 20 has no pointer compression: a 104-byte object, its three
 * timestamps boxed, its bigint, its slot in a list); here a bucket is its id and purchase id
 * strings plus ~80 bytes of columns, and changing one allocates nothing the collector must trace.
 * A batch reads the buckets it rates as objects (`read`), changes those, and stores them back
 * (`write`) before the next batch.
 */
export class BucketSlots {
  private ids: string[] = [];
  private purchaseIds: string[] = [];
  private kinds: UsageKind[] = [];
  private coverages: ReadonlySet<string>[] = [];
  private validityDays = new Int32Array(0);
  private purchasedAt = new Float64Array(0);
  /** NaN for null (a timestamp is never NaN). */
  private validFrom = new Float64Array(0);
  private validTo = new Float64Array(0);
  private usedUpAt = new Float64Array(0);
  private remaining = new BigInt64Array(0);
  private freeSlots: number[] = [];
  private lastPurchaseId = '';
  private used = 0;

  /** Buckets held. */
  get size(): number {
    return this.used - this.freeSlots.length;
  }

  clear(): void {
    this.ids = []; this.purchaseIds = []; this.kinds = []; this.coverages = []; this.freeSlots = [];
    this.used = 0;
  }

  /** Holds a bucket; its slot number names it from then on. */
  add(b: BucketState): number {
    const slot = this.freeSlots.pop() ?? this.nextSlot();
    this.ids[slot] = b.id;
    // The buckets of one purchase come one after the other: they share one purchase id string.
    if (b.purchaseId !== this.lastPurchaseId) this.lastPurchaseId = b.purchaseId;
    this.purchaseIds[slot] = this.lastPurchaseId;
    this.kinds[slot] = b.kind;
    this.coverages[slot] = b.coverage;
    this.validityDays[slot] = b.validityDays;
    this.purchasedAt[slot] = b.purchasedAtMs;
    // Checked once here: rating only ever takes units away, down to zero.
    if (b.remaining > INT64_MAX || b.remaining < INT64_MIN) throw new RangeError(`bucket ${b.id}: ${b.remaining} units do not fit in 64 bits`);
    this.write(slot, b);
    return slot;
  }

  /** The bucket in `slot` as a fresh object: the rating rules change it, `write` keeps the change. */
  read(slot: number): BucketState {
    return {
      id: this.ids[slot]!, purchaseId: this.purchaseIds[slot]!, purchasedAtMs: this.purchasedAt[slot]!,
      kind: this.kinds[slot]!, coverage: this.coverages[slot]!, validityDays: this.validityDays[slot]!,
      remaining: this.remaining[slot]!,
      validFromMs: orNull(this.validFrom[slot]!), validToMs: orNull(this.validTo[slot]!), usedUpAtMs: orNull(this.usedUpAt[slot]!),
    };
  }

  /** Stores what rating changes of a bucket: its remaining units and its validity. */
  write(slot: number, b: BucketState): void {
    this.remaining[slot] = b.remaining;
    this.validFrom[slot] = b.validFromMs ?? NaN;
    this.validTo[slot] = b.validToMs ?? NaN;
    this.usedUpAt[slot] = b.usedUpAtMs ?? NaN;
  }

  release(slot: number): void {
    // The strings go with the slot; the numbers are overwritten by the next `add`.
    this.ids[slot] = ''; this.purchaseIds[slot] = '';
    this.freeSlots.push(slot);
  }

  private nextSlot(): number {
    if (this.used === this.remaining.length) this.grow(Math.max(1024, this.used * 2));
    return this.used++;
  }

  private grow(capacity: number): void {
    const widen = <T extends Int32Array | Float64Array | BigInt64Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old as never);
      return next;
    };
    this.validityDays = widen(this.validityDays, (n) => new Int32Array(n));
    this.purchasedAt = widen(this.purchasedAt, (n) => new Float64Array(n));
    this.validFrom = widen(this.validFrom, (n) => new Float64Array(n));
    this.validTo = widen(this.validTo, (n) => new Float64Array(n));
    this.usedUpAt = widen(this.usedUpAt, (n) => new Float64Array(n));
    this.remaining = widen(this.remaining, (n) => new BigInt64Array(n));
  }
}

function orNull(ms: number): number | null {
  return Number.isNaN(ms) ? null : ms;
}
