import { sql } from 'kysely';
import type { Store } from './open-store.js';

/**
 * The tables every balance read touches, with the key each is looked up by. Scanning them once
 * puts their pages in SQLite's page cache, so the first balance asked of each line after a
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
  if (store.dialect !== 'sqlite') return; // PostgreSQL keeps its own shared buffers
  for (const [table, key, column] of HOT) {
    await sql`select count(${sql.raw(column)}) from ${sql.table(table)}`.execute(store.db);
    await sql`select count(*) from (select ${sql.raw(key)} from ${sql.table(table)} order by ${sql.raw(key)})`.execute(store.db);
  }
}
