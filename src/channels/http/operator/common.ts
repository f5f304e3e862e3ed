import { z, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import type { App } from '../app.js';
import type { AppEnv } from '../env.js';

export const OPERATOR_BASE = '/api/v1/operator';
export const OPERATOR_SECURITY = [{ operatorKey: [] }];

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.looseObject({ field: z.string(), reason: z.string() })).optional(),
  })
  .openapi('Problem');

const DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input; `errors` names each field and why',
  401: 'No API key, or it is unknown or revoked',
  403: 'The key lacks the scope this route needs',
  404: 'No such object',
  409: 'Conflict',
  413: 'Body too large',
  415: 'Wrong content type',
};

/** The headers of a page of a list (see ../paging.ts), for the OpenAPI document. */
export const PAGE_HEADERS = {
  'X-Result-Count': { description: 'Items on this page', schema: { type: 'integer' as const } },
  'X-Total-Count': { description: 'Items in the list; sent only when this page reaches its end from its start', schema: { type: 'integer' as const } },
  Link: { description: '`<url>; rel="next"` when another page follows', schema: { type: 'string' as const } },
};

/** The problem answers a route may give, for the OpenAPI document. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: DESCRIPTIONS[s] ?? 'Error',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  ) as Record<number, { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }>;
}

type Ctx<R extends RouteConfig> = Parameters<RouteHandler<R, AppEnv>>[0];

/**
 * Registers an operator route: the schemas validate the request and document the answers, but
 * answers are written by json()/problem() (bigint-safe), so the handler returns a plain Response.
 */
export function operatorRoute<R extends RouteConfig>(app: App, route: R, handler: (c: Ctx<R>) => Promise<Response>): void {
  app.openapi(route, handler as never);
}

import { jsonBody } from '../json-body.js';

export { jsonBody };

/** Registers the bearer scheme that every operator route names. */
export function registerOperatorSecurity(app: App): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'operatorKey', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'sk_...',
    description: 'An operator API key (`simledger keys create --name N --scopes a,b`); `X-API-Key: sk_...` also works.',
  });
}
