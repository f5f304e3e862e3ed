/**
 * The provisioning JSON (docs/formats.md) as zod schemas: camelCase fields,
 * amounts and quantities as bigint (a JSON integer, or a digit string for values above 2^53),
 * identifiers checked by the domain's rules, instants as epoch ms. Also the canonical content
 * hash (`payloadHash`) that makes every entry idempotent by its id.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { explainEid, explainIccid, explainImsi, explainMsisdn, normalizeMsisdn } from '../domain/identifiers.js';
import { INT64_MAX, isCurrencyCode } from '../domain/money.js';
import { parseInstant } from '../domain/instant.js';
import { ILL_FORMED_REASON, isWellFormed } from '../domain/text.js';

export const LANGUAGES = ['zh-Hans', 'zh-Hant', 'en', 'ja', 'ko', 'ru', 'ar'] as const;
export const ESIM_STATES = ['active', 'suspended', 'terminated'] as const;

/** A non-negative (or, with min 1n, positive) integer that fits a BIGINT column. */
function wholeNumber(min: bigint) {
  return z.unknown().transform((v, ctx) => {
    let n: bigint | undefined;
    if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
    else if (typeof v === 'string' && /^\d{1,100}$/.test(v)) n = BigInt(v);
    else if (typeof v === 'number' && v >= 2 ** 63) n = INT64_MAX + 1n; // out of range whatever its digits
    if (n === undefined) {
      const why = typeof v === 'number' && Number.isInteger(v) ? 'is above 2^53; write it as a digit string' : 'must be an integer (a JSON number or a digit string)';
      ctx.addIssue({ code: 'custom', message: v === undefined ? 'is required' : why });
      return z.NEVER;
    }
    if (n < min || n > INT64_MAX) {
      // Above the range: its own code, as the services answer a sum that would leave it.
      const params = n > INT64_MAX ? { code: 'amount_out_of_range' } : undefined;
      ctx.addIssue({ code: 'custom', message: `must be between ${min} and ${INT64_MAX}`, params });
      return z.NEVER;
    }
    return n;
  });
}

const amount = wholeNumber(0n);
const positive = wholeNumber(1n);

/** Text the databases store as given: a lone surrogate would come back as U+FFFD (see domain/text.ts). */
const wellFormed = z.string().refine(isWellFormed, { message: ILL_FORMED_REASON });

const id = wellFormed
  .min(1)
  .max(128)
  .refine((s) => s === s.trim() && !/\p{Cc}/u.test(s), { message: 'must have no surrounding spaces or control characters' });

/** A name shown to people: any text but NUL, which PostgreSQL cannot store. */
const name = (max: number) =>
  wellFormed
    .min(1)
    .max(max)
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain a NUL character (U+0000)' });

/** A string checked by one of the domain's `explainX` functions. */
function checked(explain: (s: string) => string | undefined) {
  return z.string().superRefine((s, ctx) => {
    const why = explain(s);
    if (why !== undefined) ctx.addIssue({ code: 'custom', message: why });
  });
}

const msisdn = z.string().transform((s, ctx) => {
  const e164 = normalizeMsisdn(s);
  if (e164 === undefined) {
    ctx.addIssue({ code: 'custom', message: explainMsisdn(s) ?? 'invalid phone number' });
    return z.NEVER;
  }
  return e164;
});

const currency = z.string().refine(isCurrencyCode, { message: 'is not a currency the ledger holds (ISO 4217, e.g. HKD, JPY, OMR)' });
const country = z.string().regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166 country code (2 uppercase letters)' });

const validZones = new Map<string, boolean>();
function isTimeZone(zone: string): boolean {
  let ok = validZones.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    validZones.set(zone, ok);
  }
  return ok;
}

const instant = z.string().transform((s, ctx) => {
  const ms = parseInstant(s);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date-time with an offset, e.g. 2025-03-01T09:00:00+08:00' });
    return z.NEVER;
  }
  return ms;
});

