/**
 * Hostile requests generated from the server's OpenAPI document: for every operation, a valid
 * baseline (schema sample + the test's known ids), then every parameter and every leaf of the
 * body replaced by each value of a fixed table, and the body itself replaced by malformed,
 * deep, huge, NUL, lone-surrogate, invalid-UTF-8 and wrongly typed variants. Deterministic: the
 * same document gives the same requests in the same order.
 */

type Schema = Record<string, any>;
export interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

export interface Endpoint {
  method: string;
  path: string;
  op: Operation;
}
export interface FuzzRequest {
  label: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}
/** What a test supplies: known-good values for path parameters and bodies, keyed `id` / `POST /path`. */
export interface Baselines {
  params: Record<string, string>;
  bodies: Record<string, unknown>;
}

/** A raw JSON token spliced into a body in place of a value (numbers JSON.stringify cannot write). */
class Raw {
  constructor(readonly text: string) {}
}

const deep = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};

/** Values every body leaf is replaced by. */
export const VALUE_MUTATIONS: readonly unknown[] = [
  1e20,
  new Raw('9223372036854775808'),
  new Raw('-9223372036854775809'),
  new Raw('1e400'),
  new Raw('-0'),
  new Raw('123456789012345678901234567890'),
  '9223372036854775808',
  '-9223372036854775809',
  'NaN',
  'Infinity',
  -1,
  0,
  1.5,
  null,
  true,
  [],
  {},
  '',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  'x'.repeat(30_000),
  deep(60),
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
];

/** Values every path and query parameter is replaced by (already URL-encoded where the key says raw). */
export const PARAM_MUTATIONS: readonly { raw: string }[] = [
  '',
  ' ',
  '0',
  '-1',
  '1.5',
  '1e20',
  '9223372036854775808',
  '-9223372036854775809',
  'NaN',
  'Infinity',
  'null',
  '[]',
  '9999-12-31',
  '0000-00-00',
  '2026-02-30',
  '+275760-09-13',
  '9999-12',
  'x'.repeat(4_000),
  "' OR 1=1 --",
  'data,,voice',
]
  .map((v) => ({ raw: encodeURIComponent(v) }))
  .concat([{ raw: '%00' }, { raw: 'a%00b' }, { raw: '%ED%A0%80' }, { raw: '%FF%FE' }, { raw: '%' }, { raw: '%E0%A4%A' }, { raw: '..%2F..%2Fetc' }]);

const DEPTH_BOMB = '['.repeat(5_000) + ']'.repeat(5_000);

/** Whole bodies: malformed, deep, huge, NUL, lone surrogates, invalid UTF-8. */
function bodyMutations(valid: string, limitBytes: number): { label: string; body: string | Uint8Array }[] {
  const bytes = (list: number[]) => new Uint8Array(list);
  return [
    { label: 'empty', body: '' },
    { label: 'truncated', body: valid.slice(0, Math.max(1, valid.length >> 1)) },
    { label: 'not JSON', body: 'hello' },
    { label: 'null', body: 'null' },
    { label: 'array', body: '[]' },
    { label: 'string', body: '"x"' },
    { label: 'number 1e400', body: '1e400' },
    { label: 'depth 5000', body: DEPTH_BOMB },
    { label: 'object depth 5000', body: '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000) },
    { label: 'depth 65', body: JSON.stringify(deep(65)) },
    { label: 'NUL key', body: '{"a\\u0000":1}' },
    { label: 'lone surrogate key', body: '{"\\ud800":"\\udc00x"}' },
    { label: 'raw lone surrogate', body: `{"id":"${'\ud800'}"}` },
    { label: 'invalid UTF-8', body: bytes([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x22, 0x7d]) },
    { label: 'UTF-16 BOM', body: bytes([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]) },
    { label: 'at the limit', body: `{"pad":"${'x'.repeat(limitBytes - 12)}"}` },
    { label: 'over the limit', body: `{"pad":"${'x'.repeat(limitBytes + 10)}"}` },
  ];
}

const WRONG_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=zz', 'application/xml', 'application/json; charset=utf-16', ''];

export function endpointsOf(doc: Doc): Endpoint[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));
}

function resolve(doc: Doc, schema: Schema | undefined): Schema {
  let s = schema ?? {};
  for (let i = 0; i < 10 && typeof s['$ref'] === 'string'; i++) s = doc.components?.schemas?.[(s['$ref'] as string).split('/').pop()!] ?? {};
  return s;
}

