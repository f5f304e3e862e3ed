import type { BucketState } from '../domain/rating.js';
import { USAGE_KINDS } from '../domain/units.js';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** The end of a chain of slots (see `addAll`). */
export const NO_SLOT = -1;

/**
 * The buckets an import's rating context holds across batches, column by column. As objects they
 * were ~250 bytes each (Node 20 has no pointer compression: a 104-byte object, its three
 * timestamps boxed, its bigint, its slot in a list); here a bucket is its purchase id string plus
 * ~90 bytes of columns, and changing one allocates nothing the collector must trace. A line's
 * buckets are a chain of slots (`addAll`): the line holds the first, not a list. A batch reads the
 * buckets it rates as objects (`readAll`), changes those, and stores them back (`writeAll`) before
 * the next batch.
 */
export class BucketSlots {
  /**
   * Ids other than the one a purchase gives its buckets, `purchaseId:kind` (see purchase-plan.ts):
   * that one is not held twice.
   */
  private otherIds = new Map<number, string>();
  private purchaseIds: string[] = [];
  /** Index in USAGE_KINDS. */
  private kinds = new Uint8Array(0);
  /** Index in `coverageSets`: buckets of one plan share one set (see usage-store.ts). */
  private coverages = new Int32Array(0);
  private coverageSets: ReadonlySet<string>[] = [];
  private coverageIndex = new Map<ReadonlySet<string>, number>();
  private validityDays = new Int32Array(0);
  private purchasedAt = new Float64Array(0);
  /** NaN for null (a timestamp is never NaN). */
  private validFrom = new Float64Array(0);
  private validTo = new Float64Array(0);
  private usedUpAt = new Float64Array(0);
  private remaining = new BigInt64Array(0);
  /** The next slot of the same line, or NO_SLOT. */
  private next = new Int32Array(0);
  private freeSlots: number[] = [];
  private lastPurchaseId = '';
  private used = 0;

  /** Buckets held. */
  get size(): number {
    return this.used - this.freeSlots.length;
  }

  clear(): void {
    this.otherIds.clear();
    this.purchaseIds = [];
    this.coverageSets = [];
    this.coverageIndex.clear();
    this.freeSlots = [];
    this.used = 0;
  }

  /** Holds a bucket; its slot number names it from then on. */
  add(b: BucketState): number {
    const slot = this.freeSlots.pop() ?? this.nextSlot();
    // The buckets of one purchase come one after the other: they share one purchase id string.
    if (b.purchaseId !== this.lastPurchaseId) this.lastPurchaseId = b.purchaseId;
    if (isPurchaseBucketId(b.id, b.purchaseId, b.kind)) this.otherIds.delete(slot);
    else this.otherIds.set(slot, b.id);
    this.purchaseIds[slot] = this.lastPurchaseId;
    this.next[slot] = NO_SLOT;
    const kind = USAGE_KINDS.indexOf(b.kind);
    if (kind < 0) throw new RangeError(`bucket ${b.id}: kind "${b.kind}" is not data, voice or sms`);
    this.kinds[slot] = kind;
    this.coverages[slot] = this.coverageNumber(b.coverage);
    this.validityDays[slot] = b.validityDays;
    this.purchasedAt[slot] = b.purchasedAtMs;
    // Checked once here: rating only ever takes units away, down to zero.
    if (b.remaining > INT64_MAX || b.remaining < INT64_MIN) throw new RangeError(`bucket ${b.id}: ${b.remaining} units do not fit in 64 bits`);
    this.write(slot, b);
    return slot;
  }

  /** The bucket in `slot` as a fresh object: the rating rules change it, `write` keeps the change. */
  read(slot: number): BucketState {
    const kind = USAGE_KINDS[this.kinds[slot]!]!;
    return {
      id: this.otherIds.get(slot) ?? `${this.purchaseIds[slot]!}:${kind}`,
      purchaseId: this.purchaseIds[slot]!,
      purchasedAtMs: this.purchasedAt[slot]!,
      kind,
      coverage: this.coverageSets[this.coverages[slot]!]!,
      validityDays: this.validityDays[slot]!,
      remaining: this.remaining[slot]!,
      validFromMs: orNull(this.validFrom[slot]!),
      validToMs: orNull(this.validTo[slot]!),
      usedUpAtMs: orNull(this.usedUpAt[slot]!),
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
    this.otherIds.delete(slot);
    this.purchaseIds[slot] = '';
    this.freeSlots.push(slot);
  }

  /** Holds a line's buckets as a chain, in their order; its first slot, or NO_SLOT for none. */
  addAll(buckets: readonly BucketState[]): number {
    let first = NO_SLOT;
    let last = NO_SLOT;
    for (const b of buckets) {
      const slot = this.add(b);
      if (last === NO_SLOT) first = slot;
      else this.next[last] = slot;
      last = slot;
    }
    return first;
  }

  /** The chain's buckets as fresh objects, in order (see `read`). */
  readAll(first: number): BucketState[] {
    let n = 0;
    for (let s = first; s !== NO_SLOT; s = this.next[s]!) n++;
    const buckets = new Array<BucketState>(n);
    for (let s = first, i = 0; s !== NO_SLOT; s = this.next[s]!) buckets[i++] = this.read(s);
    return buckets;
  }

  /** Stores back what rating changed of the chain's buckets, as `readAll` gave them. */
  writeAll(first: number, buckets: readonly BucketState[]): void {
    for (let s = first, i = 0; s !== NO_SLOT; s = this.next[s]!) this.write(s, buckets[i++]!);
  }

  releaseAll(first: number): void {
    for (let s = first; s !== NO_SLOT;) {
      const following = this.next[s]!;
      this.release(s);
      s = following;
    }
  }

  private coverageNumber(coverage: ReadonlySet<string>): number {
    let n = this.coverageIndex.get(coverage);
    if (n === undefined) {
      n = this.coverageSets.push(coverage) - 1;
      this.coverageIndex.set(coverage, n);
    }
    return n;
  }

  private nextSlot(): number {
    if (this.used === this.remaining.length) this.grow(Math.max(1024, this.used * 2));
    return this.used++;
  }

  private grow(capacity: number): void {
    const widen = <T extends Uint8Array | Int32Array | Float64Array | BigInt64Array>(old: T, make: (n: number) => T): T => {
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
    this.next = widen(this.next, (n) => new Int32Array(n));
    this.kinds = widen(this.kinds, (n) => new Uint8Array(n));
    this.coverages = widen(this.coverages, (n) => new Int32Array(n));
  }
}

/** `id` is `purchaseId:kind`, checked without building that string. */
function isPurchaseBucketId(id: string, purchaseId: string, kind: string): boolean {
  return id.length === purchaseId.length + 1 + kind.length && id.startsWith(purchaseId) && id.charCodeAt(purchaseId.length) === 58 && id.endsWith(kind);
}

function orNull(ms: number): number | null {
  return Number.isNaN(ms) ? null : ms;
}
