import type { Cell } from './bulk.js';

/**
 * Flat rows (cell after cell, `width` cells a row) as handed to another thread, column by column:
 * a column of numbers as a Float64Array (moved, not copied: its buffer is transferred), a column
 * of strings as one text and each string's length, anything else (nulls, bigints, a mix) as its
 * cells (structured clone). Measured on a batch of 20,000 usage rows against one JSON text of the
 * rows (which cannot carry a bigint anyway): see batch-writer.ts.
 */
export type WireColumn = { readonly numbers: Float64Array } | { readonly text: string; readonly lengths: Uint32Array } | { readonly cells: Cell[] };

/**
 * `order`, when present, is the order to write the rows in: row `order[i]` goes i-th (see
 * `withKeyOrder`).
 */
export interface WireTable {
  readonly width: number;
  readonly rows: number;
  readonly columns: readonly WireColumn[];
  readonly order?: Uint32Array;
}

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
      fill: (out, first, n) => {
        for (let i = 0, at = first * width, end = (first + n) * width; at < end; i++, at++) out[i] = cells[at]!;
      },
    };
  }
  const table = rows as WireTable;
  if (table.width !== width) throw new Error(`rows of ${table.width} cells where ${width} were expected`);
  const readers = table.columns.map((col) => columnReader(col, table.rows));
  const order = table.order;
  return {
    rows: table.rows,
    fill: (out, first, n) => {
      for (let r = 0, i = 0; r < n; r++) {
        const row = order ? order[first + r]! : first + r;
        for (let c = 0; c < width; c++) out[i++] = readers[c]!(row);
      }
    },
  };
}

/** Reads one cell of a column by its row. */
function columnReader(col: WireColumn, rows: number): (r: number) => Cell {
  if ('numbers' in col) return (r) => col.numbers[r]!;
  if ('cells' in col) return (r) => col.cells[r]!;
  const starts = new Uint32Array(rows + 1);
  for (let r = 0; r < rows; r++) starts[r + 1] = starts[r]! + col.lengths[r]!;
  return (r) => col.text.slice(starts[r]!, starts[r + 1]!);
}

/**
 * The table with its rows to be written in the order of `keyColumns` (an index's key), ties in
 * the order they came. A batch's rows land all over an index keyed by line or account: in key
 * order each of the index's pages is changed in one go, not dirtied, pushed out of a small page
 * cache and dirtied again later in the same transaction (see batch-writer.ts).
 */
export function withKeyOrder(table: WireTable, keyColumns: readonly number[]): WireTable {
  const keys = keyColumns.map((c) => {
    const read = columnReader(table.columns[c]!, table.rows);
    return Array.from({ length: table.rows }, (_, r) => read(r));
  });
  const order = new Uint32Array(table.rows);
  for (let r = 0; r < order.length; r++) order[r] = r;
  order.sort((a, b) => {
    for (const column of keys) {
      const x = column[a]!;
      const y = column[b]!;
      if (x !== y) return x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
    }
    return a - b;
  });
  return { ...table, order };
}

/** The buffers a table's columns can move to another thread in (instead of being copied). */
export function transferables(table: WireTable): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const col of table.columns) {
    if ('numbers' in col) buffers.push(col.numbers.buffer as ArrayBuffer);
    else if ('lengths' in col) buffers.push(col.lengths.buffer as ArrayBuffer);
  }
  if (table.order) buffers.push(table.order.buffer as ArrayBuffer);
  return buffers;
}

/** Rows as flat cells, read back from their columns if they came as columns. */
export function cellsOf(rows: FlatRows, width: number): readonly Cell[] {
  if (Array.isArray(rows)) return rows as readonly Cell[];
  const { rows: n, fill } = rowFiller(rows, width);
  const out: Cell[] = new Array(n * width);
  fill(out, 0, n);
  return out;
}

/**
 * One column being appended to, chunk after chunk: numbers into a growing Float64Array, strings
 * joined into one text per chunk with their lengths, anything else (a null, a bigint, a mix) as
 * cells, the column's earlier values then turned into cells too.
 */
