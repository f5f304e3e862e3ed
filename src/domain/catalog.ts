import type { UsageKind } from './units.js';

/** Pay-as-you-go rates of one country (or the `*` default), all in minor units of the tariff currency. */
export interface CountryRates {
  readonly dataPerMiBMinor?: bigint;
  readonly voiceOutPerMinMinor?: bigint;
  readonly voiceInPerMinMinor?: bigint;
  readonly smsOutMinor?: bigint;
}

export interface Tariff {
  readonly id: string;
  readonly currency: string;
  /** Keyed by ISO country code, or `*` for every other country. */
  readonly rates: Readonly<Record<string, CountryRates>>;
}

export type ValidityStarts = 'purchase' | 'first_use';

export interface Allowances {
  readonly dataBytes?: bigint;
  readonly voiceSeconds?: bigint;
  readonly sms?: bigint;
}

export interface Plan {
  readonly id: string;
  /** Localized names keyed by language tag (`en`, `zh-Hans`, ...). */
  readonly name: Readonly<Record<string, string>>;
  readonly currency: string;
  readonly priceMinor: bigint;
  readonly validityDays: number;
  readonly validityStarts: ValidityStarts;
  /** ISO country codes where the plan's buckets can be used. */
  readonly coverage: readonly string[];
  readonly allowances: Allowances;
}

export const ALLOWANCE_KIND: Readonly<Record<keyof Allowances, UsageKind>> = {
  dataBytes: 'data',
  voiceSeconds: 'voice',
  sms: 'sms',
};

type RateField = keyof CountryRates;

/** The rate for a country, falling back field by field to the `*` default; undefined = no rate. */
export function lookupRate(tariff: Tariff, country: string, field: RateField): bigint | undefined {
  return tariff.rates[country]?.[field] ?? tariff.rates['*']?.[field];
}

/** The name of a plan in the wanted language, falling back to English, then to any. */
export function planName(plan: Pick<Plan, 'name' | 'id'>, language: string): string {
  const base = language.split('-')[0] ?? language;
  return plan.name[language] ?? plan.name[base] ?? plan.name['en'] ?? Object.values(plan.name)[0] ?? plan.id;
}
