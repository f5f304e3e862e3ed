/** Shared pieces of the subscriber data routes: route registration, schemas, renderers. */
import { z, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { explainIccid } from '../../../domain/identifiers.js';
import type { UsageKind } from '../../../domain/units.js';
import type { BucketView, WalletView } from '../../../services/query-balances.js';
import type { App } from '../app.js';
import type { AppEnv } from '../env.js';
import { problem } from '../problem.js';

type ContextOf<R extends RouteConfig> = Parameters<RouteHandler<R, AppEnv>>[0];

/**
 * Registers a documented route whose handler answers with a plain Response (bigint-safe JSON
 * through json.ts, problems through problem.ts) while keeping `c.req.valid(...)` typed.
 */
export function handle<R extends RouteConfig>(app: App, route: R, handler: (c: ContextOf<R>) => Promise<Response>): void {
  app.openapi(route, handler as never);
}

/** The subscriber of the request (set by requireSubscriber, which every route here runs first). */
export function accountIdOf(c: { get(key: 'subscriber'): AppEnv['Variables']['subscriber'] }): string {
  const subscriber = c.get('subscriber');
  if (!subscriber) throw new Error('subscriber route without requireSubscriber');
  return subscriber.accountId;
}

export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export const UNIT_OF: Record<UsageKind, string> = { data: 'bytes', voice: 'seconds', sms: 'messages' };

// ---------- schemas ----------

export const Minor = z.bigint().openapi({ type: 'integer', format: 'int64', description: 'integer minor units of the currency' });
export const Quantity = z.bigint().openapi({ type: 'integer', format: 'int64', description: 'bytes, seconds or messages' });
export const Instant = z.string().openapi({ format: 'date-time', example: '2026-11-20T04:00:00.000Z' });

export const Iccid = z
  .string()
  .superRefine((s, ctx) => {
    const why = explainIccid(s);
    if (why !== undefined) ctx.addIssue({ code: 'custom', message: why });
  })
  .openapi({ example: '8985200000000000101', description: 'ICCID, 19-20 digits with a Luhn check digit' });

export const IccidParams = z.object({ iccid: Iccid.openapi({ param: { name: 'iccid', in: 'path' } }) });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
  })
  .openapi('Problem');

export const Wallet = z.object({ currency: z.string(), balanceMinor: Minor }).openapi('Wallet');

export const Bucket = z
  .object({
    bucketId: z.string(),
    purchaseId: z.string(),
    planId: z.string(),
    kind: z.enum(['data', 'voice', 'sms']),
    unit: z.enum(['bytes', 'seconds', 'messages']),
    initial: Quantity,
    remaining: Quantity,
    validFrom: Instant.nullable(),
    validTo: Instant.nullable(),
    status: z.enum(['active', 'not_started', 'expired', 'used_up']),
    endedAt: Instant.nullable().openapi({ description: 'when a used-up or expired bucket ended (ran out, or its validity ended)' }),
  })
  .openapi('Bucket');

export function jsonContent<S extends z.ZodType>(schema: S, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

const problemContent = (description: string) => ({ content: { 'application/problem+json': { schema: Problem } }, description });

/** The errors every subscriber route can answer, plus the route's own. */
export function errors(...extra: (400 | 404 | 409 | 422 | 429)[]) {
  const all = {
    401: problemContent('no live session (`unauthorized`)'),
    403: problemContent("a state-changing request without the session's X-CSRF-Token (`csrf_failed`)"),
  } as Record<number, ReturnType<typeof problemContent>>;
  const text = {
    400: 'bad input, naming the field (`invalid_request`)',
    404: 'no such object of this account',
    409: 'conflict',
    422: 'not possible',
    429: 'too many attempts (`too_many_requests`, with Retry-After)',
  };
  for (const status of extra) all[status] = problemContent(text[status]);
  return all;
}

export const security = [{ sessionCookie: [] }];

import { jsonBody } from '../json-body.js';

export { jsonBody };

/** The session guard first (401, 403 csrf_failed), then for a body the JSON check, then validation. */
export function subscriberRoute<R extends Omit<RouteConfig, 'middleware' | 'security'>>(guard: MiddlewareHandler<AppEnv>, route: R) {
  const middleware = route.request?.body === undefined ? [guard] : [guard, jsonBody];
  return { ...route, middleware, security, tags: ['subscriber'] };
}

// ---------- renderers ----------

export function renderWallet(w: WalletView) {
  return { currency: w.currency, balanceMinor: w.balanceMinor };
}

export function renderBucket(b: BucketView) {
  return {
    bucketId: b.bucketId,
    purchaseId: b.purchaseId,
    planId: b.planId,
    kind: b.kind,
    unit: UNIT_OF[b.kind],
    initial: b.initial,
    remaining: b.remaining,
    validFrom: iso(b.validFrom),
    validTo: iso(b.validTo),
    status: b.status,
    endedAt: iso(b.endedAt),
  };
}

/** A service's "not yours / not there" or other outcome code as a problem. */
export function outcome(c: Parameters<typeof problem>[0], code: string, detail?: string, field?: string): Response {
  return problem(c, code, detail, field === undefined ? {} : { errors: [{ field, reason: detail ?? code }] });
}

/** 429 `too_many_requests` with Retry-After in whole seconds (at least 1). */
export function tooManyRequests(c: Parameters<typeof problem>[0], retryAfterMs: number): Response {
  c.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  return problem(c, 'too_many_requests', 'too many attempts; try again later');
}