class ColumnBuilder {
  private kind: 'empty' | 'number' | 'string' | 'mixed' = 'empty';
  private numbers = new Float64Array(0);
  private lengths = new Uint32Array(0);
  private texts: string[] = [];
  private cells: Cell[] = [];
  private size = 0;

  append(source: readonly Cell[], column: number, width: number, rows: number): void {
    if (rows === 0) return;
    if (this.kind === 'empty') {
      const first = typeof source[column];
      this.kind = first === 'number' ? 'number' : first === 'string' ? 'string' : 'mixed';
    }
    if (this.kind === 'number' && !every(source, column, width, 'number')) this.toMixed();
    if (this.kind === 'string' && !every(source, column, width, 'string')) this.toMixed();
    if (this.kind === 'number') {
      this.numbers = grown(this.numbers, this.size + rows);
      for (let r = 0, i = column; r < rows; r++, i += width) this.numbers[this.size + r] = source[i] as number;
    } else if (this.kind === 'string') {
      this.lengths = grown(this.lengths, this.size + rows);
      const parts: string[] = new Array(rows);
      for (let r = 0, i = column; r < rows; r++, i += width) {
        const s = source[i] as string;
        parts[r] = s;
        this.lengths[this.size + r] = s.length;
      }
      // Joined now, into one flat string: the chunk's own strings can go at once.
      this.texts.push(parts.join(''));
    } else {
      for (let i = column; i < source.length; i += width) this.cells.push(source[i]!);
    }
    this.size += rows;
  }

  /** The column as sent to another thread; empties it. */
  take(): WireColumn {
    let column: WireColumn;
    if (this.kind === 'number') {
      column = { numbers: this.numbers.slice(0, this.size) };
    } else if (this.kind === 'string') {
      column = { text: this.texts.join(''), lengths: this.lengths.slice(0, this.size) };
    } else {
      column = { cells: this.cells };
    }
    this.kind = 'empty';
    this.numbers = new Float64Array(0);
    this.lengths = new Uint32Array(0);
    this.texts = [];
    this.cells = [];
    this.size = 0;
    return column;
  }

  private toMixed(): void {
    const cells: Cell[] = [];
    if (this.kind === 'number') for (let r = 0; r < this.size; r++) cells.push(this.numbers[r]!);
    if (this.kind === 'string') {
      const text = this.texts.join('');
      for (let r = 0, at = 0; r < this.size; r++) {
        cells.push(text.slice(at, at + this.lengths[r]!));
        at += this.lengths[r]!;
      }
    }
    this.kind = 'mixed';
    this.cells = cells;
    this.numbers = new Float64Array(0);
    this.lengths = new Uint32Array(0);
    this.texts = [];
  }
}

function every(cells: readonly Cell[], column: number, width: number, type: 'number' | 'string'): boolean {
  for (let i = column; i < cells.length; i += width) if (typeof cells[i] !== type) return false;
  return true;
}

function grown<T extends Float64Array | Uint32Array>(array: T, size: number): T {
  if (array.length >= size) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2, 1024));
  next.set(array);
  return next;
}

/**
 * Flat rows gathered straight into their columns, chunk after chunk, and taken as a table for
 * another thread. An import gathers each transaction's rows from ten chunks: as flat cells they
 * lived through the whole gathering (their numbers boxed one by one) and were promoted to the old
 * generation, to be collected there; as columns the chunk's cells die young.
 */
export class TableBuilder {
  private readonly columns: ColumnBuilder[];
  private size = 0;

  constructor(readonly width: number) {
    this.columns = Array.from({ length: width }, () => new ColumnBuilder());
  }

  get rows(): number {
    return this.size;
  }

  append(cells: readonly Cell[]): void {
    if (cells.length % this.width !== 0) throw new Error(`${cells.length} cells do not make rows of ${this.width}`);
    const rows = cells.length / this.width;
    for (let c = 0; c < this.width; c++) this.columns[c]!.append(cells, c, this.width, rows);
    this.size += rows;
  }

  /** The rows gathered so far, as a table (see `transferables`); empties the builder. */
  take(): WireTable {
    const table = { width: this.width, rows: this.size, columns: this.columns.map((c) => c.take()) };
    this.size = 0;
    return table;
  }
}
