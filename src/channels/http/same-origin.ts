import type { Context, MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from './env.js';
import { problem } from './problem.js';

/**
 * A second guard beside the CSRF token on state changes made with a cookie, from what browsers
 * say about a request's source:
 * - `Sec-Fetch-Site` must be `same-origin` or `none` when sent (`cross-site` and `same-site` are
 *   refused: a sibling subdomain is not us);
 * - `Origin`, when sent, must be ours: the origin of SIMLEDGER_PUBLIC_URL, or the one the request
 *   was addressed to (its Host), so a server reached by another name still works. `Origin: null`
 *   (sandboxed frames, privacy redirects) is refused.
 * Neither header (curl, a mobile app) is not a browser's cross-site request: the CSRF token decides.
 */
export function crossOriginReason(c: Context, publicUrl: string): string | undefined {
  const site = c.req.header('sec-fetch-site')?.toLowerCase();
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `a ${site} request (Sec-Fetch-Site) cannot change anything`;
  const origin = c.req.header('origin');
  if (origin === undefined) return undefined;
  const own = new Set([new URL(publicUrl).origin, new URL(c.req.url).origin]);
  return own.has(origin) ? undefined : `Origin ${origin.slice(0, 200)} is not this server's origin`;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}

/** Refuses a state-changing request another site's page made (403 `csrf_failed`, naming why). */
export function sameOriginOnly(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const why = isSafeMethod(c.req.method) ? undefined : crossOriginReason(c, deps.config.publicUrl);
    if (why !== undefined) return problem(c, 'csrf_failed', why);
    await next();
  };
}
