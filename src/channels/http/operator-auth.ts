import type { MiddlewareHandler } from 'hono';
import { verifyApiKey, type ApiScope } from '../../services/api-keys.js';
import type { AppDeps, AppEnv } from './env.js';
import { problem } from './problem.js';

/**
 * Operator routes: `Authorization: Bearer sk_...` (or `X-API-Key`) with the named scope.
 * A subscriber's session cookie never opens them.
 */
export function requireScope(deps: AppDeps, scope: ApiScope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const secret = header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? c.req.header('x-api-key');
    if (!secret) return problem(c, 'unauthorized', 'an operator API key is required (Authorization: Bearer ...)', { status: 401 });
    const key = await verifyApiKey(deps.store, secret);
    if (!key) return problem(c, 'unauthorized', 'the API key is not valid or was revoked', { status: 401 });
    if (!key.scopes.has(scope)) return problem(c, 'insufficient_scope', `this key lacks the scope ${scope}`);
    c.set('operator', { keyId: key.id, scopes: key.scopes });
    await next();
  };
}
