/** A month's usage records folded into totals per kind and per (country, kind). */
import { USAGE_KINDS, type UsageKind } from '../../domain/units.js';

export interface UsageRecordBrief {
  id: string;
  iccid: string;
  kind: UsageKind;
  direction: string;
  country: string;
  quantity: bigint;
  amountMinor: bigint;
  /** Epoch ms the usage started. */
  at: number;
  /** Which bundles paid: the buckets drawn (the rest, `amountMinor`, from the wallet). */
  draws?: { bucketId: string; planId: string; units: bigint }[];
}

export interface KindUsage {
  kind: UsageKind;
  /** Bytes, seconds or messages. */
  quantity: bigint;
  events: number;
  /** What the wallet was charged for these events. */
  amountMinor: bigint;
}

export interface CountryUsage extends KindUsage {
  country: string;
}

function add<T extends KindUsage>(map: Map<string, T>, key: string, fresh: () => T, r: UsageRecordBrief): void {
  const total = map.get(key) ?? fresh();
  total.quantity += r.quantity;
  total.events += 1;
  total.amountMinor += r.amountMinor;
  map.set(key, total);
}

const kindOrder = (a: UsageKind, b: UsageKind) => USAGE_KINDS.indexOf(a) - USAGE_KINDS.indexOf(b);

/** Totals by kind (data, voice, sms order) and by country then kind. */
export function countUsage(records: readonly UsageRecordBrief[]): { byKind: KindUsage[]; byCountry: CountryUsage[] } {
  const byKind = new Map<string, KindUsage>();
  const byCountry = new Map<string, CountryUsage>();
  for (const r of records) {
    add(byKind, r.kind, () => ({ kind: r.kind, quantity: 0n, events: 0, amountMinor: 0n }), r);
    add(byCountry, `${r.country} ${r.kind}`, () => ({ country: r.country, kind: r.kind, quantity: 0n, events: 0, amountMinor: 0n }), r);
  }
  return {
    byKind: [...byKind.values()].sort((a, b) => kindOrder(a.kind, b.kind)),
    byCountry: [...byCountry.values()].sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : kindOrder(a.kind, b.kind))),
  };
}
