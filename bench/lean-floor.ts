// The lean floor: the fastest a usage ledger could possibly write on this machine and database,
// with rows holding only what a rated record needs (no hash, no account, no network, no ledger
// table, no draws table) and one balance update per event, 20,000 events per transaction. The
// ingest's ratio to it says how much of its time goes to what simledger adds over a bare ledger.
import pg from 'pg';
import type { Cell } from '../src/store/bulk.js';
import { copyRows } from '../src/store/postgres/batch-write.js';
import { insertFlat } from '../src/store/sqlite/fast-write.js';
import { openSqliteConnection } from '../src/store/sqlite/connection.js';
import type { Store } from '../src/store/open-store.js';
import { RECORD_COLUMNS } from '../src/store/rated-batch.js';
import { readRatedBatches } from './raw-insert.js';

const LEAN_COLUMNS = [
  ['source', 'text'],
  ['event_id', 'text'],
  ['line', 'text'],
  ['kind', 'text'],
  ['direction', 'text'],
  ['started_at', 'bigint'],
  ['quantity', 'bigint'],
  ['country', 'text'],
  ['charge', 'bigint'],
  ['bundle_draw', 'bigint'],
  ['flags', 'bigint'],
] as const;
const SCHEMA = [
  `create table lean_records (${LEAN_COLUMNS.map(([c, t]) => `${c} ${t} not null`).join(', ')})`,
  'create unique index lean_event on lean_records (source, event_id)',
  'create index lean_line_time on lean_records (line, started_at)',
  'create table lean_balances (line text primary key, balance bigint not null)',
];
const at = (c: string) => RECORD_COLUMNS.findIndex(([name]) => name === c);
const PICK = ['source', 'event_id', 'iccid', 'kind', 'direction', 'started_at', 'quantity', 'country', 'amount_minor', 'bucket_units', 'debt'].map(at);
const LINE = 2;
const CHARGE = 8;

/** A rated record (RECORD_COLUMNS) as a lean row (LEAN_COLUMNS). */
const lean = (record: Cell[]): Cell[] => PICK.map((i) => record[i]!);

async function lines(rated: Store): Promise<string[]> {
  return (await rated.db.selectFrom('esims').select('iccid').execute()).map((r) => r.iccid);
}

/** SQLite: a connection as simledger opens its own, the rows by the same compiled multi-row inserts. */
async function sqliteLean(rated: Store, path: string, batchSize: number): Promise<number> {
  const db = openSqliteConnection(path);
  for (const statement of SCHEMA) db.exec(statement);
  const seed = db.prepare('insert into lean_balances (line, balance) values (?, 0)');
  const all = await lines(rated);
  db.transaction(() => {
    for (const line of all) seed.run(line);
  })();
  const debit = db.prepare('update lean_balances set balance = balance - ? where line = ?');
  let ms = 0;
  let events = 0;
  for await (const batch of readRatedBatches(rated, batchSize)) {
    const rows = batch.records.map(lean);
    const t = performance.now();
    db.exec('begin immediate');
    insertFlat(db, 'lean_records', LEAN_COLUMNS, rows.flat());
    for (const row of rows) debit.run(row[CHARGE], row[LINE]);
    db.exec('commit');
    ms += performance.now() - t;
    events += rows.length;
  }
  db.close();
  return events / (ms / 1000);
}

/** PostgreSQL: COPY, then the balances in one statement per transaction (a line's events summed first). */
async function postgresLean(rated: Store, url: string, batchSize: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (const statement of SCHEMA) await client.query(statement);
  await client.query('insert into lean_balances (line, balance) select unnest($1::text[]), 0', [await lines(rated)]);
  let ms = 0;
  let events = 0;
  for await (const batch of readRatedBatches(rated, batchSize)) {
    const rows = batch.records.map(lean);
    const t = performance.now();
    await client.query('begin');
    await copyRows(client, 'lean_records', LEAN_COLUMNS, rows.flat());
    await client.query(
      `update lean_balances b set balance = b.balance - v.charge
      from (select line, sum(charge) as charge from unnest($1::text[], $2::bigint[]) as e(line, charge) group by line) v where b.line = v.line`,
      [rows.map((r) => r[LINE]), rows.map((r) => String(r[CHARGE]))],
    );
    await client.query('commit');
    ms += performance.now() - t;
    events += rows.length;
  }
  await client.end();
  return events / (ms / 1000);
}

/** Events per second of the lean floor, for the rated import in `rated`, into the fresh database at `url`. */
export function leanFloor(rated: Store, url: string, batchSize: number): Promise<number> {
  return url.startsWith('sqlite:') ? sqliteLean(rated, url.slice('sqlite:'.length), batchSize) : postgresLean(rated, url, batchSize);
}
