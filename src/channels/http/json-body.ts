import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { nulField, nulProblem } from './nul-guard.js';
import { problem } from './problem.js';

/**
 * JSON bodies: 415 for another content type and 400 `invalid_json` for a body that does not
 * parse, before the schema validator (which would otherwise throw). Hono caches the parsed body.
 */
export const jsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
    return problem(c, 'unsupported_media_type', `send the body as application/json (got ${type || 'no content type'})`);
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch (error) {
    return problem(c, 'invalid_json', `the body is not JSON: ${(error as Error).message}`, { errors: [{ field: '(body)', reason: 'not JSON' }] });
  }
  const nul = nulField(body);
  if (nul) return nulProblem(c, nul);
  await next();
};
