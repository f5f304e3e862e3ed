import { describe, expect, it } from 'vitest';
import { excessDepth, MAX_JSON_DEPTH, parseJsonText } from './json-limits.js';
import { nulField } from './nul-guard.js';

const nest = (levels: number, inner: unknown): unknown => {
  let v = inner;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};

describe('excessDepth', () => {
  it('counts arrays and objects, not brackets inside strings or after escapes', () => {
    expect(excessDepth(JSON.stringify(nest(MAX_JSON_DEPTH, 1)))).toBeUndefined();
    expect(excessDepth(JSON.stringify(nest(MAX_JSON_DEPTH + 1, 1)))).toBe(MAX_JSON_DEPTH + 1);
    expect(excessDepth('{"a":{"b":[1]}}', 2)).toBe(3);
    expect(excessDepth(`{"s":"${'['.repeat(500)}"}`, 2)).toBeUndefined();
    expect(excessDepth(`{"s":"\\"${'{'.repeat(500)}"}`, 2)).toBeUndefined();
    expect(excessDepth('["\\\\",[[[1]]]]', 3)).toBe(4);
  });

  it('refuses a 5,000-deep body before parsing it, naming the limit', () => {
    const read = parseJsonText('['.repeat(5_000) + ']'.repeat(5_000));
    expect(read).toMatchObject({ ok: false, code: 'invalid_json', reason: `nests deeper than ${MAX_JSON_DEPTH} levels` });
    expect(parseJsonText('{"a":')).toMatchObject({ ok: false, code: 'invalid_json', reason: 'not JSON' });
    expect(parseJsonText('{"a":[1]}')).toEqual({ ok: true, value: { a: [1] } });
  });
});

describe('nulField', () => {
  it('walks any depth without recursion and names the path', () => {
    expect(nulField(nest(50_000, 'a\u0000'))).toBe(`${'[0]'.repeat(50_000)}`);
    expect(nulField(nest(50_000, 'fine'))).toBeUndefined();
    expect(nulField({ accounts: [{ id: 'x' }, { id: 'y\u0000' }] })).toBe('accounts[1].id');
    expect(nulField({ ['k\u0000']: 1 })).toBe('k\u0000');
    expect(nulField('\u0000')).toBe('(body)');
  });
});
