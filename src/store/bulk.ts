import { CompiledQuery, PostgresAdapter, sql } from 'kysely';
import type { Db } from './open-store.js';

export type Cell = string | number | bigint | null;
export type ColumnType = 'text' | 'bigint';

/** Splits rows so that one statement stays under both databases' bound-parameter limits. */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** SQLite statements are compiled per call: moderate, repeated shapes keep that cheap. */
const SQLITE_ROWS_PER_STATEMENT = 200;

/** PostgreSQL takes typed arrays through `unnest`; SQLite multi-row VALUES. Known from the connection, not told by the caller. */
function onPostgres(tx: Db): boolean {
  return tx.getExecutor().adapter instanceof PostgresAdapter;
}

function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A multi-row statement as plain text + flat parameters: building it cell by cell as Kysely nodes costs more than SQLite's insert. */
function valuesStatement(head: string, width: number, rows: readonly (readonly Cell[])[], tail: string, cast?: readonly ColumnType[]): CompiledQuery {
  const one = `(${Array.from({ length: width }, (_, i) => (cast ? `cast(? as ${cast[i]})` : '?')).join(',')})`;
  const params: Cell[] = [];
  for (const row of rows) for (const v of row) params.push(v);
  return CompiledQuery.raw(`${head} values ${Array(rows.length).fill(one).join(',')}${tail}`, params);
}

/**
 * Inserts many rows in as few round trips as the database allows: PostgreSQL takes the whole
 * batch as one `unnest` of typed arrays; SQLite (in-process, no round trip) takes multi-row VALUES.
 */
export async function bulkInsert(tx: Db, table: string, columns: readonly (readonly [string, ColumnType])[], rows: readonly (readonly Cell[])[], onConflictDoNothing = false): Promise<void> {
  if (rows.length === 0) return;
  const names = sql.join(columns.map(([name]) => sql.id(name)));
  const conflict = onConflictDoNothing ? sql` on conflict do nothing` : sql``;
  if (onPostgres(tx)) {
    const arrays = columns.map(([, type], i) => {
      const values = rows.map((row) => {
        const v = row[i];
        return typeof v === 'bigint' ? v.toString() : v;
      });
      return sql`${values}::${sql.raw(type)}[]`;
    });
    await sql`insert into ${sql.table(table)} (${names}) select * from unnest(${sql.join(arrays)})${conflict}`.execute(tx);
    return;
  }
  const head = `insert into ${quoteId(table)} (${columns.map(([n]) => quoteId(n)).join(',')})`;
  for (const part of chunks(rows, SQLITE_ROWS_PER_STATEMENT)) {
    await tx.executeQuery(valuesStatement(head, columns.length, part, onConflictDoNothing ? ' on conflict do nothing' : ''));
  }
}

/**
 * Updates many rows by key in one statement: PostgreSQL joins `unnest` of typed arrays,
 * SQLite joins a `with v(...) as (values ...)` table. `extraSet` is trusted SQL (e.g. `updated_at = 123`).
 */
export async function bulkUpdate(tx: Db, table: string, key: string, columns: readonly (readonly [string, ColumnType])[], rows: readonly (readonly Cell[])[], extraSet?: string): Promise<void> {
  if (rows.length === 0) return;
  const all: (readonly [string, ColumnType])[] = [[key, 'text'], ...columns];
  const names = all.map(([n]) => quoteId(n)).join(',');
  const sets = [...columns.map(([n]) => `${quoteId(n)} = v.${quoteId(n)}`), ...(extraSet ? [extraSet] : [])].join(', ');
  const where = `where ${quoteId(table)}.${quoteId(key)} = v.${quoteId(key)}`;
  if (onPostgres(tx)) {
    const arrays = all.map(
      ([, type], i) =>
        sql`${rows.map((row) => {
          const v = row[i];
          return typeof v === 'bigint' ? v.toString() : v;
        })}::${sql.raw(type)}[]`,
    );
    await sql`update ${sql.table(table)} set ${sql.raw(sets)} from unnest(${sql.join(arrays)}) as v(${sql.raw(names)}) ${sql.raw(where)}`.execute(tx);
    return;
  }
  for (const part of chunks(rows, SQLITE_ROWS_PER_STATEMENT)) {
    const values = valuesStatement(
      '',
      all.length,
      part,
      '',
      all.map(([, t]) => t),
    );
    await tx.executeQuery(CompiledQuery.raw(`with v(${names}) as (${values.sql.trim()}) update ${quoteId(table)} set ${sets} from v ${where}`, values.parameters as Cell[]));
  }
}