/** A plausible value of a schema: its example, default or first enum, else a value of its type. */
export function sample(doc: Doc, schema: Schema | undefined, depth = 0): unknown {
  const s = resolve(doc, schema);
  if (s['example'] !== undefined) return s['example'];
  if (s['default'] !== undefined) return s['default'];
  if (Array.isArray(s['enum'])) return s['enum'][0];
  const variants = (s['anyOf'] ?? s['oneOf']) as Schema[] | undefined;
  if (variants?.[0]) return sample(doc, variants[0], depth);
  const type = Array.isArray(s['type']) ? s['type'][0] : s['type'];
  if (depth > 6) return null;
  if (type === 'object' || s['properties']) {
    const props = (s['properties'] ?? {}) as Record<string, Schema>;
    const required = new Set((s['required'] ?? []) as string[]);
    return Object.fromEntries(
      Object.entries(props)
        .filter(([k]) => required.has(k))
        .map(([k, v]) => [k, sample(doc, v, depth + 1)]),
    );
  }
  if (type === 'array') return [sample(doc, s['items'], depth + 1)];
  if (type === 'integer' || type === 'number') return s['minimum'] ?? 1;
  if (type === 'boolean') return true;
  if (s['format'] === 'date-time') return '2026-11-20T04:00:00Z';
  return 'x';
}

/** Paths to every leaf of a JSON value (arrays through their first item), at most `max`. */
function leafPaths(value: unknown, max = 14): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (v: unknown, at: (string | number)[]) => {
    if (out.length >= max) return;
    if (Array.isArray(v) && v.length > 0) walk(v[0], [...at, 0]);
    else if (v !== null && typeof v === 'object' && Object.keys(v).length > 0) for (const [k, c] of Object.entries(v)) walk(c, [...at, k]);
    else if (at.length > 0) out.push(at);
  };
  walk(value, []);
  return out.length > 0 ? out : [['extra']];
}

function replaced(value: unknown, path: (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = replaced(copy[head], rest, by);
  return copy;
}

/** JSON text with Raw tokens spliced in. */
function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => (v instanceof Raw ? `@@raw-token-${raws.push(v.text) - 1}@@` : v));
  return text.replace(/"@@raw-token-(\d+)@@"/g, (_m, i: string) => raws[Number(i)]!);
}

const label = (v: unknown) => (v instanceof Raw ? v.text : (JSON.stringify(v) ?? String(v))).slice(0, 40);

export interface CaseOptions {
  auth: Record<string, string>;
  limitBytes: number;
}

/** Every hostile request for one endpoint. */
export function fuzzRequests(doc: Doc, e: Endpoint, base: Baselines, o: CaseOptions): FuzzRequest[] {
  const params = (e.op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
  if (e.method === 'GET' && !params.some((p) => p.name === 'id')) params.push({ name: 'id', in: 'query' });
  const pathValues = Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, encodeURIComponent(base.params[p.name] ?? 'x')]));
  const url = (values: Record<string, string>, query = '') => e.path.replace(/\{(\w+)\}/g, (_m, n: string) => values[n] ?? 'x') + query;
  const [type, media] = Object.entries(e.op.requestBody?.content ?? {})[0] ?? [];
  const ndjson = type === 'application/x-ndjson';
  const valid = `${e.method} ${e.path}` in base.bodies ? base.bodies[`${e.method} ${e.path}`] : sample(doc, media?.schema);
  const encode = (v: unknown) => (ndjson ? `${toJsonText(v)}\n` : toJsonText(v));
  const request = (what: string, u: string, body?: string | Uint8Array, contentType = type): FuzzRequest => ({
    label: `${e.method} ${e.path} ${what}`,
    url: u,
    method: e.method,
    body,
    headers: { ...o.auth, ...(body !== undefined && contentType ? { 'content-type': contentType } : {}) },
  });
  const validBody = type === undefined ? undefined : encode(valid);
  const out: FuzzRequest[] = [request('baseline', url(pathValues), validBody)];
  for (const p of params) {
    for (const m of PARAM_MUTATIONS) {
      out.push(
        p.in === 'path'
          ? request(`path ${p.name}=${m.raw.slice(0, 30)}`, url({ ...pathValues, [p.name]: m.raw }), validBody)
          : request(`query ${p.name}=${m.raw.slice(0, 30)}`, url(pathValues, `?${encodeURIComponent(p.name)}=${m.raw}`), validBody),
      );
    }
  }
  if (type === undefined) return out;
  for (const path of leafPaths(valid)) {
    for (const v of VALUE_MUTATIONS) out.push(request(`body ${path.join('.')}=${label(v)}`, url(pathValues), encode(replaced(valid, path, v))));
  }
  for (const m of bodyMutations(toJsonText(valid), o.limitBytes)) out.push(request(`body ${m.label}`, url(pathValues), m.body));
  for (const t of [...WRONG_TYPES, ...(ndjson ? ['application/json'] : ['application/x-ndjson'])]) out.push(request(`content-type "${t}"`, url(pathValues), validBody, t));
  return out;
}
