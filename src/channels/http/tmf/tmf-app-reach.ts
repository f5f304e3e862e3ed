/**
 * TMF reads an app may make with the subscriber's consent: an operator key with tmf:read as
 * before, or an app's access token with the read's own scope, which sees only the token's
 * account and the eSIMs its consent names (anything else is "not found").
 */
import type { Context, MiddlewareHandler } from 'hono';
import { verifyApiKey } from '../../../services/api-keys.js';
import type { PageOf } from '../../../store/keyset.js';
import type { AppScope } from '../../../services/oauth/oauth-scopes.js';
import type { AppDeps, AppEnv } from '../env.js';
import { bearerOf, requireReader } from '../oauth/bearer.js';
import { requireScope } from '../operator-auth.js';

/** What an app token may see; undefined for an operator key (everything). */
export interface AppReach {
  accountId: string;
  iccids: readonly string[];
}

/** An operator key with tmf:read, or an app token with `appScope` (never a session cookie). */
export function requireTmfReader(deps: AppDeps, appScope: AppScope): MiddlewareHandler<AppEnv> {
  const operator = requireScope(deps, 'tmf:read');
  const app = requireReader(deps, appScope);
  return async (c, next) => {
    const value = bearerOf(c);
    if (value === undefined || (await verifyApiKey(deps.store, value)) !== undefined) return operator(c, next);
    return app(c, next);
  };
}

export function appReachOf(c: Context): AppReach | undefined {
  const grant = (c as Context<AppEnv>).get('appGrant');
  const accountId = (c as Context<AppEnv>).get('subscriber')?.accountId;
  return grant && accountId !== undefined ? { accountId, iccids: grant.iccids } : undefined;
}

/** Whether the request may see something of `accountId` (on `iccid`, when it is a line's). */
export function reaches(reach: AppReach | undefined, accountId: string, iccid?: string): boolean {
  if (reach === undefined) return true;
  return reach.accountId === accountId && (iccid === undefined || reach.iccids.includes(iccid));
}

/**
 * The account and eSIMs a list is held to: everything for an operator ({}), the token's own for
 * an app; undefined when the list asks for an account or eSIM outside them (an empty page).
 */
export function heldTo(reach: AppReach | undefined, asked: { accountId?: string | undefined; iccid?: string | undefined }): { accountId?: string; iccids?: readonly string[] } | undefined {
  if (reach === undefined) return {};
  if (!reaches(reach, asked.accountId ?? reach.accountId, asked.iccid)) return undefined;
  return { accountId: reach.accountId, iccids: reach.iccids };
}

/** The page a list outside the token's reach answers. */
export const emptyPage = <T>(): PageOf<T> => ({ items: [], more: false });
