import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { toJson } from '../../services/export-balances.js';

/** JSON with bigints written as exact integers (minor units, bytes) — never through Number. */
export function json(c: Context, value: unknown, status: ContentfulStatusCode = 200, headers: Record<string, string> = {}): Response {
  return c.body(toJson(value), status, { 'content-type': 'application/json; charset=utf-8', ...headers });
}
