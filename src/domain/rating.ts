import { lookupRate, type Tariff } from './catalog.js';
import { INT64_MAX } from './money.js';
import { ceilDiv, chargeBlock, minBig, MS_PER_DAY, type Direction, type UsageKind } from './units.js';

/** A bucket as the rater sees it; `validFromMs === null` means a first-use bucket not yet started. */
export interface BucketState {
  readonly id: string;
  readonly purchaseId: string;
  readonly purchasedAtMs: number;
  readonly kind: UsageKind;
  readonly coverage: ReadonlySet<string>;
  readonly validityDays: number;
  remaining: bigint;
  validFromMs: number | null;
  validToMs: number | null;
  /** The start of the event that took its last units; null while units are left. */
  usedUpAtMs?: number | null;
}

export interface RatableEvent {
  readonly kind: UsageKind;
  readonly direction: Direction;
  readonly startedAtMs: number;
  readonly quantity: bigint;
  /** ISO country of the event's network. */
  readonly country: string;
}

export interface Draw {
  readonly bucketId: string;
  readonly units: bigint;
  /** True when this draw is the first use of a `first_use` bucket, which starts it at the event time. */
  readonly startsBucket: boolean;
}

export type RatingOutcome =
  | {
      readonly ok: true;
      readonly draws: readonly Draw[];
      /** Units taken from buckets. */
      readonly bucketUnits: bigint;
      /** Blocks charged to the wallet (MiB, minutes, messages). */
      readonly chargedBlocks: bigint;
      readonly amountMinor: bigint;
    }
  | { readonly ok: false; readonly code: 'no_rate' | 'amount_out_of_range' };

function usesBuckets(event: RatableEvent): boolean {
  return event.kind === 'data' || event.direction === 'out';
}

/** docs/rating-rules.md rule 1: which buckets may give units to this event. */
export function isEligible(bucket: BucketState, event: RatableEvent): boolean {
  if (bucket.kind !== event.kind || bucket.remaining <= 0n) return false;
  if (!bucket.coverage.has(event.country)) return false;
  const t = event.startedAtMs;
  if (bucket.validFromMs === null) return bucket.purchasedAtMs <= t;
  return bucket.validFromMs <= t && t < (bucket.validToMs ?? Number.POSITIVE_INFINITY);
}

/** docs/rating-rules.md rule 2: started buckets by validTo, then not-started; ties by purchase time, then purchase id. */
export function compareBucketsForDraw(a: BucketState, b: BucketState): number {
  const aStarted = a.validFromMs !== null;
  const bStarted = b.validFromMs !== null;
  if (aStarted !== bStarted) return aStarted ? -1 : 1;
  if (aStarted && a.validToMs !== b.validToMs) return (a.validToMs ?? 0) - (b.validToMs ?? 0);
  if (a.purchasedAtMs !== b.purchasedAtMs) return a.purchasedAtMs - b.purchasedAtMs;
  return a.purchaseId < b.purchaseId ? -1 : a.purchaseId > b.purchaseId ? 1 : 0;
}

function planDraws(event: RatableEvent, buckets: readonly BucketState[]): { draws: Draw[]; left: bigint } {
  let left = event.quantity;
  const draws: Draw[] = [];
  if (!usesBuckets(event) || left === 0n) return { draws, left };
  const eligible = buckets.filter((b) => isEligible(b, event)).sort(compareBucketsForDraw);
  for (const bucket of eligible) {
    if (left === 0n) break;
    const units = minBig(bucket.remaining, left);
    draws.push({ bucketId: bucket.id, units, startsBucket: bucket.validFromMs === null });
    left -= units;
  }
  return { draws, left };
}

/** docs/rating-rules.md rule 3: the wallet charge for what the buckets did not cover; undefined = no rate (rule 4). */
function walletCharge(event: RatableEvent, left: bigint, tariff: Tariff): { blocks: bigint; amountMinor: bigint } | undefined {
  if (left === 0n) return { blocks: 0n, amountMinor: 0n };
  if (event.kind === 'sms' && event.direction === 'in') return { blocks: 0n, amountMinor: 0n };
  const field = event.kind === 'data' ? 'dataPerMiBMinor' : event.kind === 'sms' ? 'smsOutMinor' : event.direction === 'in' ? 'voiceInPerMinMinor' : 'voiceOutPerMinMinor';
  const rate = lookupRate(tariff, event.country, field);
  if (rate === undefined) return undefined;
  const blocks = ceilDiv(left, chargeBlock(event.kind));
  return { blocks, amountMinor: blocks * rate };
}

/** Rates one event against the line's buckets and tariff. Pure: nothing is changed. */
export function rateEvent(event: RatableEvent, buckets: readonly BucketState[], tariff: Tariff): RatingOutcome {
  const { draws, left } = planDraws(event, buckets);
  const charge = walletCharge(event, left, tariff);
  if (charge === undefined) return { ok: false, code: 'no_rate' };
  // A charge no BIGINT column holds (a huge rate times a huge quantity) is refused, not written.
  if (charge.amountMinor > INT64_MAX) return { ok: false, code: 'amount_out_of_range' };
  return {
    ok: true,
    draws,
    bucketUnits: event.quantity - left,
    chargedBlocks: charge.blocks,
    amountMinor: charge.amountMinor,
  };
}

/** Applies an outcome's draws to the buckets (docs/rating-rules.md rule 2's start of first-use buckets included). */
/** `buckets`: the line's (the ones `rateEvent` was given); a line has a handful, so no index by id. */
export function applyDraws(event: RatableEvent, draws: readonly Draw[], buckets: readonly BucketState[]): BucketState[] {
  const touched: BucketState[] = [];
  for (const draw of draws) {
    const bucket = buckets.find((b) => b.id === draw.bucketId);
    if (bucket === undefined) throw new Error(`draw on unknown bucket ${draw.bucketId}`);
    bucket.remaining -= draw.units;
    if (bucket.remaining === 0n) bucket.usedUpAtMs = event.startedAtMs;
    if (draw.startsBucket) {
      bucket.validFromMs = event.startedAtMs;
      bucket.validToMs = event.startedAtMs + bucket.validityDays * MS_PER_DAY;
    }
    touched.push(bucket);
  }
  return touched;
}
