import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations.js';
import { cachingSqliteDatabase } from './sqlite-statement-cache.js';
import { parseDatabaseUrl, type DialectName } from './dialect.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface Store {
  readonly db: Db;
  readonly dialect: DialectName;
  /**
   * Runs `fn` in the one write transaction that may change balances: SQLite's BEGIN IMMEDIATE
   * (a single writer), PostgreSQL's transaction-scoped advisory lock. Use only `tx` inside.
   */
  writeTransaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * SQLite's one connection, for the rating batch's hot writes (see sqlite-fast-write.ts); use it
   * only inside `writeTransaction`. Undefined on PostgreSQL.
   */
  readonly sqlite?: BetterSqlite3.Database;
  /** PostgreSQL's pool, for the few hot reads that run as named prepared statements. */
  readonly postgres?: pg.Pool;
  close(): Promise<void>;
}

const LEDGER_LOCK_KEY = 7_263_511;

/** Counter bumped by every write transaction; caches of balances compare it to know they are stale. */
export const WRITE_GENERATION = 'write_generation';

/**
 * PostgreSQL's write transaction (the same advisory lock and generation bump as `writeTransaction`)
 * on a client of the pool itself, for writes that need the client: COPY (see pg-batch-write.ts).
 */
export async function withPostgresWriteClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    try {
      await client.query('select pg_advisory_xact_lock($1)', [LEDGER_LOCK_KEY]);
      const result = await fn(client);
      await client.query(
        `insert into id_counters (name, next_id) values ($1, 1)
        on conflict (name) do update set next_id = id_counters.next_id + 1`,
        [WRITE_GENERATION],
      );
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {
        broken = true;
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}

async function bumpWriteGeneration(tx: Db): Promise<void> {
  await sql`insert into id_counters (name, next_id) values (${WRITE_GENERATION}, 1)
    on conflict (name) do update set next_id = id_counters.next_id + 1`.execute(tx);
}

/** A SQLite connection as every part of simledger uses it (the import's writer thread too). */
export function openSqliteConnection(path: string): BetterSqlite3.Database {
  const database = new BetterSqlite3(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 10000');
  // Fewer, larger checkpoints: a checkpoint writes each page once however many commits changed it
  // since the last one, and an import's batch of 20,000 events dirties ~16,000 pages (mostly index
  // leaves of line and account keys, every one of them). With 20,000 pages that was a checkpoint
  // almost every commit; with 100,000 (a WAL of up to ~400 MB) one every ~6: 1M events 46-48 s
  // instead of 52-62 (back to back, same machine). Once checkpointed the WAL is cut back to 64 MB.
  database.pragma('wal_autocheckpoint = 100000');
  database.pragma('journal_size_limit = 67108864');
  database.pragma('cache_size = -65536');
  database.pragma('temp_store = MEMORY');
  database.defaultSafeIntegers(true);
  return database;
}

function openSqlite(path: string): { db: Kysely<Database>; database: BetterSqlite3.Database } {
  const database = openSqliteConnection(path);
  return { database, db: new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingSqliteDatabase(database) }) }) };
}

function openPostgres(url: string): { db: Kysely<Database>; pool: pg.Pool } {
  const int8 = (value: string) => BigInt(value);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? int8 : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser,
    },
  });
  // An idle pooled connection that the server closes (restart, dropped test database) must not
  // crash the process; the next query reconnects or fails with its own error.
  pool.on('error', () => undefined);
  return { pool, db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }) };
}

export async function migrate(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}

export async function openStore(url: string, options: { migrate?: boolean } = {}): Promise<Store> {
  const location = parseDatabaseUrl(url);
  const sqlite = location.dialect === 'sqlite' ? openSqlite(location.target) : undefined;
  const postgres = sqlite ? undefined : openPostgres(location.target);
  const db = sqlite ? sqlite.db : postgres!.db;
  if (options.migrate ?? true) await migrate(db, location.dialect);
  const writeTransaction =
    location.dialect === 'sqlite'
      ? <T>(fn: (tx: Db) => Promise<T>) =>
          db.connection().execute(async (conn) => {
            await sql`begin immediate`.execute(conn);
            try {
              const result = await fn(conn);
              await bumpWriteGeneration(conn);
              await sql`commit`.execute(conn);
              return result;
            } catch (error) {
              await sql`rollback`.execute(conn);
              throw error;
            }
          })
      : <T>(fn: (tx: Db) => Promise<T>) =>
          db.transaction().execute(async (tx) => {
            await sql`select pg_advisory_xact_lock(${LEDGER_LOCK_KEY})`.execute(tx);
            const result = await fn(tx);
            await bumpWriteGeneration(tx);
            return result;
          });
  return { db, dialect: location.dialect, writeTransaction, sqlite: sqlite?.database, postgres: postgres?.pool, close: () => db.destroy() };
}
