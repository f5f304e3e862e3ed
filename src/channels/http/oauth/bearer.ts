/**
 * Subscriber reads that third-party apps may make too: a session cookie as before, or an OAuth
 * access token (`Authorization: Bearer ...`) carrying the route's scope. A token reads only the
 * eSIMs its consent names; any other eSIM is "not found", as another account's would be.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { liveConsent, touchConsent } from '../../../services/oauth/consents.js';
import type { AppScope } from '../../../services/oauth/oauth-scopes.js';
import type { AppDeps, AppEnv, AppGrant } from '../env.js';
import { problem } from '../problem.js';
import { requireSubscriber } from '../session-cookie.js';
import { oidcProvider, resourceOf, issuerFor } from './provider.js';

export interface VerifiedToken {
  clientId: string;
  accountId: string | undefined;
  grantId: string | undefined;
  scopes: Set<string>;
}

function challenge(c: Context, status: 401 | 403, error: string, detail: string, scope?: string): Response {
  const res = problem(c, status === 401 ? 'unauthorized' : 'insufficient_scope', detail, { status });
  res.headers.set('www-authenticate', `Bearer error="${error}", error_description="${detail}"${scope ? `, scope="${scope}"` : ''}`);
  return res;
}

export function bearerOf(c: Context): string | undefined {
  return c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
}

/** The live access token for our API, or undefined (unknown, expired, revoked, for another audience). */
export async function verifyAccessToken(deps: AppDeps, requestUrl: string, value: string): Promise<VerifiedToken | undefined> {
  const provider = await oidcProvider(deps, requestUrl);
  // A subscriber's token (code flow) or a client's own (client credentials: CAMARA's 2-legged access).
  const token = (await provider.AccessToken.find(value)) ?? (await provider.ClientCredentials.find(value));
  if (!token || token.isExpired || (token.exp ?? 0) * 1000 <= deps.now()) return undefined;
  const audience = resourceOf(issuerFor(deps, requestUrl));
  if (token.aud !== audience && !(Array.isArray(token.aud) && token.aud.includes(audience))) return undefined;
  if (!token.clientId || !(await provider.Client.find(token.clientId))) return undefined;
  return {
    clientId: token.clientId,
    accountId: 'accountId' in token ? token.accountId : undefined,
    grantId: 'grantId' in token ? token.grantId : undefined,
    scopes: new Set((token.scope ?? '').split(' ').filter(Boolean)),
  };
}

/** A subscriber's app token, with its live consent; the 401/403 answer otherwise. */
async function grantOf(c: Context<AppEnv>, deps: AppDeps, value: string, scope: string): Promise<AppGrant | Response> {
  const token = await verifyAccessToken(deps, c.req.url, value);
  if (!token || !token.accountId || !token.grantId) return challenge(c, 401, 'invalid_token', 'the access token is not valid, expired or was revoked');
  const consent = await liveConsent(deps.store, token.grantId, deps.now());
  if (!consent || consent.accountId !== token.accountId) return challenge(c, 401, 'invalid_token', "the subscriber withdrew this app's access");
  if (!token.scopes.has(scope)) return challenge(c, 403, 'insufficient_scope', `this token lacks the scope ${scope}`, scope);
  await touchConsent(deps.store, consent, deps.now());
  c.set('subscriber', { accountId: consent.accountId, sessionId: `grant:${consent.grantId}` });
  return { clientId: token.clientId, grantId: consent.grantId, scopes: token.scopes, iccids: consent.iccids };
}

/** The session guard, or an app's bearer token with `scope` for this read. */
export function requireReader(deps: AppDeps, scope: AppScope): MiddlewareHandler<AppEnv> {
  const session = requireSubscriber(deps);
  return async (c, next) => {
    const value = bearerOf(c);
    if (value === undefined) return session(c, next);
    const grant = await grantOf(c, deps, value, scope);
    if (grant instanceof Response) return grant;
    c.set('appGrant', grant);
    await next();
  };
}

/** The eSIMs the request may see: undefined for the subscriber's own session (all of theirs). */
export function consentedIccids(c: { get(key: 'appGrant'): AppGrant | undefined }): readonly string[] | undefined {
  return c.get('appGrant')?.iccids;
}

/** False when an app token asks for an eSIM its consent does not name (answer it as not found). */
export function mayReadEsim(c: { get(key: 'appGrant'): AppGrant | undefined }, iccid: string): boolean {
  const allowed = consentedIccids(c);
  return allowed === undefined || allowed.includes(iccid);
}
