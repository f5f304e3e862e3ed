import { describe, expect, it } from 'vitest';
import type { BucketState } from '../domain/rating.js';
import { BucketSlots } from './bucket-slots.js';

const bucket = (n: number, over: Partial<BucketState> = {}): BucketState => ({
  id: `p${n}:data`,
  purchaseId: `p${n}`,
  purchasedAtMs: 1_790_000_000_000 + n,
  kind: 'data',
  coverage: new Set(['HK']),
  validityDays: 30,
  remaining: 5_000_000_000n + BigInt(n),
  validFromMs: null,
  validToMs: null,
  usedUpAtMs: null,
  ...over,
});

describe('bucket slots', () => {
  it('reads back what it was given, nulls and 64-bit counts included', () => {
    const slots = new BucketSlots();
    const started = bucket(1, { validFromMs: 1_790_000_000_001, validToMs: 1_792_592_000_001, remaining: 0n, usedUpAtMs: 1_790_100_000_000 });
    const a = slots.add(bucket(0));
    const b = slots.add(started);
    expect(slots.read(a)).toEqual(bucket(0));
    expect(slots.read(b)).toEqual(started);
    expect(slots.read(b).coverage).toBe(started.coverage);
  });

  it('keeps what rating changed once written back, and nothing before', () => {
    const slots = new BucketSlots();
    const slot = slots.add(bucket(7));
    const open = slots.read(slot);
    open.remaining -= 1_000n;
    open.validFromMs = 1_790_000_000_000;
    open.validToMs = 1_792_592_000_000;
    expect(slots.read(slot).remaining).toBe(5_000_000_007n);
    slots.write(slot, open);
    expect(slots.read(slot)).toEqual(open);
  });

  it('reuses released slots and grows past its first capacity without losing any', () => {
    const slots = new BucketSlots();
    const held = Array.from({ length: 3_000 }, (_, n) => slots.add(bucket(n)));
    for (const slot of held.slice(0, 1_000)) slots.release(slot);
    expect(slots.size).toBe(2_000);
    const again = slots.add(bucket(9_999));
    expect(held.slice(0, 1_000)).toContain(again);
    expect(slots.read(again)).toEqual(bucket(9_999));
    for (let n = 1_000; n < 3_000; n++) expect(slots.read(held[n]!).remaining).toBe(5_000_000_000n + BigInt(n));
  });

  it('refuses a count that does not fit in 64 bits instead of wrapping it', () => {
    const slots = new BucketSlots();
    expect(() => slots.add(bucket(1, { remaining: 1n << 63n }))).toThrow(/p1:data: 9223372036854775808 units do not fit in 64 bits/);
  });

  it("keeps an id that is not the purchase's own `purchaseId:kind` as given", () => {
    const slots = new BucketSlots();
    const odd = [bucket(1, { id: 'bkt-77' }), bucket(2, { id: 'p2:voice' }), bucket(3, { id: 'p3:data2' }), bucket(4, { id: 'xp4:data' })];
    for (const b of odd) expect(slots.read(slots.add(b)).id).toBe(b.id);
    expect(slots.read(slots.add(bucket(5))).id).toBe('p5:data');
  });

  it("holds a line's buckets as a chain, in order, through release and reuse of slots", () => {
    const slots = new BucketSlots();
    expect(slots.readAll(slots.addAll([]))).toEqual([]);
    const first = slots.addAll([bucket(1), bucket(2), bucket(3)]);
    const other = slots.addAll([bucket(4)]);
    slots.releaseAll(first);
    expect(slots.size).toBe(1);
    // The freed slots come back in another order: the chain, not the slot numbers, keeps the order.
    const again = slots.addAll([bucket(5), bucket(6), bucket(7), bucket(8)]);
    expect(slots.readAll(again).map((b) => b.id)).toEqual(['p5:data', 'p6:data', 'p7:data', 'p8:data']);
    const open = slots.readAll(again);
    open[2]!.remaining = 0n;
    slots.writeAll(again, open);
    expect(slots.readAll(again).map((b) => b.remaining)).toEqual([5_000_000_005n, 5_000_000_006n, 0n, 5_000_000_008n]);
    expect(slots.readAll(other)).toEqual([bucket(4)]);
  });
});
