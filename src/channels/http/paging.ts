/**
 * Paging by cursor for every list: `after` carries the key of the last item seen (opaque to the
 * client), the `Link: <...>; rel="next"` header hands it out, and `offset` stays within MAX_OFFSET.
 * X-Total-Count is sent only when the page shows the whole remainder of the list from its start
 * (then it is exact without counting); otherwise X-Result-Count alone, as TMF630 allows.
 */
import type { Context } from 'hono';
import { isKey, type Key } from '../../store/keyset.js';

/** Deepest offset a list serves; deeper pages follow the `next` link. */
export const MAX_OFFSET = 10_000;
export const MAX_LIMIT = 1000;

export const encodeCursor = (key: Key): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/** The key a cursor carries, when it has this list's shape (`parts` values). */
export function decodeCursor(cursor: string, parts: number): Key | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return isKey(value, parts) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The request's own URL with `after` set to the cursor (and no offset): the next page. */
export function nextLink(c: Context, publicUrl: string, cursor: string): string {
  const params = new URLSearchParams(new URL(c.req.url).search);
  params.delete('offset');
  params.set('after', cursor);
  return `${publicUrl}${c.req.path}?${params.toString()}`;
}

export interface PageHeadersInput {
  resultCount: number;
  offset: number;
  fromStart: boolean;
  next?: string;
}

export function pageHeaders(c: Context, publicUrl: string, p: PageHeadersInput): Record<string, string> {
  const headers: Record<string, string> = { 'X-Result-Count': String(p.resultCount) };
  if (p.next !== undefined) headers['Link'] = `<${nextLink(c, publicUrl, p.next)}>; rel="next"`;
  else if (p.fromStart) headers['X-Total-Count'] = String(p.offset + p.resultCount);
  return headers;
}

export const offsetTooDeep = (offset: number) => `offset: ${offset} is deeper than ${MAX_OFFSET}; follow the Link rel="next" cursor (after=...) to page further`;
