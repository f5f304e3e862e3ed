/**
 * Whether `simledger demo` may use a database: it creates a missing one, loads into an empty one,
 * replaces one it made itself (marked by a row of id_counters), and leaves any other alone.
 * Probed without migrating: a database of another application is read, never changed.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import type { DatabaseLocation } from './dialect.js';
import type { Db } from './open-store.js';

/** The id_counters row that marks a database `simledger demo` made; its value is when. */
export const DEMO_MARKER = 'demo_database';

/** Tables that hold what an operator loaded or a server recorded: any row in one = in use. */
const DATA_TABLES = ['accounts', 'tariffs', 'plans', 'esims', 'vouchers', 'api_keys', 'usage_records', 'suspense'];
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

export type DemoTarget =
  | { kind: 'absent' | 'empty' }
  /** Made by the demo: `tables` are the ones to empty for a reload (PostgreSQL). */
  | { kind: 'demo'; tables: readonly string[] }
  | { kind: 'in_use' | 'not_a_database'; why: string };

/** What the probe needs of a connection: one query at a time, rows as plain objects. */
type Query = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/** Judges a database by its tables; `legacyDemo` recognises a demo database made before the marker existed. */
async function judge(query: Query, tables: readonly string[], legacyDemo: (accountIds: string[]) => boolean, p: (i: number) => string): Promise<DemoTarget> {
  if (tables.length === 0) return { kind: 'empty' };
  const simledger = tables.includes('kysely_migration') && tables.includes('id_counters');
  if (!simledger) return { kind: 'in_use', why: `it holds tables of another application (${tables.slice(0, 5).join(', ')})` };
  const reloadable = tables.filter((t) => !MIGRATION_TABLES.includes(t));
  if ((await query(`select 1 from id_counters where name = ${p(1)}`, [DEMO_MARKER])).length > 0) return { kind: 'demo', tables: reloadable };
  const accounts = (await query('select id from accounts')).map((r) => String(r['id']));
  if (accounts.length > 0 && legacyDemo(accounts)) return { kind: 'demo', tables: reloadable };
  for (const table of DATA_TABLES.filter((t) => tables.includes(t))) {
    if ((await query(`select 1 from ${table} limit 1`)).length > 0) return { kind: 'in_use', why: `it holds data (${table}) and was not made by simledger demo` };
  }
  return { kind: 'empty' };
}

async function probeSqlite(path: string, legacyDemo: (accountIds: string[]) => boolean): Promise<DemoTarget> {
  if (path === ':memory:' || !existsSync(path)) return { kind: 'absent' };
  if (statSync(path).size === 0) return { kind: 'empty' };
  let database: BetterSqlite3.Database | undefined;
  try {
    database = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const open = database;
    const query: Query = async (text, params = []) => open.prepare(text).all(...params) as Record<string, unknown>[];
    const tables = (await query(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)).map((r) => String(r['name']));
    return await judge(query, tables, legacyDemo, () => '?');
  } catch (error) {
    return { kind: 'not_a_database', why: (error as Error).message };
  } finally {
    database?.close();
  }
}

async function probePostgres(url: string, legacyDemo: (accountIds: string[]) => boolean): Promise<DemoTarget> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const query: Query = async (text, params = []) => (await client.query(text, params)).rows as Record<string, unknown>[];
    const tables = (await query(`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`)).map((r) => String(r['table_name']));
    return await judge(query, tables, legacyDemo, (i) => `$${i}`);
  } finally {
    await client.end();
  }
}

export function probeDemoTarget(location: DatabaseLocation, legacyDemo: (accountIds: string[]) => boolean): Promise<DemoTarget> {
  return location.dialect === 'sqlite' ? probeSqlite(location.target, legacyDemo) : probePostgres(location.target, legacyDemo);
}

/** Removes a SQLite database file with its journal files. */
export function deleteSqliteDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/** Empties a PostgreSQL demo database's tables (the schema and its migrations stay). */
export async function emptyPostgresTables(db: Db, tables: readonly string[]): Promise<void> {
  if (tables.length > 0) await sql`truncate table ${sql.join(tables.map((t) => sql.table(t)))} restart identity`.execute(db);
}

export async function markDemoDatabase(db: Db, nowMs: number): Promise<void> {
  await sql`insert into id_counters (name, next_id) values (${DEMO_MARKER}, ${nowMs})
    on conflict (name) do update set next_id = excluded.next_id`.execute(db);
}
