import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../store/open-store.js';

/** The admin connection tests use to create and drop their own PostgreSQL databases. */
export const POSTGRES_ADMIN_URL = process.env['SIMLEDGER_TEST_PG'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export const TEST_DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof TEST_DIALECTS)[number];

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

let counter = 0;

/** A fresh empty database of the dialect: a SQLite file in a temp folder, or a new PostgreSQL database. */
export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'simledger-'));
    return { url: `sqlite:${join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `simledger_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Opens a migrated store on a fresh database; `close` also drops the database. */
export async function openTestStore(dialect: TestDialect): Promise<Store & { url: string }> {
  const database = await createTestDatabase(dialect);
  const store = await openStore(database.url);
  return {
    ...store,
    url: database.url,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
}
