import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { Cell, ColumnType } from '../bulk.js';
import { rowFiller, type FlatRows } from '../batch-wire.js';
import type { Db } from '../open-store.js';
import { DRAW_COLUMNS, LEDGER_COLUMNS, RECORD_COLUMNS } from '../rated-batch.js';
import type { WriteAck, WriteJob } from '../usage-ledger-port.js';
import { BUMP_GENERATION_SQL, isGeneration, READ_GENERATION_SQL } from '../write-generation.js';
import { pgAfterBatch, pgBatchStatement } from './batch-statement.js';

/** A cell as COPY's text format writes it: `\N` for null; backslash, tab, newline and return escaped. */
function copyCell(v: Cell): string {
  if (v === null) return '\\N';
  const text = typeof v === 'string' ? v : String(v);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (ch) => (ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : '\\\\')) : text;
}

/** Flat rows (`width` cells each) as the text COPY ... FROM STDIN reads: a line per row, tab between cells. */
export function copyText(cells: FlatRows, width: number): string {
  if (Array.isArray(cells) && cells.length % width !== 0) throw new Error(`${cells.length} cells do not make rows of ${width}`);
  const { rows, fill } = rowFiller(cells, width);
  const lines: string[] = new Array(rows);
  const cell: Cell[] = new Array(width);
  const row: string[] = new Array(width);
  for (let r = 0; r < rows; r++) {
    fill(cell, r, 1);
    for (let c = 0; c < width; c++) row[c] = copyCell(cell[c]!);
    lines[r] = row.join('\t');
  }
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

/** Inserts flat rows by COPY on `client` (inside its transaction). */
export async function copyRows(client: pg.PoolClient | pg.Client, table: string, columns: readonly (readonly [string, ColumnType])[], cells: FlatRows): Promise<void> {
  if (rowFiller(cells, columns.length).rows === 0) return;
  const stream = client.query(copyStreams.from(`copy ${table} (${columns.map(([c]) => c).join(',')}) from stdin`));
  await pipeline(Readable.from([copyText(cells, columns.length)]), stream);
}

class Stale extends Error {}

const LEDGER_LOCK_KEY = 7_263_511;

/** The key of the advisory lock every PostgreSQL write transaction takes (one writer of balances at a time). */
export const POSTGRES_LEDGER_LOCK = LEDGER_LOCK_KEY;

/**
 * The write transaction (the advisory lock and the generation bump of `store.writeTransaction`) on
 * a client of the pool itself, for writes that need the client: COPY.
 */
async function withWriteClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('begin');
    try {
      await client.query('select pg_advisory_xact_lock($1)', [LEDGER_LOCK_KEY]);
      const result = await fn(client);
      await client.query(BUMP_GENERATION_SQL);
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

/**
 * Commits a rated batch with its rows by COPY: the records, draws and ledger entries (the bulk of a
 * batch) as the server's bulk loader takes them, then one statement for the rest. A transaction
 * that also rates (rateUsageBatch) keeps the one statement (see usage-ledger.ts).
 */
export async function commitRatedBatchPostgres(db: Db, pool: pg.Pool, job: WriteJob): Promise<WriteAck> {
  const w = job.writes;
  try {
    await withWriteClient(pool, async (client) => {
      const generation = await client.query<{ next_id: bigint }>(READ_GENERATION_SQL);
      if (!isGeneration(generation.rows[0]?.next_id, job.expectedGeneration)) throw new Stale();
      await copyRows(client, 'usage_records', RECORD_COLUMNS, w.records);
      await copyRows(client, 'bucket_draws', DRAW_COLUMNS, w.draws);
      await copyRows(client, 'ledger_entries', LEDGER_COLUMNS, w.ledger);
      for (const statement of [pgBatchStatement(w, job.nowMs, false), ...pgAfterBatch(w, job.nowMs)]) {
        const compiled = statement.compile(db);
        await client.query(compiled.sql, compiled.parameters as unknown[]);
      }
      if (job.nextId !== job.firstId) {
        await client.query(
          `insert into id_counters (name, next_id) values ('usage_records', $1)
          on conflict (name) do update set next_id = excluded.next_id`,
          [job.nextId],
        );
      }
    });
    return 'written';
  } catch (error) {
    if (error instanceof Stale) return 'stale';
    throw error;
  }
}
