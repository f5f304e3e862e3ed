import { describe, expect, it } from 'vitest';
import { encodeTable, rowFiller, type FlatRows } from './batch-wire.js';
import type { Cell } from './bulk.js';

/** Rows [first, first + n) as the writer reads them. */
function read(rows: FlatRows, width: number, first = 0, n = rowFiller(rows, width).rows): Cell[] {
  const out: Cell[] = new Array(n * width);
  rowFiller(rows, width).fill(out, first, n);
  return out;
}

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
    expect(read(structuredClone(table), 6)).toEqual(cells);
    // A slice of rows reads the same from the columns as from the flat cells.
    expect(read(structuredClone(table), 6, 1, 2)).toEqual(cells.slice(6));
    expect(read(cells, 6, 1, 1)).toEqual(cells.slice(6, 12));
  });

  it('carries no rows, and refuses cells that do not make whole rows', () => {
    expect(read(encodeTable([], 3, []), 3)).toEqual([]);
    expect(() => read(encodeTable([1, 2, 3], 3, []), 2)).toThrow('rows of 3 cells where 2 were expected');
    expect(() => encodeTable([1, 2], 3, [])).toThrow('2 cells do not make rows of 3');
  });
});
