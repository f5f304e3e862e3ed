/**
 * Kannel smsbox `sms-service` callback: `GET /channels/sms/kannel?from=%p&to=%P&text=%a&secret=...`.
 * The reply goes back in the body as text/plain UTF-8 (smsbox sends it to `from`, splitting it
 * with `concatenation = true`). Kannel vouches for `from`, so the endpoint answers only the
 * configured gateway addresses and the shared secret; without a secret it is not mounted at all.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { App, RouteModule } from '../http/app.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { LOOPBACK_ALLOW } from '../../config/address-list.js';
import { addressAllowList, socketAddress } from '../gateway-address.js';
import { decodeUcs2, encodingOf } from './segments.js';
import { replyToSms } from './sms-reply.js';

export interface KannelRouteConfig {
  /** The get-url's shared secret; undefined = endpoint off (404). */
  readonly secret: string | undefined;
  /** Addresses or CIDR blocks (IPv4 or IPv6) of the gateway. */
  readonly allow: readonly string[];
}

export const KANNEL_PATH = '/channels/sms/kannel';

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const text = (c: Context<AppEnv>, body: string, status: 200 | 400 | 403) => c.body(body, status, { 'content-type': 'text/plain; charset=utf-8' });

/** A query parameter's raw octets (percent-decoded, `+` = space), before any charset. */
function rawParam(url: string, name: string): Buffer | undefined {
  const query = url.split('?')[1] ?? '';
  const pair = query.split('&').find((p) => p.split('=')[0] === name);
  if (pair === undefined) return undefined;
  const value = pair.slice(name.length + 1).replace(/\+/g, ' ');
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '%' && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(value[i]!, 'utf8'));
  }
  return Buffer.from(bytes);
}

/**
 * The message text: UTF-8 (smsbox `mo-recode = true`), or UTF-16BE octets when the get-url also
 * passes `coding=%c&charset=%C` and Kannel left a UCS-2 message as it came.
 */
function incomingText(c: Context<AppEnv>): string | undefined {
  const raw = rawParam(c.req.url, 'text');
  if (raw === undefined) return undefined;
  const charset = (c.req.query('charset') ?? '').toUpperCase();
  if (charset === 'UTF-16BE' || charset === 'UCS-2' || (c.req.query('coding') === '2' && charset === '')) return decodeUcs2(raw);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return raw.toString('latin1');
  }
}

/** The Kannel callback with an explicit configuration (tests, bench). */
export function kannelRoute(config: KannelRouteConfig): RouteModule {
  return (app: App, deps: AppDeps) => {
    if (config.secret === undefined || config.secret === '') return;
    const secret = config.secret;
    const allowed = addressAllowList(config.allow);
    app.get(KANNEL_PATH, async (c) => {
      const address = socketAddress(c);
      if (!allowed(address)) {
        deps.log.warn({ address }, 'kannel callback from an address not in SIMLEDGER_KANNEL_ALLOW');
        return text(c, 'forbidden', 403);
      }
      if (!sameSecret(c.req.query('secret') ?? '', secret)) return text(c, 'forbidden', 403);
      const from = c.req.query('from');
      const body = incomingText(c);
      if (!from || body === undefined) return text(c, 'from and text are required', 400);
      const reply = await replyToSms(deps, from, body);
      // With `accept-x-kannel-headers = true`, smsbox sends a UCS-2 reply as UCS-2, not as '?'.
      c.header('X-Kannel-Coding', encodingOf(reply) === 'ucs2' ? '2' : '0');
      return text(c, reply, 200);
    });
  };
}

/** The module the server mounts: secret and allow list from the server config (SIMLEDGER_KANNEL_SECRET, SIMLEDGER_KANNEL_ALLOW). */
export const kannelRoutes: RouteModule = (app, deps) => kannelRoute({ secret: deps.config.kannelSecret, allow: deps.config.kannelAllow ?? LOOPBACK_ALLOW })(app, deps);
