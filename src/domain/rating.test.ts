import { describe, expect, it } from 'vitest';
import type { Tariff } from './catalog.js';
import { applyDraws, compareBucketsForDraw, isEligible, rateEvent, type BucketState, type RatableEvent } from './rating.js';
import type { UsageKind } from './units.js';

// docs/rating-rules.md: every number below is worked out by hand in the comments.
const MIB = 1_048_576n;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 5, 1, 0, 0, 0); // 2025-06-01T00:00Z

function bucket(over: Partial<BucketState> & { id: string }): BucketState {
  return {
    purchaseId: `p-${over.id}`,
    purchasedAtMs: T0 - DAY,
    kind: 'data',
    coverage: new Set(['HK', 'MO']),
    validityDays: 7,
    remaining: 100n * MIB,
    validFromMs: T0 - DAY,
    validToMs: T0 + 6 * DAY,
    ...over,
  };
}

function event(over: Partial<RatableEvent> & { quantity: bigint }): RatableEvent {
  return { kind: 'data', direction: 'out', startedAtMs: T0, country: 'HK', ...over };
}

/** HK has its own voice-out rate; every other field and country falls back to `*`. */
const TARIFF: Tariff = {
  id: 't-hkd',
  currency: 'HKD',
  rates: {
    HK: { voiceOutPerMinMinor: 50n },
    '*': { dataPerMiBMinor: 1000n, voiceOutPerMinMinor: 200n, voiceInPerMinMinor: 30n, smsOutMinor: 80n },
  },
};

function rated(e: RatableEvent, buckets: BucketState[], tariff: Tariff = TARIFF) {
  const outcome = rateEvent(e, buckets, tariff);
  if (!outcome.ok) throw new Error(`expected a rating, got ${outcome.code}`);
  return outcome;
}

describe('rule 1 + 2: first-use validity', () => {
  it('a not-started bucket that gives units starts at t and ends at t + validityDays x 24 h', () => {
    // Purchased T0 - 1 h, 7 days, not started. Event at t1 = T0 + 2 h, 10 MiB in HK.
    const b = bucket({ id: 'fu', validFromMs: null, validToMs: null, purchasedAtMs: T0 - HOUR });
    const t1 = T0 + 2 * HOUR;
    const e1 = event({ startedAtMs: t1, quantity: 10n * MIB });
    const o1 = rated(e1, [b]);
    expect(o1.draws).toEqual([{ bucketId: 'fu', units: 10n * MIB, startsBucket: true }]);
    expect(o1.amountMinor).toBe(0n);
    applyDraws(e1, o1.draws, [b]);
    // validFrom = t1; validTo = t1 + 7 x 86,400,000 = t1 + 604,800,000 ms; remaining 100 - 10 = 90 MiB.
    expect(b.validFromMs).toBe(t1);
    expect(b.validToMs).toBe(t1 + 604_800_000);
    expect(b.remaining).toBe(90n * MIB);

    // One ms before validTo still draws (and does not restart the bucket).
    const e2 = event({ startedAtMs: t1 + 604_800_000 - 1, quantity: 1n });
    expect(rated(e2, [b]).draws).toEqual([{ bucketId: 'fu', units: 1n, startsBucket: false }]);
    // At validTo (t < validTo is false) the bucket no longer draws: 1 MiB goes to the wallet, 1 x 1000.
    const e3 = event({ startedAtMs: t1 + 604_800_000, quantity: MIB });
    const o3 = rated(e3, [b]);
    expect(o3.draws).toEqual([]);
    expect(o3.chargedBlocks).toBe(1n);
    expect(o3.amountMinor).toBe(1000n);
  });

  it('a not-started bucket purchased after t is not eligible', () => {
    // Purchased at T0 + 1 ms, event at T0: the bucket did not exist yet -> 2 MiB to the wallet = 2 x 1000.
    const b = bucket({ id: 'late', validFromMs: null, validToMs: null, purchasedAtMs: T0 + 1 });
    const e = event({ startedAtMs: T0, quantity: 2n * MIB });
    expect(isEligible(b, e)).toBe(false);
    const o = rated(e, [b]);
    expect(o.draws).toEqual([]);
    expect(o.amountMinor).toBe(2000n);
    // Purchased exactly at t: eligible ("at or before t").
    expect(isEligible({ ...b, purchasedAtMs: T0 }, e)).toBe(true);
  });

  it('a started bucket does not draw for an event before its validFrom', () => {
    // validFrom T0, event at T0 - 1 ms (a late, out-of-order event) -> not eligible.
    const b = bucket({ id: 's', validFromMs: T0, validToMs: T0 + 7 * DAY });
    expect(isEligible(b, event({ startedAtMs: T0 - 1, quantity: 1n }))).toBe(false);
    expect(isEligible(b, event({ startedAtMs: T0, quantity: 1n }))).toBe(true);
  });

  it('an empty bucket or a bucket of another kind is not eligible', () => {
    expect(isEligible(bucket({ id: 'e', remaining: 0n }), event({ quantity: 1n }))).toBe(false);
    expect(isEligible(bucket({ id: 'v', kind: 'voice' }), event({ quantity: 1n }))).toBe(false);
  });
});

