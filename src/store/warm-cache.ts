import { sql } from 'kysely';
import type { Store } from './open-store.js';

/**
 * The tables every balance read touches, with the key each is looked up by. Scanning them once
 * puts their pages in SQLite's page cache (PostgreSQL: see prewarmPostgres), so the first balance asked of each line after a
 * start reads memory, not disk (the server's steady state from its first request).
 */
const HOT: readonly (readonly [table: string, lookupKey: string, column: string])[] = [
  ['esims', 'iccid', 'account_id'],
  ['accounts', 'id', 'currency'],
  ['wallets', 'account_id', 'balance_minor'],
  ['bucket_plans', 'iccid, kind', 'initial'],
  ['bucket_balances', 'id', 'remaining'],
];

export async function warmHotTables(store: Store): Promise<void> {
  if (store.dialect === 'postgres') return prewarmPostgres(store);
  for (const [table, key, column] of HOT) {
    await sql`select count(${sql.raw(column)}) from ${sql.table(table)}`.execute(store.db);
    await sql`select count(*) from (select ${sql.raw(key)} from ${sql.table(table)} order by ${sql.raw(key)})`.execute(store.db);
  }
}

/**
 * PostgreSQL: the hot tables and their indexes into shared buffers with pg_prewarm (a scan would
 * not do: it reads through a small ring of buffers and skips the indexes), so that after a start
 * a line's first balance does not wait on ~4 page reads (from disk, once the OS cache is cold too).
 * On the bench machine, whose OS cache stays warm, it made no difference that its noise let show.
 * Needs the contrib extension and the right to create it; without either the server starts cold.
 */
async function prewarmPostgres(store: Store): Promise<void> {
  try {
    await sql`create extension if not exists pg_prewarm`.execute(store.db);
  } catch {
    return;
  }
  for (const [table] of HOT) {
    await sql`select pg_prewarm(c.oid) from pg_class c
      where c.oid = ${table}::regclass or c.oid in (select indexrelid from pg_index where indrelid = ${table}::regclass)`.execute(store.db);
  }
}
