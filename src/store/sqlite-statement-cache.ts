import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely asks SQLite to compile every query it runs. The import repeats the same few statement
 * shapes thousands of times (200-row inserts, IN-list look-ups), so compiled statements are kept
 * in a small LRU keyed by their SQL text. Statements run to completion synchronously, so one
 * compiled statement is never in use twice at once.
 */
export function cachingSqliteDatabase(database: BetterSqlite3.Database, capacity = 256): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string): SqliteStatement {
      const hit = cache.get(sqlText);
      if (hit) {
        cache.delete(sqlText);
        cache.set(sqlText, hit);
        return hit;
      }
      const statement = database.prepare(sqlText) as unknown as SqliteStatement;
      cache.set(sqlText, statement);
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}
