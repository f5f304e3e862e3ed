import { describe, expect, it } from 'vitest';
import { cellsOf, encodeTable, rowFiller, TableBuilder, transferables, withKeyOrder, type FlatRows } from './batch-wire.js';
import type { Cell } from './bulk.js';

/** Rows [first, first + n) as the writer reads them. */
function read(rows: FlatRows, width: number, first = 0, n = rowFiller(rows, width).rows): Cell[] {
  const out: Cell[] = new Array(n * width);
  rowFiller(rows, width).fill(out, first, n);
  return out;
}

describe('flat rows between threads', () => {
  it('gives back every cell as it was: numbers, strings of any content, nulls, bigints, mixed columns', () => {
    const cells: Cell[] = [1, 'a\u0000b', '', 2 ** 53 - 1, null, 'x', 2, 'ünï€😀', '香港', -0.5, 7, 2n ** 60n + 1n, 3, 'line\nbreak', 'قطر', 1_793_491_200_000, null, 'y'];
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

  it('gathers rows chunk by chunk into the columns encodeTable would give, a column turning to cells at its first odd value', () => {
    const builder = new TableBuilder(3);
    builder.append([1, 'a', 10, 2, 'bb', 20]);
    builder.append([]);
    builder.append([3, '', null, 4, '香港', 2n ** 60n]);
    expect(builder.rows).toBe(4);
    const table = builder.take();
    expect(table.columns.map((c) => Object.keys(c)[0])).toEqual(['numbers', 'text', 'cells']);
    expect(transferables(table)).toHaveLength(2);
    const cells = [1, 'a', 10, 2, 'bb', 20, 3, '', null, 4, '香港', 2n ** 60n];
    expect(cellsOf(table, 3)).toEqual(cells);
    expect(read(structuredClone(table, { transfer: transferables(table) }), 3)).toEqual(cells);
    // A string column that meets a number keeps its earlier strings, as cells.
    const mixed = new TableBuilder(1);
    mixed.append(['x', 'yz']);
    mixed.append([5]);
    expect(read(mixed.take(), 1)).toEqual(['x', 'yz', 5]);
    // Taken, the builder starts empty; more than its first capacity of rows.
    expect(read(builder.take(), 3)).toEqual([]);
    const many = Array.from({ length: 5000 }, (_, i) => [i, `e${i}`, i * 2]).flat();
    builder.append(many.slice(0, 3000));
    builder.append(many.slice(3000));
    expect(read(builder.take(), 3)).toEqual(many);
    expect(() => builder.append([1, 2])).toThrow('2 cells do not make rows of 3');
  });

  it('hands rows over in the order of an index key, ties in arrival order, across threads and slices', () => {
    const builder = new TableBuilder(3);
    // id, account, started_at: as an import gathers records (by id), to be written by account and time.
    builder.append([10, 'A2', 500, 11, 'A10', 700, 12, 'A2', 100]);
    builder.append([13, 'A10', 700, 14, null, 900, 15, 'A1', 300]);
    const table = withKeyOrder(builder.take(), [1, 2]);
    // Text in code-unit order ('A10' before 'A2', as SQLite's index has it); null first; 11 before 13 (a tie).
    const expected = [14, null, 900, 15, 'A1', 300, 11, 'A10', 700, 13, 'A10', 700, 12, 'A2', 100, 10, 'A2', 500];
    expect(cellsOf(table, 3)).toEqual(expected);
    expect(transferables(table)).toContain(table.order!.buffer);
    const moved = structuredClone(table, { transfer: transferables(table) });
    expect(read(moved, 3)).toEqual(expected);
    expect(read(moved, 3, 2, 3)).toEqual(expected.slice(6, 15));
    expect(cellsOf(withKeyOrder(new TableBuilder(3).take(), [1]), 3)).toEqual([]);
  });
});
