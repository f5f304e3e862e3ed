import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_JOURNAL_SIZE_LIMIT, SQLITE_PAGE_CACHE_KIB, SQLITE_WAL_AUTOCHECKPOINT } from '../../config/runtime-tuning.js';

/** A SQLite connection as every part of simledger opens it (an import's committing thread too). */
export function openSqliteConnection(path: string): BetterSqlite3.Database {
  const database = new BetterSqlite3(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 10000');
  // Fewer, larger checkpoints; once checkpointed the WAL is cut back (see runtime-tuning.ts).
  database.pragma(`wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT}`);
  database.pragma(`journal_size_limit = ${SQLITE_JOURNAL_SIZE_LIMIT}`);
  database.pragma(`cache_size = ${SQLITE_PAGE_CACHE_KIB}`);
  database.pragma('temp_store = MEMORY');
  database.defaultSafeIntegers(true);
  return database;
}
