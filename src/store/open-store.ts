import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations.js';
import { parseDatabaseUrl, type DialectName } from './dialect.js';
import { POSTGRES_LEDGER_LOCK } from './postgres/batch-write.js';
import { postgresUsageLedger } from './postgres/usage-ledger.js';
import type { Database } from './schema.js';
import { openSqliteConnection } from './sqlite/connection.js';
import { cachingSqliteDatabase } from './sqlite/statements.js';
import { sqliteUsageLedger } from './sqlite/usage-ledger.js';
import type { UsageLedger } from './usage-ledger-port.js';
import { bumpWriteGeneration } from './write-generation.js';

export type Db = Kysely<Database>;

export interface Store {
  readonly db: Db;
  readonly dialect: DialectName;
  /**
   * Runs `fn` in the one write transaction that may change balances: SQLite's BEGIN IMMEDIATE
   * (a single writer), PostgreSQL's transaction-scoped advisory lock. Use only `tx` inside.
   */
  writeTransaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** The usage hot path (rating's reads and writes), implemented per database. */
  readonly ledger: UsageLedger;
  close(): Promise<void>;
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

export { openSqliteConnection };

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
            await sql`select pg_advisory_xact_lock(${POSTGRES_LEDGER_LOCK})`.execute(tx);
            const result = await fn(tx);
            await bumpWriteGeneration(tx);
            return result;
          });
  const base = { db, dialect: location.dialect, writeTransaction, close: () => db.destroy() };
  const ledger = sqlite ? sqliteUsageLedger(base, sqlite.database) : postgresUsageLedger(base, postgres!.pool);
  const store: Store = { ...base, ledger };
  if (sqlite) connections.set(db, sqlite.database);
  return store;
}

const connections = new WeakMap<Db, BetterSqlite3.Database>();

/**
 * The SQLite connection under a store, for the store's own tools and the bench's raw inserts:
 * services never ask for it (they go through `store.ledger`). Undefined on PostgreSQL.
 */
export function sqliteConnectionOf(store: Store): BetterSqlite3.Database | undefined {
  return connections.get(store.db);
}
