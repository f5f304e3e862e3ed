import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrfMatches, resolveSession, SESSION_MAX_MS, type Session } from '../../services/sessions.js';
import type { AppDeps, AppEnv } from './env.js';
import { problem } from './problem.js';
import { crossOriginReason, isSafeMethod } from './same-origin.js';

/**
 * `__Host-` cookies must be Secure; browsers accept Secure cookies over TLS and on loopback
 * (http://127.0.0.1, http://localhost). A plain-HTTP public address gets an unprefixed cookie.
 */
function cookieSettings(deps: AppDeps): { name: string; secure: boolean } {
  const url = new URL(deps.config.publicUrl);
  const secure = url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  return { name: secure ? '__Host-simledger' : 'simledger_session', secure };
}

export function setSessionCookie(c: Context, deps: AppDeps, token: string): void {
  const { name, secure } = cookieSettings(deps);
  setCookie(c, name, token, { httpOnly: true, secure, sameSite: 'Lax', path: '/', maxAge: SESSION_MAX_MS / 1000 });
}

export function clearSessionCookie(c: Context, deps: AppDeps): void {
  const { name, secure } = cookieSettings(deps);
  deleteCookie(c, name, { path: '/', secure });
}

/** The session behind the request's cookie, if any (no CSRF check: for reads and sign-out). */
export async function sessionOf(c: Context, deps: AppDeps): Promise<Session | undefined> {
  const token = getCookie(c, cookieSettings(deps).name);
  return token ? resolveSession(deps.store, token, deps.now()) : undefined;
}

/**
 * Subscriber routes: a live session, and on every state-changing request the session's CSRF
 * token in `X-CSRF-Token` (a cross-site form or fetch cannot read it, so cannot send it) and no
 * sign of another site in Origin / Sec-Fetch-Site (same-origin.ts).
 */
export function requireSubscriber(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = await sessionOf(c, deps);
    if (!session) return problem(c, 'unauthorized', 'sign in first', { status: 401 });
    if (!isSafeMethod(c.req.method)) {
      const crossOrigin = crossOriginReason(c, deps.config.publicUrl);
      if (crossOrigin !== undefined) return problem(c, 'csrf_failed', crossOrigin);
      if (!csrfMatches(session, c.req.header('x-csrf-token'))) return problem(c, 'csrf_failed', 'missing or wrong X-CSRF-Token header');
    }
    c.set('subscriber', { accountId: session.accountId, sessionId: session.idHash });
    await next();
  };
}
