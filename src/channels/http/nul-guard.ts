import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { problem } from './problem.js';

// PostgreSQL refuses U+0000 in text (SQLite stores it): a NUL that reached a query answered 500 on
// one database and something else on the other. It is refused at the door instead, as the client's
// error, naming where it was. (NDJSON usage lines are the exception: each is judged on its own.)

const NUL = '\u0000';
const REASON = 'must not contain a NUL character (U+0000)';

/**
 * Where the first NUL of a parsed JSON value is, as a field path (`accounts[0].id`); undefined if
 * none. Walks with an explicit stack: a body's depth must not decide how deep the call stack goes.
 */
export function nulField(value: unknown): string | undefined {
  const stack: { value: unknown; at: string }[] = [{ value, at: '' }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value: v, at } = next;
    if (typeof v === 'string') {
      if (v.includes(NUL)) return at || '(body)';
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], at: `${at}[${i}]` });
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      for (const [key] of entries) if (key.includes(NUL)) return at ? `${at}.${key}` : key;
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        stack.push({ value: child, at: at ? `${at}.${key}` : key });
      }
    }
  }
  return undefined;
}

/** The problem answer for a NUL at `field`, in the shape `refuse` gives (plain or TM Forum). */
type Refuse = (c: Context, code: string, detail: string, extra: { errors: { field: string; reason: string }[] }) => Response;

export function nulProblem(c: Context, field: string, refuse: Refuse = problem): Response {
  return refuse(c, 'invalid_request', `${field}: ${REASON}`, { errors: [{ field, reason: REASON }] });
}

function formField(text: string): string | undefined {
  for (const [key, value] of new URLSearchParams(text)) if (key.includes(NUL) || value.includes(NUL)) return key.includes(NUL) ? '(body)' : key;
  return undefined;
}

/** Every request: a NUL in the path, the query or a form body is refused (JSON bodies: see json-body.ts). */
export const refuseNul: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = new URL(c.req.url);
  if (/%00/.test(url.pathname)) return nulProblem(c, '(path)');
  for (const [key, value] of url.searchParams) if (key.includes(NUL) || value.includes(NUL)) return nulProblem(c, key.includes(NUL) ? '(query)' : key);
  if (/^application\/x-www-form-urlencoded\b/i.test(c.req.header('content-type') ?? '')) {
    const field = formField(await c.req.text());
    if (field) return nulProblem(c, field);
  }
  await next();
};
