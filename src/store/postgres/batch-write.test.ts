import { describe, expect, it } from 'vitest';
import { copyText } from './batch-write.js';

describe("COPY's text format", () => {
  it('writes a line per row, a tab between cells, \\N for null, and escapes what would break a row', () => {
    const cells = ['a\tb', null, 2n ** 63n, -5, 'back\\slash', 'new\nline\r', '香港 ü'];
    expect(copyText(cells, 7)).toBe('a\\tb\t\\N\t9223372036854775808\t-5\tback\\\\slash\tnew\\nline\\r\t香港 ü\n');
  });

  it('writes nothing for no rows and refuses cells that do not make whole rows', () => {
    expect(copyText([], 3)).toBe('');
    expect(() => copyText([1, 2], 3)).toThrow(/2 cells do not make rows of 3/);
  });
});