describe('rule 1: coverage', () => {
  it('an event in a country outside the coverage goes to the wallet', () => {
    // Coverage HK, MO; event in JP, 3 MiB -> no draw; 3 blocks x `*` 1000 = 3000.
    const b = bucket({ id: 'hk' });
    const o = rated(event({ country: 'JP', quantity: 3n * MIB }), [b]);
    expect(o.draws).toEqual([]);
    expect(o.bucketUnits).toBe(0n);
    expect(o.chargedBlocks).toBe(3n);
    expect(o.amountMinor).toBe(3000n);
  });
});

describe('rule 2: bucket order', () => {
  // Started: s10 (validTo T0+10d), s3b and s3a (both validTo T0+3d; s3a purchased earlier).
  // Not started: n5 (purchased T0-5d), n2y and n2x (both purchased T0-2d, purchase ids "p-n2x" < "p-n2y").
  const make = () => [
    bucket({ id: 's10', validToMs: T0 + 10 * DAY, purchasedAtMs: T0 - 9 * DAY, remaining: 1n }),
    bucket({ id: 'n2y', validFromMs: null, validToMs: null, purchasedAtMs: T0 - 2 * DAY, remaining: 1n }),
    bucket({ id: 's3b', validToMs: T0 + 3 * DAY, purchasedAtMs: T0 - 2 * DAY, remaining: 1n }),
    bucket({ id: 'n5', validFromMs: null, validToMs: null, purchasedAtMs: T0 - 5 * DAY, remaining: 1n }),
    bucket({ id: 's3a', validToMs: T0 + 3 * DAY, purchasedAtMs: T0 - 4 * DAY, remaining: 1n }),
    bucket({ id: 'n2x', validFromMs: null, validToMs: null, purchasedAtMs: T0 - 2 * DAY, remaining: 1n }),
  ];

  it('sorts started by validTo ascending, then not-started; ties by purchase time, then purchase id', () => {
    const sorted = make()
      .sort(compareBucketsForDraw)
      .map((b) => b.id);
    expect(sorted).toEqual(['s3a', 's3b', 's10', 'n5', 'n2x', 'n2y']);
  });

  it('ties on validTo and purchase time fall to the purchase id', () => {
    const a = bucket({ id: 'x', purchaseId: 'p-b', validToMs: T0 + DAY, purchasedAtMs: T0 - DAY });
    const b = bucket({ id: 'y', purchaseId: 'p-a', validToMs: T0 + DAY, purchasedAtMs: T0 - DAY });
    expect([a, b].sort(compareBucketsForDraw).map((x) => x.id)).toEqual(['y', 'x']);
  });

  it('draws in that order, one unit from each, until the event is covered', () => {
    // 4 bytes over six 1-byte buckets: s3a, s3b, s10, n5; n2x and n2y are left alone.
    const buckets = make();
    const o = rated(event({ quantity: 4n }), buckets);
    expect(o.draws.map((d) => [d.bucketId, d.units, d.startsBucket])).toEqual([
      ['s3a', 1n, false],
      ['s3b', 1n, false],
      ['s10', 1n, false],
      ['n5', 1n, true],
    ]);
    expect(o.amountMinor).toBe(0n);
  });
});

