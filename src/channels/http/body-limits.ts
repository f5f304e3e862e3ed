import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_BULK_BODY_LIMIT_BYTES } from '../../config/server-config.js';
import type { AppEnv, HttpConfig } from './env.js';
import { problem } from './problem.js';

/** The routes that carry batches (usage lines, a catalog, a TMF usage): they get the bulk limit. */
const BULK_ROUTES = new Set(['POST /api/v1/operator/usage', 'POST /api/v1/operator/provisioning', 'POST /tmf-api/usageManagement/v4/usage']);

/** 413 with `Connection: close`: the rest of the body is not read, so the connection cannot carry another request. */
function limiter(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      c.header('connection', 'close');
      return problem(c, 'payload_too_large', `the body exceeds ${maxSize} bytes`, { errors: [{ field: '(body)', reason: `more than ${maxSize} bytes` }] });
    },
  });
}

/**
 * Every request's body is bounded before anything reads it: by Content-Length when given (413 at
 * once, unread), else counted while it streams in (chunked), so no route parses an unbounded body.
 */
export function limitBodies(config: HttpConfig): MiddlewareHandler<AppEnv> {
  const small = limiter(config.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES);
  const bulk = limiter(config.bulkBodyLimitBytes ?? DEFAULT_BULK_BODY_LIMIT_BYTES);
  return (c, next) => {
    // A GET or HEAD carries no body (fetch's Request drops one), and asking for it builds the full
    // Request: ~10% of a cached balance read's time.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return (BULK_ROUTES.has(`${c.req.method} ${c.req.path}`) ? bulk : small)(c, next);
  };
}