const countryRates = z.strictObject({
  dataPerMiBMinor: amount.optional(),
  voiceOutPerMinMinor: amount.optional(),
  voiceInPerMinMinor: amount.optional(),
  smsOutMinor: amount.optional(),
});

export const tariffEntry = z.strictObject({
  id,
  currency,
  rates: z
    .record(z.string().regex(/^([A-Z]{2}|\*)$/, { message: 'rate keys are country codes or *' }), countryRates)
    .refine((r) => Object.keys(r).length > 0, { message: 'needs at least one country or *' }),
});

const languageTag = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'must be a language tag such as en or zh-Hans' });

export const planEntry = z.strictObject({
  id,
  name: z
    .union([name(200), z.record(languageTag, name(200))], {
      error: 'must be a text or an object of language tag -> text',
    })
    .transform((n) => (typeof n === 'string' ? { en: n } : n))
    .refine((n) => Object.keys(n).length > 0, { message: 'needs at least one language' }),
  currency,
  priceMinor: amount,
  validityDays: z.number().int().min(1).max(3650),
  validityStarts: z.enum(['purchase', 'first_use']),
  coverage: z.array(country).min(1),
  allowances: z
    .strictObject({ dataBytes: positive.optional(), voiceSeconds: positive.optional(), sms: positive.optional() })
    .refine((a) => a.dataBytes !== undefined || a.voiceSeconds !== undefined || a.sms !== undefined, {
      message: 'needs at least one of dataBytes, voiceSeconds, sms',
    }),
});

export const accountEntry = z.strictObject({
  id,
  name: name(200),
  loginPhone: msisdn.optional(),
  language: z.enum(LANGUAGES),
  timeZone: z.string().refine(isTimeZone, { message: 'is not an IANA time zone (e.g. Asia/Hong_Kong)' }),
  currency,
  password: wellFormed.min(8).max(1024).optional(),
});

export const esimEntry = z.strictObject({
  iccid: checked(explainIccid),
  imsi: checked(explainImsi),
  msisdn: msisdn.optional(),
  eid: checked(explainEid).optional(),
  accountId: id,
  tariffId: id,
  state: z.enum(ESIM_STATES).default('active'),
  activationCode: wellFormed
    .regex(/^LPA:1\$[A-Za-z0-9.-]+\$[^$]+(\$.*)?$/, {
      message: 'must be LPA:1$<SM-DP+ address>$<matching id>',
    })
    .optional(),
});

export const topupEntry = z.strictObject({
  id,
  accountId: id,
  amountMinor: positive,
  at: instant,
  paymentRef: name(200).optional(),
});

export const purchaseEntry = z.strictObject({
  id,
  iccid: checked(explainIccid),
  planId: id,
  at: instant,
  paidFrom: z.enum(['wallet', 'external']),
});

export const provisioningSchema = z.strictObject({
  tariffs: z.array(tariffEntry).optional(),
  plans: z.array(planEntry).optional(),
  accounts: z.array(accountEntry).optional(),
  esims: z.array(esimEntry).optional(),
  topups: z.array(topupEntry).optional(),
  purchases: z.array(purchaseEntry).optional(),
});

export type TariffEntry = z.output<typeof tariffEntry>;
export type PlanEntry = z.output<typeof planEntry>;
export type AccountEntry = z.output<typeof accountEntry>;
export type EsimEntry = z.output<typeof esimEntry>;
export type TopupEntry = z.output<typeof topupEntry>;
export type PurchaseEntry = z.output<typeof purchaseEntry>;
export type ProvisioningFile = z.output<typeof provisioningSchema>;

export const SECTIONS = ['tariffs', 'plans', 'accounts', 'esims', 'topups', 'purchases'] as const;
export type Section = (typeof SECTIONS)[number];

/** JSON with object keys sorted at every level, bigints as digit strings, undefined left out. */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 (base64url) of the canonical JSON: same content, same hash, whatever the key order. */
export function payloadHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('base64url');
}
