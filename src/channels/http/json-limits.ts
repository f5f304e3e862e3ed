import type { Context } from 'hono';

/**
 * How deep a JSON body may nest. The deepest document the API defines (provisioning: a plan's
 * localized name inside a plan inside `plans`) is 4; anything near this limit is an attack.
 */
export const MAX_JSON_DEPTH = 64;

const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }

/**
 * The first nesting depth above `max` in JSON text, by one pass over its characters (strings
 * skipped), so a deeply nested body is refused before a parser builds its tree. Undefined when
 * within the limit; malformed text is left to the parser to name.
 */
export function excessDepth(text: string, max = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (OPEN.has(ch) && ++depth > max) return depth;
    else if (CLOSE.has(ch)) depth--;
  }
  return undefined;
}

export type JsonRead = { ok: true; value: unknown } | { ok: false; code: 'invalid_json'; detail: string; reason: string };

/** Parses JSON text within the depth limit; the reason names the problem for a 400. */
export function parseJsonText(text: string): JsonRead {
  if (excessDepth(text) !== undefined) {
    const reason = `nests deeper than ${MAX_JSON_DEPTH} levels`;
    return { ok: false, code: 'invalid_json', detail: `the body ${reason}`, reason };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, code: 'invalid_json', detail: `the body is not JSON: ${(error as Error).message}`, reason: 'not JSON' };
  }
}

/**
 * Reads the request's JSON body once, within the depth limit, and leaves the parsed value in
 * Hono's body cache so the schema validator and the handler do not parse it again.
 */
export async function readJsonBody(c: Context): Promise<JsonRead> {
  const read = parseJsonText(await c.req.text());
  if (read.ok) c.req.bodyCache.json = Promise.resolve(read.value);
  return read;
}
