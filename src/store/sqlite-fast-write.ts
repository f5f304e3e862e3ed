import type BetterSqlite3 from 'better-sqlite3';
import type { Cell, ColumnType } from './bulk.js';

/**
 * The rating batch's writes on SQLite, straight on the connection: compiled statements kept per
 * shape and run synchronously, without building a query per call. Call only inside the store's
 * write transaction (SQLite has one connection, and these run to completion without yielding).
 */
const ROWS_PER_STATEMENT = 200;
const compiled = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** A statement compiled once per connection and shape. */
export function statement(db: BetterSqlite3.Database, key: string, sqlText: () => string): BetterSqlite3.Statement {
  let cache = compiled.get(db);
  if (!cache) compiled.set(db, (cache = new Map()));
  let st = cache.get(key);
  if (!st) cache.set(key, (st = db.prepare(sqlText())));
  return st;
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Inserts rows given as one flat array of cells, row after row (`columns.length` cells each). */
export function insertFlat(
  db: BetterSqlite3.Database, table: string, columns: readonly (readonly [string, ColumnType])[], cells: readonly Cell[],
  onConflictDoNothing = false,
): void {
  const width = columns.length;
  const rows = cells.length / width;
  for (let first = 0; first < rows; first += ROWS_PER_STATEMENT) {
    const n = Math.min(ROWS_PER_STATEMENT, rows - first);
    const st = statement(db, `insert:${table}:${n}:${onConflictDoNothing}`, () => {
      const one = `(${Array(width).fill('?').join(',')})`;
      return `insert into ${quoteId(table)} (${columns.map(([c]) => quoteId(c)).join(',')}) values ${Array(n).fill(one).join(',')}` +
        (onConflictDoNothing ? ' on conflict do nothing' : '');
    });
    st.run(cells.slice(first * width, (first + n) * width));
  }
}

/** Updates rows one by one by key; `cells` is flat, each row the `set` columns then the key. */
export function updateEach(
  db: BetterSqlite3.Database, table: string, key: string, set: readonly string[], cells: readonly Cell[], extraSet = '',
): void {
  const st = statement(db, `update:${table}:${set.join(',')}:${extraSet}`, () =>
    `update ${quoteId(table)} set ${[...set.map((c) => `${quoteId(c)} = ?`), ...(extraSet ? [extraSet] : [])].join(', ')} where ${quoteId(key)} = ?`);
  const width = set.length + 1;
  const args: Cell[] = new Array(width); // reused: run() binds synchronously
  for (let i = 0; i < cells.length; i += width) {
    for (let j = 0; j < width; j++) args[j] = cells[i + j]!;
    st.run(args);
  }
}
