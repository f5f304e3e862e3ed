import { createRoute, z } from '@hono/zod-openapi';
import { listSuspense } from '../../../services/suspense.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireScope } from '../operator-auth.js';
import { problem } from '../problem.js';
import { decodeCursor, encodeCursor, MAX_OFFSET, offsetTooDeep, pageHeaders } from '../paging.js';
import { OPERATOR_BASE, OPERATOR_SECURITY, operatorRoute, PAGE_HEADERS, problemResponses } from './common.js';
import { findSubscriber, type SubscriberKey } from '../../../services/find-subscriber.js';

const Bucket = z
  .object({
    bucketId: z.string(),
    purchaseId: z.string(),
    planId: z.string(),
    kind: z.enum(['data', 'voice', 'sms']),
    initial: z.int(),
    remaining: z.int(),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    status: z.enum(['active', 'not_started', 'expired', 'used_up']),
  })
  .openapi('SupportBucket');

const Subscriber = z
  .object({
    account: z.object({ id: z.string(), name: z.string(), loginPhone: z.string().nullable(), language: z.string(), timeZone: z.string(), currency: z.string(), createdAt: z.string() }),
    wallet: z.object({ currency: z.string(), balanceMinor: z.int() }),
    esims: z.array(z.object({ iccid: z.string(), imsi: z.string(), msisdn: z.string().nullable(), eid: z.string().nullable(), state: z.string(), tariffId: z.string(), buckets: z.array(Bucket) })),
    asOf: z.string(),
  })
  .openapi('SupportSubscriber');

const KEYS = ['phone', 'iccid', 'imsi', 'msisdn'] as const;
const LookupQuery = z
  .object({
    phone: z.string().optional().openapi({ description: 'Login phone, E.164 (+85291234567)' }),
    iccid: z.string().optional(),
    imsi: z.string().optional(),
    msisdn: z.string().optional().openapi({ description: "An eSIM's number, E.164" }),
  })
  .superRefine((q, ctx) => {
    if (KEYS.filter((k) => q[k] !== undefined).length !== 1) ctx.addIssue({ code: 'custom', path: ['query'], message: 'give exactly one of phone, iccid, imsi, msisdn' });
  });

const SUPPORT = { tags: ['Operator: support'], security: OPERATOR_SECURITY };
const ok = { 200: { description: 'The account, its eSIMs and balances', content: { 'application/json': { schema: Subscriber } } }, ...problemResponses(400, 401, 403, 404) };

const lookupRoute = (deps: AppDeps) =>
  createRoute({
    ...SUPPORT,
    method: 'get',
    path: `${OPERATOR_BASE}/subscribers`,
    middleware: [requireScope(deps, 'support:read')],
    summary: 'Find a subscriber by phone, ICCID, IMSI or MSISDN',
    description: 'Scope support:read.',
    request: { query: LookupQuery },
    responses: ok,
  });

const byIdRoute = (deps: AppDeps) =>
  createRoute({
    ...SUPPORT,
    method: 'get',
    path: `${OPERATOR_BASE}/subscribers/{accountId}`,
    middleware: [requireScope(deps, 'support:read')],
    summary: 'A subscriber by account id',
    description: 'Scope support:read.',
    request: { params: z.object({ accountId: z.string().min(1).max(128) }) },
    responses: ok,
  });

const SuspenseItem = z
  .object({
    id: z.string(),
    source: z.string(),
    eventId: z.string(),
    reason: z.string(),
    detail: z.string(),
    payload: z.record(z.string(), z.string()),
    createdAt: z.int(),
    resolvedAt: z.int().nullable(),
    recordId: z.string().nullable(),
  })
  .openapi('SuspenseItem');

const suspenseRoute = (deps: AppDeps) =>
  createRoute({
    method: 'get',
    path: `${OPERATOR_BASE}/suspense`,
    tags: ['Operator: usage'],
    security: OPERATOR_SECURITY,
    middleware: [requireScope(deps, 'usage:read')],
    summary: 'List held (rejected) usage events',
    description: `In arrival order, a page at a time: the Link rel="next" header carries the cursor (after=...) of the next page; offset at most ${MAX_OFFSET}. X-Result-Count gives the page's size; X-Total-Count, only when the page reaches the end of the list from its start. Scope usage:read.`,
    request: {
      query: z.object({
        reason: z.string().optional(),
        source: z.string().optional(),
        all: z.enum(['true', 'false']).default('false').openapi({ description: 'Include resolved ones' }),
        limit: z.coerce.number().int().min(1).max(1000).default(50),
        offset: z.coerce
          .number()
          .int()
          .min(0)
          .max(MAX_OFFSET, { error: (issue) => offsetTooDeep(Number(issue.input)) })
          .default(0),
        after: z.string().max(200).optional().openapi({ description: 'Cursor from the Link rel="next" header of the page before' }),
      }),
    },
    responses: { 200: { description: 'Held events', headers: PAGE_HEADERS, content: { 'application/json': { schema: z.array(SuspenseItem) } } }, ...problemResponses(400, 401, 403) },
  });

export function supportRoutes(app: App, deps: AppDeps): void {
  const answer = async (c: Parameters<Parameters<typeof operatorRoute>[2]>[0], key: SubscriberKey) => {
    const found = await findSubscriber(deps.store, key, deps.now());
    return found ? json(c, found) : problem(c, 'unknown_subscriber', 'no subscriber matches');
  };
  operatorRoute(app, lookupRoute(deps), async (c) => {
    const q = c.req.valid('query');
    const key = KEYS.find((k) => q[k] !== undefined)!;
    return answer(c, { [key]: q[key]! } as SubscriberKey);
  });
  operatorRoute(app, byIdRoute(deps), async (c) => answer(c, { accountId: c.req.valid('param').accountId }));
  operatorRoute(app, suspenseRoute(deps), async (c) => {
    const q = c.req.valid('query');
    const after = q.after === undefined ? undefined : decodeCursor(q.after, 1);
    if (q.after !== undefined && after === undefined) return problem(c, 'invalid_cursor', 'after: not a cursor this list handed out');
    const filter = { ...(q.reason ? { reason: q.reason } : {}), ...(q.source ? { source: q.source } : {}), includeResolved: q.all === 'true' };
    const page = await listSuspense(deps.store, filter, { ...(after ? { after } : {}), limit: q.limit, offset: q.offset });
    const last = page.items[page.items.length - 1];
    return json(
      c,
      page.items.map((i) => i.value),
      200,
      pageHeaders(c, deps.config.publicUrl, {
        resultCount: page.items.length,
        offset: q.offset,
        fromStart: after === undefined,
        ...(page.more && last ? { next: encodeCursor(last.key) } : {}),
      }),
    );
  });
}
