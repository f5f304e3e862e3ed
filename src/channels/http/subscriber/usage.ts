/** Usage of the account: totals per local day or month, and the records, filtered and paged. */
import { createRoute, z } from '@hono/zod-openapi';
import { USAGE_KINDS, type UsageKind } from '../../../domain/units.js';
import { listAccountUsage, summarizeAccountUsage } from '../../../services/query-account-usage.js';
import { MAX_PAGE_SIZE } from '../../../services/query-usage.js';
import type { App } from '../app.js';
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../env.js';
import { json } from '../json.js';
import { DATE_RANGE_REASON, inDateRange } from '../ledger-range.js';
import { consentedIccids, requireReader } from '../oauth/bearer.js';
import { accountIdOf, errors, handle, Iccid, Instant, iso, jsonContent, Minor, outcome, Quantity, subscriberRoute, UNIT_OF } from './kit.js';

function isCalendarDate(s: string): boolean {
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(s);
}

export const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  .refine(isCalendarDate, { message: 'is not a calendar date' })
  .refine(inDateRange, { message: DATE_RANGE_REASON })
  .openapi({ description: "a calendar day in the account's time zone", example: '2026-11-01' });

const Kinds = z
  .string()
  .refine((s) => s.split(',').every((k) => (USAGE_KINDS as readonly string[]).includes(k.trim())), {
    message: `must be a comma-separated list of ${USAGE_KINDS.join(', ')}`,
  })
  .transform((s) => s.split(',').map((k) => k.trim() as UsageKind))
  .openapi({ type: 'string', example: 'data,voice' });

export const Limit = z
  .string()
  .regex(/^\d{1,4}$/, { message: 'must be a whole number' })
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_PAGE_SIZE, { message: `must be 1 to ${MAX_PAGE_SIZE}` })
  .openapi({ type: 'integer', example: 50 });

const SummaryQuery = z.object({
  granularity: z.enum(['day', 'month']).default('day'),
  from: LocalDate.optional(),
  to: LocalDate.optional(),
  iccid: Iccid.optional(),
});

export const RecordsQuery = z.object({
  kind: Kinds.optional(),
  from: LocalDate.optional(),
  to: LocalDate.optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166 country code (2 uppercase letters)' })
    .optional(),
  iccid: Iccid.optional(),
  limit: Limit.optional(),
  cursor: z.string().min(1).max(100).optional(),
});

const Kind = z.enum(['data', 'voice', 'sms']);
const Unit = z.enum(['bytes', 'seconds', 'messages']);
const Summary = z
  .object({
    timeZone: z.string(),
    granularity: z.enum(['day', 'month']),
    from: z.string(),
    to: z.string(),
    iccid: z.string().optional(),
    periods: z.array(z.object({ period: z.string(), kind: Kind, unit: Unit, quantity: Quantity, amountMinor: Minor, currency: z.string(), events: z.number().int() })),
  })
  .openapi('UsageSummary');

const Record = z
  .object({
    id: z.string(),
    eventId: z.string(),
    iccid: z.string(),
    kind: Kind,
    direction: z.enum(['out', 'in']),
    startedAt: Instant,
    quantity: Quantity,
    unit: Unit,
    mccMnc: z.string(),
    country: z.string(),
    bucketUnits: Quantity,
    chargedBlocks: Quantity,
    amountMinor: Minor,
    currency: z.string(),
    debt: z.boolean(),
    networkName: z.string().nullable(),
    draws: z
      .array(z.object({ bucketId: z.string(), planId: z.string(), units: Quantity }))
      .openapi({ description: 'which bundles paid: each bucket drawn and how much; the rest was charged to the wallet (`amountMinor`)' }),
    peer: z.string().nullable().openapi({ description: 'the other party of a call or SMS, masked but its last 4 digits (`+*******4567`); null when the network sent none', example: '+*******4567' }),
  })
  .openapi('UsageRecord');

const fieldOf = (field: string | undefined) => field ?? 'query';

/** An app token reads one consented eSIM at a time: `iccid` is required and must be one of them. */
export function esimProblem(c: Context<AppEnv>, iccid: string | undefined): Response | undefined {
  const allowed = consentedIccids(c);
  if (allowed === undefined) return undefined;
  if (iccid === undefined) return outcome(c, 'invalid_request', `iccid: an app names one of its consented eSIMs (${allowed.join(', ')})`, 'iccid');
  return allowed.includes(iccid) ? undefined : outcome(c, 'unknown_esim', `no eSIM ${iccid}`);
}

export function usageRoutes(app: App, deps: AppDeps): void {
  handle(
    app,
    createRoute(
      subscriberRoute(requireReader(deps, 'usage:read'), {
        method: 'get',
        path: '/api/v1/usage/summary',
        summary: "Usage per day or month in the account's time zone (`to` included)",
        request: { query: SummaryQuery },
        responses: { 200: jsonContent(Summary, 'totals per period and kind'), ...errors(400, 404) },
      }),
    ),
    async (c) => {
      const q = c.req.valid('query');
      const refused = esimProblem(c, q.iccid);
      if (refused) return refused;
      const r = await summarizeAccountUsage(deps.store, { accountId: accountIdOf(c), ...q }, deps.now());
      if (!r.ok) return outcome(c, r.code, r.code === 'unknown_esim' ? `no eSIM ${q.iccid}` : `${fieldOf(r.field)}: the range is empty or too long`, r.field);
      const { rows, currency, ...head } = r.value;
      return json(c, { ...head, periods: rows.map((p) => ({ period: p.period, kind: p.kind, unit: UNIT_OF[p.kind], quantity: p.quantity, amountMinor: p.amountMinor, currency, events: p.events })) });
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(requireReader(deps, 'usage:read:records'), {
        method: 'get',
        path: '/api/v1/usage/records',
        summary: 'Usage records, newest first, by cursor',
        request: { query: RecordsQuery },
        responses: { 200: jsonContent(z.object({ records: z.array(Record), nextCursor: z.string().nullable() }), 'a page of records'), ...errors(400, 404) },
      }),
    ),
    async (c) => {
      const { kind, ...q } = c.req.valid('query');
      const refused = esimProblem(c, q.iccid);
      if (refused) return refused;
      const r = await listAccountUsage(deps.store, { accountId: accountIdOf(c), ...q, ...(kind === undefined ? {} : { kinds: kind }) });
      if (!r.ok) return outcome(c, r.code, r.code === 'unknown_esim' ? `no eSIM ${q.iccid}` : `${fieldOf(r.field)} is not valid`, r.field);
      const { currency, records, nextCursor } = r.value;
      return json(c, {
        records: records.map(({ startedAt, ...rec }) => ({ ...rec, startedAt: iso(startedAt), unit: UNIT_OF[rec.kind], currency })),
        nextCursor: nextCursor ?? null,
      });
    },
  );
}
