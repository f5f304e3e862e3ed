import { describe, expect, it } from 'vitest';
import { decodeTable, encodeTable } from './batch-wire.js';
import type { Cell } from './bulk.js';

describe('flat rows between threads', () => {
  it('gives back every cell as it was: numbers, strings of any content, nulls, bigints, mixed columns', () => {
    const cells: Cell[] = [
      1, 'a\u0000b', '', 2 ** 53 - 1, null, 'x',
      2, 'ünï€😀', '香港', -0.5, 7, 2n ** 60n + 1n,
      3, 'line\nbreak', 'قطر', 1_793_491_200_000, null, 'y',
    ];
    const transfer: ArrayBuffer[] = [];
    const table = encodeTable(cells, 6, transfer);
    expect(table.columns.map((c) => Object.keys(c)[0])).toEqual(['numbers', 'text', 'text', 'numbers', 'cells', 'cells']);
    expect(transfer).toHaveLength(4); // two number columns, two length arrays
    expect(decodeTable(structuredClone(table))).toEqual(cells);
  });

  it('carries no rows, and refuses cells that do not make whole rows', () => {
    expect(decodeTable(encodeTable([], 3, []))).toEqual([]);
    expect(() => encodeTable([1, 2], 3, [])).toThrow('2 cells do not make rows of 3');
  });
});
