import { createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { ApiScope } from '../../../services/api-keys.js';
import type { AppDeps, AppEnv } from '../env.js';
import { json } from '../json.js';
import { readJsonBody } from '../json-limits.js';
import { nulField, nulProblem } from '../nul-guard.js';
import type { AppScope } from '../../../services/oauth/oauth-scopes.js';
import { requireScope } from '../operator-auth.js';
import { requireTmfReader } from './tmf-app-reach.js';
import { problemBody } from '../problem.js';

export const TMF_BASE = {
  usage: '/tmf-api/usageManagement/v4',
  prepay: '/tmf-api/prepayBalanceManagement/v4',
  consumption: '/tmf-api/usageConsumption/v4',
  bill: '/tmf-api/customerBillManagement/v4',
} as const;

export type TmfObject = Record<string, unknown> & { id: string };

export function hrefOf(deps: AppDeps, base: string, resource: string, id: string): string {
  return `${deps.config.publicUrl}${base}/${resource}/${encodeURIComponent(id)}`;
}

const digits = (name: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number`)
    .optional();

/** The query every TMF list accepts; other parameters are attribute filters (`status=x`, `bucket.id=y`). */
export const ListQuery = z
  .object({
    fields: z.string().max(500).optional(),
    offset: digits('offset'),
    limit: digits('limit'),
    after: z.string().max(2000).optional().openapi({ description: 'Cursor from the Link rel="next" header of the page before' }),
  })
  .passthrough();

export const IdParam = z.object({ id: z.string().min(1).max(200) });
const RESERVED = new Set(['fields', 'offset', 'limit', 'sort', 'after']);

/** Values at a dotted path, descending through arrays (`bucket.id` over bucket[]). */
function valuesAt(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return Array.isArray(value) ? value : [value];
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, path));
  if (value === null || typeof value !== 'object') return [];
  return valuesAt((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

export function matchesFilters(item: TmfObject, filters: Record<string, string>): boolean {
  return Object.entries(filters).every(([key, wanted]) => {
    const options = wanted.split(',');
    return valuesAt(item, key.split('.')).some((v) => v !== null && typeof v !== 'object' && options.includes(String(v)));
  });
}

/** `fields=a,b`: the named first-level attributes, always with id, href and @type. */
export function selectFields(item: TmfObject, fields: string | undefined): TmfObject {
  if (fields === undefined || fields === '') return item;
  const keep = new Set([...fields.split(',').map((f) => f.trim().split('.')[0]!), 'id', 'href', '@type']);
  return Object.fromEntries(Object.entries(item).filter(([k]) => keep.has(k))) as TmfObject;
}

export function filtersOf(c: Context): Record<string, string> {
  return Object.fromEntries(Object.entries(c.req.query()).filter(([k]) => !RESERVED.has(k)));
}

export function itemResponse(c: Context, item: TmfObject, status: ContentfulStatusCode = 200): Response {
  return json(c, selectFields(item, c.req.query('fields')), status);
}

/** RFC 9457 problem that also carries the TMF Error's required `code` and `reason`. */
export function tmfProblem(c: Context, code: string, detail: string, extra: Record<string, unknown> = {}): Response {
  const body = { ...problemBody(code, detail, { instance: c.req.path }), reason: detail, ...extra };
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, { 'content-type': 'application/problem+json' });
}

export function tmfHook(result: { success: boolean; error?: ZodError }, c: Context): Response | undefined {
  if (result.success || !result.error) return undefined;
  const errors = result.error.issues.map((i) => ({ field: i.path.length > 0 ? i.path.map(String).join('.') : '(body)', reason: i.message }));
  const first = errors[0]!;
  return tmfProblem(c, 'invalid_request', `${first.field}: ${first.reason}`, { errors });
}

interface RouteSpec {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  tag: string;
  summary: string;
  scope: ApiScope;
  /** A read an app's token may make too, with this scope. */
  app?: AppScope;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  ok: 200 | 201 | 204;
}

/** A body must be JSON: 415 for another media type, 400 naming the body when it does not parse or nests too deep. */
const jsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
    return tmfProblem(c, 'unsupported_media_type', 'send the body as application/json');
  }
  const body = await readJsonBody(c);
  if (!body.ok) return tmfProblem(c, body.code, `(body): ${body.detail}`, { errors: [{ field: '(body)', reason: body.reason }] });
  const nul = nulField(body.value);
  if (nul) return nulProblem(c, nul, tmfProblem);
  await next();
};

/** createRoute with the TMF defaults: bearer key + scope (or an app token), JSON body, documented error statuses. */
export function tmfRoute(deps: AppDeps, s: RouteSpec) {
  const auth = s.app ? requireTmfReader(deps, s.app) : requireScope(deps, s.scope);
  const request: RouteConfig['request'] = {
    ...(s.params ? { params: s.params } : {}),
    ...(s.query ? { query: s.query } : {}),
    ...(s.body ? { body: { content: { 'application/json': { schema: s.body } }, required: true } } : {}),
  };
  return createRoute({
    method: s.method,
    path: s.path,
    tags: [s.tag],
    summary: s.summary,
    security: [{ operatorKey: [] }, ...(s.app ? [{ appToken: [s.app] }] : [])],
    middleware: (s.body ? [auth, jsonBody] : [auth]) as [MiddlewareHandler<AppEnv>],
    request,
    responses: {
      [s.ok]: { description: 'OK' },
      400: { description: 'Bad request (problem+json naming the field)' },
      401: { description: s.app ? 'No or invalid API key or access token' : 'No or invalid API key' },
      403: { description: s.app ? 'The key or token lacks the scope' : 'The key lacks the scope' },
      404: { description: 'Not found' },
    },
  });
}

export const idOf = (c: Context): string => c.req.param('id') ?? '';
