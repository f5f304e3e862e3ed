import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { readJsonBody } from './json-limits.js';
import { nulField, nulProblem } from './nul-guard.js';
import { problem } from './problem.js';

/**
 * JSON bodies: 415 for another content type and 400 `invalid_json` for a body that does not
 * parse or nests too deep, before the schema validator (which would otherwise throw).
 */
export const jsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
    return problem(c, 'unsupported_media_type', `send the body as application/json (got ${type || 'no content type'})`);
  }
  const body = await readJsonBody(c);
  if (!body.ok) return problem(c, body.code, body.detail, { errors: [{ field: '(body)', reason: body.reason }] });
  const nul = nulField(body.value);
  if (nul) return nulProblem(c, nul);
  await next();
};
