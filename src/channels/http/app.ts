import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { limitBodies } from './body-limits.js';
import type { AppDeps, AppEnv } from './env.js';
import { json } from './json.js';
import { refuseNul } from './nul-guard.js';
import { problem } from './problem.js';
import { validationProblem } from './validation.js';

export type App = OpenAPIHono<AppEnv>;

/** A plug-in set of routes: subscriber API, operator API, TM Forum, channels. */
export type RouteModule = (app: App, deps: AppDeps) => void;

export const API_INFO = {
  title: 'simledger API',
  version: '1.0.0',
  description: 'Balances, usage and top-ups of eSIM subscribers; operator ingestion and provisioning; TM Forum v4 (TMF635, TMF654, TMF677, TMF678).',
};

/** Routes whose handlers build their own Response (CAMARA, the OIDC bridge): the header goes on after. */
const RAW_RESPONSE_PREFIXES = ['/device-data-volume', '/oidc'];

/** The HTTP app, without a socket: tests call `app.request(...)`, `serve` binds it to a port. */
export function createApp(deps: AppDeps, modules: readonly RouteModule[] = []): App {
  const app: App = new OpenAPIHono<AppEnv>({ defaultHook: (result, c) => (result.success ? undefined : validationProblem(c, result.error)) });

  app.use('*', async (c, next) => {
    const requestId = c.req.header('x-request-id') ?? randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    // Set before the handler: responses made by the context take it without being rebuilt.
    c.header('x-request-id', requestId);
    await next();
    if (RAW_RESPONSE_PREFIXES.some((prefix) => c.req.path.startsWith(prefix))) c.header('x-request-id', requestId);
    deps.log.info({ requestId, method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  });

  app.use('*', limitBodies(deps.config));
  app.use('*', refuseNul);

  app.onError((error, c) => {
    // Hono's own refusals (malformed JSON, a body too large) are the client's errors, not ours.
    if (error instanceof HTTPException && error.status < 500) {
      return problem(c, error.status === 415 ? 'unsupported_media_type' : 'invalid_request', error.message || 'the request is not valid', { status: error.status });
    }
    deps.log.error({ err: error, requestId: c.get('requestId') }, 'unhandled error');
    return problem(c, 'internal_error', 'the server could not answer; the error is logged with this request id', { status: 500 });
  });
  app.notFound((c) => problem(c, 'not_found', `no resource at ${c.req.method} ${c.req.path}`));

  app.get('/healthz', (c) => json(c, { status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await sql`select 1`.execute(deps.store.db);
      return json(c, { status: 'ready' });
    } catch (error) {
      deps.log.warn({ err: error }, 'not ready');
      return problem(c, 'not_ready', 'the database does not answer', { status: 503 });
    }
  });

  for (const register of modules) register(app, deps);

  app.doc31('/openapi.json', { openapi: '3.1.0', info: API_INFO });
  return app;
}
