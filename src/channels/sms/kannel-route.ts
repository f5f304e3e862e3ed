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
import { ConfigError } from '../../config/config.js';
import { decodeUcs2, encodingOf } from './segments.js';
import { replyToSms } from './sms-reply.js';

export interface KannelRouteConfig {
  /** SIMLEDGER_KANNEL_SECRET; undefined = endpoint off (404). */
  readonly secret: string | undefined;
  /** SIMLEDGER_KANNEL_ALLOW: addresses (or IPv4 CIDRs) of the gateway; default loopback. */
  readonly allow: readonly string[];
}

export const KANNEL_PATH = '/channels/sms/kannel';
export const LOOPBACK = ['127.0.0.1', '::1'] as const;

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** True when `address` is one of `allow` (exact, or inside an IPv4 a.b.c.d/n); IPv4-mapped IPv6 counts as IPv4. */
export function isAllowedAddress(address: string | undefined, allow: readonly string[]): boolean {
  if (address === undefined) return false;
  const ip = address.replace(/^::ffff:/i, '');
  return allow.some((entry) => {
    const [net, bits] = entry.split('/');
    if (bits === undefined) return entry.toLowerCase() === ip.toLowerCase();
    const a = ipv4ToInt(ip);
    const b = ipv4ToInt(net ?? '');
    const n = Number(bits);
    if (a === undefined || b === undefined || !(n >= 0 && n <= 32)) return false;
    const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
    return ((a & mask) >>> 0) === ((b & mask) >>> 0);
  });
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function remoteAddress(c: Context<AppEnv>): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

const text = (c: Context<AppEnv>, body: string, status: 200 | 400 | 403) =>
  c.body(body, status, { 'content-type': 'text/plain; charset=utf-8' });

/** A query parameter's raw octets (percent-decoded, `+` = space), before any charset. */
function rawParam(url: string, name: string): Buffer | undefined {
  const query = url.split('?')[1] ?? '';
  const pair = query.split('&').find((p) => p.split('=')[0] === name);
  if (pair === undefined) return undefined;
  const value = pair.slice(name.length + 1).replace(/\+/g, ' ');
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '%' && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) { bytes.push(parseInt(value.slice(i + 1, i + 3), 16)); i += 2; }
    else bytes.push(...Buffer.from(value[i]!, 'utf8'));
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
    app.get(KANNEL_PATH, async (c) => {
      const address = remoteAddress(c);
      if (!isAllowedAddress(address, config.allow)) {
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

/** Reads SIMLEDGER_KANNEL_SECRET / SIMLEDGER_KANNEL_ALLOW; the allow list must hold addresses. */
export function kannelRouteConfigFrom(env: NodeJS.ProcessEnv): KannelRouteConfig {
  const allow = (env['SIMLEDGER_KANNEL_ALLOW'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const entry of allow) {
    if (!/^[0-9a-fA-F:.]+(\/\d{1,2})?$/.test(entry)) throw new ConfigError(`SIMLEDGER_KANNEL_ALLOW: "${entry}" is not an IP address or IPv4 CIDR`);
  }
  return { secret: env['SIMLEDGER_KANNEL_SECRET'] || undefined, allow: allow.length > 0 ? allow : [...LOOPBACK] };
}

/** The module the server mounts: configured from the environment when the app is built. */
export const kannelRoutes: RouteModule = (app, deps) => kannelRoute(kannelRouteConfigFrom(process.env))(app, deps);
