import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { sql } from 'kysely';
import type { Store } from '../src/store/open-store.js';
import pg from 'pg';
import { POSTGRES_ADMIN_URL } from '../src/testing/test-stores.js';

/** BENCH_DIR moves it (two benches on one machine must not share files). */
const DIR = process.env['BENCH_DIR'] ?? '/tmp/simledger-bench';

/** A fresh, empty database named `name` for the dialect; recreated on every run. */
export async function freshDatabase(dialect: 'sqlite' | 'postgres', name: string): Promise<string> {
  if (dialect === 'sqlite') {
    mkdirSync(DIR, { recursive: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${DIR}/${name}.db${suffix}`, { force: true });
    return `sqlite:${DIR}/${name}.db`;
  }
  return recreatePostgres(name, '');
}

/** Drops the bench's PostgreSQL database `name` and creates it again (`options`: e.g. a template). */
async function recreatePostgres(name: string, options: string): Promise<string> {
  const db = `simledger_bench_${name}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${db} with (force)`);
    await admin.query(`create database ${db}${options}`);
  } finally {
    await admin.end();
  }
  return POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${db}`);
}

export const BENCH_DIR = DIR;

/**
 * A copy of the database `from` (made by `freshDatabase`, closed) as `name`, recreated on every
 * call: each round of the ingest bench imports into the world as it stood before any import.
 * PostgreSQL clones it as a template (its planner statistics come along).
 */
export async function cloneDatabase(dialect: 'sqlite' | 'postgres', from: string, name: string): Promise<string> {
  if (dialect === 'postgres') return recreatePostgres(name, ` template simledger_bench_${from}`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${DIR}/${name}.db${suffix}`, { force: true });
  for (const suffix of ['', '-wal']) {
    if (existsSync(`${DIR}/${from}.db${suffix}`)) copyFileSync(`${DIR}/${from}.db${suffix}`, `${DIR}/${name}.db${suffix}`);
  }
  return `sqlite:${DIR}/${name}.db`;
}

/**
 * Writes out what the store holds dirty (a checkpoint), then the kernel's cache onto the disk. On
 * PostgreSQL also gathers the planner's statistics of the tables just loaded, as its autovacuum
 * does within a minute or so of a bulk load: otherwise the timed import races it (1M events on a
 * world loaded the moment before: 57 s; the same world analyzed first: 47 s).
 */
export async function settle(store: Store): Promise<void> {
  if (store.dialect === 'postgres') {
    await sql`analyze`.execute(store.db);
    await sql`checkpoint`.execute(store.db);
  } else {
    await sql`pragma wal_checkpoint(truncate)`.execute(store.db);
  }
  execFileSync('sync');
}
