import type BetterSqlite3 from 'better-sqlite3';
import type { Cell, ColumnType } from '../bulk.js';
import { rowFiller, type FlatRows } from '../batch-wire.js';
import { statement } from './statements.js';

/**
 * The rating batch's writes on SQLite, straight on the connection: compiled statements kept per
 * shape (see statements.ts) and run synchronously, without building a query per call. Call only inside the store's
 * write transaction (SQLite has one connection, and these run to completion without yielding).
 */
const ROWS_PER_STATEMENT = 200;
const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Inserts rows given as flat cells, row after row (`columns.length` cells each), or as sent by another
 * thread. `onConflict`: true to skip rows whose key exists, or an upsert's `on conflict ...` clause.
 */
export function insertFlat(db: BetterSqlite3.Database, table: string, columns: readonly (readonly [string, ColumnType])[], cells: FlatRows, onConflict: boolean | string = false): void {
  const width = columns.length;
  const { rows, fill } = rowFiller(cells, width);
  let args: Cell[] = [];
  for (let first = 0; first < rows; first += ROWS_PER_STATEMENT) {
    const n = Math.min(ROWS_PER_STATEMENT, rows - first);
    const st = statement(db, `insert:${table}:${n}:${onConflict}`, () => {
      const one = `(${Array(width).fill('?').join(',')})`;
      const conflict = typeof onConflict === 'string' ? ` ${onConflict}` : onConflict ? ' on conflict do nothing' : '';
      return `insert into ${quoteId(table)} (${columns.map(([c]) => quoteId(c)).join(',')}) values ${Array(n).fill(one).join(',')}${conflict}`;
    });
    if (args.length !== n * width) args = new Array<Cell>(n * width); // reused: run() binds synchronously
    fill(args, first, n);
    st.run(args);
  }
}

/** Updates rows one by one by key; each row is the `set` columns then the key. */
export function updateEach(db: BetterSqlite3.Database, table: string, key: string, set: readonly string[], cells: FlatRows, extraSet = ''): void {
  const st = statement(
    db,
    `update:${table}:${set.join(',')}:${extraSet}`,
    () => `update ${quoteId(table)} set ${[...set.map((c) => `${quoteId(c)} = ?`), ...(extraSet ? [extraSet] : [])].join(', ')} where ${quoteId(key)} = ?`,
  );
  const { rows, fill } = rowFiller(cells, set.length + 1);
  const args: Cell[] = new Array(set.length + 1); // reused: run() binds synchronously
  for (let r = 0; r < rows; r++) {
    fill(args, r, 1);
    st.run(args);
  }
}