describe('rule 2 + 3: one event across two buckets and the wallet', () => {
  it('takes min(remaining, left) from each bucket, then charges the rest in MiB blocks', () => {
    // Event 5 MiB = 5,242,880 bytes. a (validTo T0+2d) has 3 MiB = 3,145,728 -> left 2,097,152.
    // b (validTo T0+5d) has 1,000,000 -> left 1,097,152. Wallet: ceil(1,097,152 / 1,048,576) = 2 blocks x 1000 = 2000.
    const a = bucket({ id: 'a', remaining: 3n * MIB, validToMs: T0 + 2 * DAY });
    const b = bucket({ id: 'b', remaining: 1_000_000n, validToMs: T0 + 5 * DAY });
    const e = event({ quantity: 5n * MIB });
    const o = rated(e, [b, a]);
    expect(o.draws.map((d) => [d.bucketId, d.units])).toEqual([
      ['a', 3_145_728n],
      ['b', 1_000_000n],
    ]);
    expect(o.bucketUnits).toBe(4_145_728n);
    expect(o.chargedBlocks).toBe(2n);
    expect(o.amountMinor).toBe(2000n);
    applyDraws(e, o.draws, [a, b]);
    expect(a.remaining).toBe(0n);
    expect(b.remaining).toBe(0n);
  });
});

describe('rule 3: overage rounding per event', () => {
  it('1 byte over a bucket is charged as one whole MiB', () => {
    // Bucket 10 MiB, event 10 MiB + 1 byte -> left 1 byte -> ceil(1 / 1,048,576) = 1 block x 1000.
    const o = rated(event({ quantity: 10n * MIB + 1n }), [bucket({ id: 'b', remaining: 10n * MIB })]);
    expect(o.bucketUnits).toBe(10n * MIB);
    expect(o.chargedBlocks).toBe(1n);
    expect(o.amountMinor).toBe(1000n);
  });

  it('1,048,577 bytes with no bucket are 2 blocks; 1,048,576 bytes are 1', () => {
    expect(rated(event({ quantity: 1_048_577n }), []).chargedBlocks).toBe(2n);
    expect(rated(event({ quantity: 1_048_577n }), []).amountMinor).toBe(2000n);
    expect(rated(event({ quantity: 1_048_576n }), []).chargedBlocks).toBe(1n);
  });

  it('61 s of voice are 2 minutes; 60 s are 1', () => {
    // JP has no own entry -> `*` voice-out 200: 61 s -> ceil(61/60) = 2 x 200 = 400.
    const o = rated(event({ kind: 'voice', country: 'JP', quantity: 61n }), []);
    expect(o.chargedBlocks).toBe(2n);
    expect(o.amountMinor).toBe(400n);
    expect(rated(event({ kind: 'voice', country: 'JP', quantity: 60n }), []).amountMinor).toBe(200n);
  });

  it('takes the voice rate of the country entry, and each missing field from `*`', () => {
    // HK voice-out 50: 61 s -> 2 x 50 = 100. HK data has no own field -> `*` 1000 per MiB.
    expect(rated(event({ kind: 'voice', country: 'HK', quantity: 61n }), []).amountMinor).toBe(100n);
    expect(rated(event({ kind: 'data', country: 'HK', quantity: MIB }), []).amountMinor).toBe(1000n);
  });

  it('rounds per event, not over a sum: two events of 1 byte cost two blocks', () => {
    const one = rated(event({ quantity: 1n }), []).amountMinor;
    expect(one + rated(event({ quantity: 1n }), []).amountMinor).toBe(2000n);
  });
});

