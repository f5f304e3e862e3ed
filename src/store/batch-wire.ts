import type { Cell } from './bulk.js';

/**
 * Flat rows (cell after cell, `width` cells a row) as handed to another thread, column by column:
 * a column of numbers as a Float64Array (moved, not copied: its buffer is transferred), a column
 * of strings as one text and each string's length, anything else (nulls, bigints, a mix) as its
 * cells (structured clone). Measured on a batch of 20,000 usage rows against one JSON text of the
 * rows (which cannot carry a bigint anyway): see batch-writer.ts.
 */
export type WireColumn =
  | { readonly numbers: Float64Array }
  | { readonly text: string; readonly lengths: Uint32Array }
  | { readonly cells: Cell[] };

export interface WireTable { readonly width: number; readonly rows: number; readonly columns: readonly WireColumn[] }

function columnKind(cells: readonly Cell[], width: number, column: number): 'number' | 'string' | 'mixed' {
  const first = typeof cells[column];
  if (first !== 'number' && first !== 'string') return 'mixed';
  for (let i = column + width; i < cells.length; i += width) if (typeof cells[i] !== first) return 'mixed';
  return first;
}

function encodeColumn(cells: readonly Cell[], width: number, rows: number, column: number, transfer: ArrayBuffer[]): WireColumn {
  const kind = columnKind(cells, width, column);
  if (kind === 'number') {
    const numbers = new Float64Array(rows);
    for (let r = 0, i = column; r < rows; r++, i += width) numbers[r] = cells[i] as number;
    transfer.push(numbers.buffer);
    return { numbers };
  }
  if (kind === 'string') {
    const parts: string[] = new Array(rows);
    const lengths = new Uint32Array(rows);
    for (let r = 0, i = column; r < rows; r++, i += width) {
      const s = cells[i] as string;
      parts[r] = s;
      lengths[r] = s.length;
    }
    transfer.push(lengths.buffer);
    return { text: parts.join(''), lengths };
  }
  const out: Cell[] = new Array(rows);
  for (let r = 0, i = column; r < rows; r++, i += width) out[r] = cells[i]!;
  return { cells: out };
}

/** Encodes flat rows; the buffers to transfer with the message are pushed onto `transfer`. */
export function encodeTable(cells: readonly Cell[], width: number, transfer: ArrayBuffer[]): WireTable {
  if (cells.length % width !== 0) throw new Error(`${cells.length} cells do not make rows of ${width}`);
  const rows = cells.length / width;
  const columns: WireColumn[] = [];
  for (let c = 0; c < width; c++) columns.push(encodeColumn(cells, width, rows, c, transfer));
  return { width, rows, columns };
}

/** Rows as flat cells here, or as they came from another thread. */
export type FlatRows = readonly Cell[] | WireTable;

/** Copies rows [first, first + n) of `rows`, cell after cell, into `out` (from index 0). */
export type RowFiller = (out: Cell[], first: number, n: number) => void;

/**
 * Reads rows a slice at a time, straight from their columns when they came from another thread:
 * the writer binds each statement's rows from them without first rebuilding the batch's ~340,000
 * cells as one array (that array, its numbers boxed one by one, was most of the writer's heap).
 */
export function rowFiller(rows: FlatRows, width: number): { rows: number; fill: RowFiller } {
  if (Array.isArray(rows)) {
    const cells = rows as readonly Cell[];
    return {
      rows: cells.length / width,
      fill: (out, first, n) => { for (let i = 0, at = first * width, end = (first + n) * width; at < end; i++, at++) out[i] = cells[at]!; },
    };
  }
  const table = rows as WireTable;
  if (table.width !== width) throw new Error(`rows of ${table.width} cells where ${width} were expected`);
  const readers = table.columns.map((col): (r: number) => Cell => {
    if ('numbers' in col) return (r) => col.numbers[r]!;
    if ('cells' in col) return (r) => col.cells[r]!;
    const starts = new Uint32Array(table.rows + 1);
    for (let r = 0; r < table.rows; r++) starts[r + 1] = starts[r]! + col.lengths[r]!;
    return (r) => col.text.slice(starts[r]!, starts[r + 1]!);
  });
  return {
    rows: table.rows,
    fill: (out, first, n) => {
      for (let r = 0, i = 0; r < n; r++) for (let c = 0; c < width; c++) out[i++] = readers[c]!(first + r);
    },
  };
}
