import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * The one cache of compiled SQLite statements, per connection: Kysely's queries (keyed by their
 * text) and the hot path's own statements (keyed by their shape, so that the text is built only
 * once) share it. An import repeats a few shapes thousands of times; compiling each anew cost more
 * than running it. Least recently used first out; statements run to completion synchronously, so
 * one is never in use twice at once.
 */
const CAPACITY = 512;
const caches = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** The statement kept under `key` on `db`, compiled from `sqlText()` the first time. */
export function statement(db: BetterSqlite3.Database, key: string, sqlText: () => string = () => key): BetterSqlite3.Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const compiled = db.prepare(sqlText());
  cache.set(key, compiled);
  if (cache.size > CAPACITY) cache.delete(cache.keys().next().value as string);
  return compiled;
}

/** The connection as Kysely's SQLite dialect takes it, its statements from the cache above. */
export function cachingSqliteDatabase(database: BetterSqlite3.Database): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare: (sqlText: string) => statement(database, sqlText) as unknown as SqliteStatement,
  };
}