describe('rule 1 + 3: direction', () => {
  it('incoming voice is charged whole at voiceInPerMinMinor even with a voice bucket', () => {
    // Voice bucket 600 s covering HK; incoming 90 s -> no draw; ceil(90/60) = 2 x 30 = 60.
    const v = bucket({ id: 'v', kind: 'voice', remaining: 600n });
    const o = rated(event({ kind: 'voice', direction: 'in', quantity: 90n }), [v]);
    expect(o.draws).toEqual([]);
    expect(o.chargedBlocks).toBe(2n);
    expect(o.amountMinor).toBe(60n);
    expect(v.remaining).toBe(600n);
  });

  it('outgoing voice draws the voice bucket first', () => {
    // 700 s out, bucket 600 s -> left 100 s -> ceil(100/60) = 2 x HK 50 = 100.
    const o = rated(event({ kind: 'voice', quantity: 700n }), [bucket({ id: 'v', kind: 'voice', remaining: 600n })]);
    expect(o.draws.map((d) => d.units)).toEqual([600n]);
    expect(o.amountMinor).toBe(100n);
  });

  it('incoming SMS is free, and draws nothing, even with no SMS rate at all', () => {
    const s = bucket({ id: 's', kind: 'sms', remaining: 5n });
    const noSms: Tariff = { id: 't', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 1n } } };
    const o = rated(event({ kind: 'sms', direction: 'in', quantity: 3n }), [s], noSms);
    expect(o.draws).toEqual([]);
    expect(o.chargedBlocks).toBe(0n);
    expect(o.amountMinor).toBe(0n);
  });

  it('outgoing SMS draws the SMS bucket, the rest at smsOutMinor each', () => {
    // Bucket 2 messages, 3 sent -> 2 drawn, 1 x 80 = 80.
    const o = rated(event({ kind: 'sms', quantity: 3n }), [bucket({ id: 's', kind: 'sms', remaining: 2n })]);
    expect(o.draws.map((d) => [d.bucketId, d.units])).toEqual([['s', 2n]]);
    expect(o.chargedBlocks).toBe(1n);
    expect(o.amountMinor).toBe(80n);
  });

  it('data ignores direction: incoming data draws the data bucket', () => {
    const o = rated(event({ kind: 'data', direction: 'in', quantity: 5n }), [bucket({ id: 'd' })]);
    expect(o.draws.map((d) => [d.bucketId, d.units])).toEqual([['d', 5n]]);
    expect(o.amountMinor).toBe(0n);
  });
});

describe('rule 4: no rate', () => {
  const hkOnly: Tariff = { id: 't-hk', currency: 'HKD', rates: { HK: { dataPerMiBMinor: 1000n } } };

  it('no country entry and no `*` for what must be charged -> no_rate, nothing changed', () => {
    // JP, 1 byte over a first-use bucket covering JP: the bucket part must not be taken or started either.
    const b = bucket({ id: 'jp', coverage: new Set(['JP']), validFromMs: null, validToMs: null, remaining: 10n });
    const e = event({ country: 'JP', quantity: 11n });
    expect(rateEvent(e, [b], hkOnly)).toEqual({ ok: false, code: 'no_rate' });
    expect(b.remaining).toBe(10n);
    expect(b.validFromMs).toBeNull();
  });

  it('an event fully covered by buckets needs no rate', () => {
    const b = bucket({ id: 'jp', coverage: new Set(['JP']), remaining: 10n });
    const o = rated(event({ country: 'JP', quantity: 10n }), [b], hkOnly);
    expect(o.amountMinor).toBe(0n);
  });

  it('a missing field is not filled from another kind: voice in JP with only data rates -> no_rate', () => {
    expect(rateEvent(event({ kind: 'voice', country: 'JP', quantity: 1n }), [], hkOnly)).toEqual({ ok: false, code: 'no_rate' });
    expect(rateEvent(event({ kind: 'voice', direction: 'in', country: 'HK', quantity: 1n }), [], hkOnly)).toEqual({ ok: false, code: 'no_rate' });
  });
});

describe('zero quantity', () => {
  it.each<UsageKind>(['data', 'voice', 'sms'])('a zero %s event draws nothing, starts nothing and costs nothing, even with no rate', (kind) => {
    const b = bucket({ id: 'fu', kind, validFromMs: null, validToMs: null });
    const none: Tariff = { id: 't0', currency: 'HKD', rates: {} };
    const o = rated(event({ kind, quantity: 0n }), [b], none);
    expect(o.draws).toEqual([]);
    expect(o.bucketUnits).toBe(0n);
    expect(o.chargedBlocks).toBe(0n);
    expect(o.amountMinor).toBe(0n);
    expect(b.validFromMs).toBeNull();
  });
});
