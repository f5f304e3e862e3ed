/**
 * What every CAMARA route shares: errors as `{status, code, message}`, the `x-correlator` echo,
 * the caller from the bearer token (2-legged: client credentials; 3-legged: a subscriber's consent)
 * and JSON bodies refused as INVALID_ARGUMENT.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { liveConsent } from '../../../services/oauth/consents.js';
import type { CamaraCaller } from '../../../services/camara/data-volume.js';
import type { AppDeps } from '../env.js';
import { bearerOf, verifyAccessToken } from '../oauth/bearer.js';

const CORRELATOR = /^[a-zA-Z0-9-_:;./<>{}]{0,256}$/;

export function camaraError(c: Context, status: 400 | 401 | 403 | 404 | 409 | 422 | 429, code: string, message: string): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const correlator = c.req.header('x-correlator');
  if (correlator !== undefined && CORRELATOR.test(correlator)) headers['x-correlator'] = correlator;
  return new Response(JSON.stringify({ status, code, message }), { status, headers });
}

export function camaraJson(c: Context, status: 200 | 201 | 202, body: unknown): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const correlator = c.req.header('x-correlator');
  if (correlator !== undefined) headers['x-correlator'] = correlator;
  return new Response(JSON.stringify(body), { status, headers });
}

export function camaraEmpty(c: Context): Response {
  const correlator = c.req.header('x-correlator');
  return new Response(null, { status: 204, headers: correlator === undefined ? {} : { 'x-correlator': correlator } });
}

/** A malformed x-correlator is the client's error. */
export function badCorrelator(c: Context): Response | undefined {
  const value = c.req.header('x-correlator');
  return value !== undefined && !CORRELATOR.test(value) ? camaraError(c, 400, 'INVALID_ARGUMENT', 'x-correlator does not match its pattern') : undefined;
}

/** The caller of a live token holding `allowed(scopes)`; the 401 / 403 answer otherwise. */
export async function camaraCaller(c: Context, deps: AppDeps, allowed: (scopes: ReadonlySet<string>) => boolean): Promise<CamaraCaller | Response> {
  const unauthenticated = () => camaraError(c, 401, 'UNAUTHENTICATED', 'Request not authenticated due to missing, invalid, or expired credentials.');
  const value = bearerOf(c);
  if (value === undefined) return unauthenticated();
  const token = await verifyAccessToken(deps, c.req.url, value);
  if (!token) return unauthenticated();
  if (!allowed(token.scopes)) return camaraError(c, 403, 'PERMISSION_DENIED', 'Client does not have sufficient permissions to perform this action.');
  if (token.accountId === undefined) return { legs: 2, clientId: token.clientId };
  const consent = token.grantId ? await liveConsent(deps.store, token.grantId, deps.now()) : undefined;
  if (!consent || consent.accountId !== token.accountId) return unauthenticated();
  return { legs: 3, clientId: token.clientId, accountId: consent.accountId, iccids: consent.iccids };
}

/** The JSON body parsed by `schema`, or 400 INVALID_ARGUMENT naming the first problem. */
export async function camaraBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S> | Response> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return camaraError(c, 400, 'INVALID_ARGUMENT', 'The request body is not JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data as z.infer<S>;
  const issue = parsed.error.issues[0]!;
  return camaraError(c, 400, 'INVALID_ARGUMENT', `${issue.path.join('.') || 'body'}: ${issue.message}`);
}

/** A CAMARA handler's common start: the x-correlator check, then the caller with `allowed` scopes. */
export async function withCaller(c: Context, deps: AppDeps, allowed: (scopes: ReadonlySet<string>) => boolean, handle: (caller: CamaraCaller) => Promise<Response>): Promise<Response> {
  const early = badCorrelator(c);
  if (early) return early;
  const caller = await camaraCaller(c, deps, allowed);
  return caller instanceof Response ? caller : handle(caller);
}
