/**
 * A TMF list answered from the store a page at a time. Each list names the filters its store
 * query serves from an index (pushed into SQL) and the attributes it derives per item (status,
 * isBilled, ...), which are checked on at most RESIDUAL_WINDOW rows per page: a page may then
 * hold fewer items than asked, with a `next` link to go on. Any other filter is refused.
 */
import type { Context } from 'hono';
import type { Key, PageArgs, PageOf } from '../../../store/keyset.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { decodeCursor, encodeCursor, MAX_LIMIT, MAX_OFFSET, offsetTooDeep, pageHeaders } from '../paging.js';
import { filtersOf, matchesFilters, selectFields, tmfProblem, type TmfObject } from './tmf-common.js';

/** Rows examined per page for a derived-attribute filter. */
export const RESIDUAL_WINDOW = 500;

export interface TmfList<T> {
  /** Filters the store query serves from an index. */
  indexed: readonly string[];
  /** Attributes derived per item, checked on a bounded window of rows. */
  derived?: readonly string[];
  /** Number of values in this list's key. */
  keyParts: number;
  fetch(args: PageArgs, filters: Readonly<Record<string, string>>): Promise<PageOf<T>>;
  toTmf(value: T): TmfObject;
}

type Decoded = { after?: Key; offset: number; limit: number; indexed: Record<string, string>; derived: Record<string, string> };

function decode<T>(c: Context, list: TmfList<T>): Decoded | Response {
  const q = c.req.query();
  const filters = filtersOf(c);
  const supported = [...list.indexed, ...(list.derived ?? [])];
  const unknown = Object.keys(filters).find((k) => !supported.includes(k));
  if (unknown !== undefined) {
    return tmfProblem(c, 'invalid_request', `${unknown}: not a filter this list serves; supported: ${supported.join(', ') || 'none'}`);
  }
  const offset = Number(q['offset'] ?? 0);
  if (offset > MAX_OFFSET) return tmfProblem(c, 'invalid_request', offsetTooDeep(offset));
  const after = q['after'] === undefined ? undefined : decodeCursor(q['after'], list.keyParts);
  if (q['after'] !== undefined && after === undefined) return tmfProblem(c, 'invalid_cursor', 'after: not a cursor this list handed out');
  const pick = (names: readonly string[]) => Object.fromEntries(Object.entries(filters).filter(([k]) => names.includes(k)));
  const derived = pick(list.derived ?? []);
  if (offset > 0 && Object.keys(derived).length > 0) {
    return tmfProblem(c, 'invalid_request', `offset: with ${Object.keys(derived).join(', ')}, page with the Link rel="next" cursor`);
  }
  return { ...(after ? { after } : {}), offset, limit: Math.min(Number(q['limit'] ?? 100), MAX_LIMIT), indexed: pick(list.indexed), derived };
}

/** Items of one page and the key to continue after, if any. */
async function collect<T>(list: TmfList<T>, d: Decoded): Promise<{ items: TmfObject[]; next?: Key }> {
  const base = { ...(d.after ? { after: d.after } : {}) };
  if (Object.keys(d.derived).length === 0) {
    const page = await list.fetch({ ...base, offset: d.offset, limit: d.limit }, d.indexed);
    const last = page.items[page.items.length - 1];
    return { items: page.items.map((i) => list.toTmf(i.value)), ...(page.more && last ? { next: last.key } : {}) };
  }
  const window = await list.fetch({ ...base, offset: 0, limit: RESIDUAL_WINDOW }, d.indexed);
  const items: TmfObject[] = [];
  let lastKey: Key | undefined;
  for (const row of window.items) {
    const tmf = list.toTmf(row.value);
    if (!matchesFilters(tmf, d.derived)) continue;
    if (items.length === d.limit) return { items, next: lastKey! };
    items.push(tmf);
    lastKey = row.key;
  }
  const last = window.items[window.items.length - 1];
  return { items, ...(window.more && last ? { next: last.key } : {}) };
}

export async function listPage<T>(c: Context, deps: AppDeps, list: TmfList<T>): Promise<Response> {
  const d = decode(c, list);
  if (d instanceof Response) return d;
  const { items, next } = await collect(list, d);
  const fields = c.req.query('fields');
  const headers = pageHeaders(c, deps.config.publicUrl, {
    resultCount: items.length,
    offset: d.offset,
    fromStart: d.after === undefined,
    ...(next ? { next: encodeCursor(next) } : {}),
  });
  return json(
    c,
    items.map((i) => selectFields(i, fields)),
    200,
    headers,
  );
}
