import type pg from 'pg';
import type { Cell } from '../src/store/bulk.js';
import { copyRows } from '../src/store/postgres/batch-write.js';
import { insertFlat } from '../src/store/sqlite/fast-write.js';
import { sqliteConnectionOf, type Store } from '../src/store/open-store.js';
import { DRAW_COLUMNS, LEDGER_COLUMNS, RECORD_COLUMNS } from '../src/store/rated-batch.js';

export interface RowBatch {
  records: Cell[][];
  draws: Cell[][];
  ledger: Cell[][];
}

const flat = (rows: Cell[][]): Cell[] => rows.flat();

/** Reads back what a rated import wrote, one batch of `eventsPerBatch` records at a time. */
export async function* readRatedBatches(store: Store, eventsPerBatch: number): AsyncGenerator<RowBatch> {
  let after = 0n;
  for (;;) {
    const records = await store.db.selectFrom('usage_records').selectAll().where('id', '>', after).orderBy('id').limit(eventsPerBatch).execute();
    if (records.length === 0) return;
    const first = records[0]!.id;
    const last = records[records.length - 1]!.id;
    const draws = await store.db.selectFrom('bucket_draws').selectAll().where('record_id', '>=', first).where('record_id', '<=', last).execute();
    const refs = records.filter((r) => BigInt(r.amount_minor) > 0n).map((r) => `usage:${r.id}`);
    const ledger = refs.length ? await store.db.selectFrom('ledger_entries').selectAll().where('ref', 'in', refs).execute() : [];
    after = BigInt(last);
    yield {
      records: records.map((r) => RECORD_COLUMNS.map(([c]) => (r as unknown as Record<string, Cell>)[c]!)),
      draws: draws.map((d) => DRAW_COLUMNS.map(([c]) => (d as unknown as Record<string, Cell>)[c]!)),
      ledger: ledger.map((l) => LEDGER_COLUMNS.map(([c]) => (l as unknown as Record<string, Cell>)[c]!)),
    };
  }
}

/** The physical limit: the same rows, same schema, same batch size, no rating. */
export async function rawInsert(store: Store, pgUrl: string | undefined, batch: RowBatch, withLedger: boolean, client?: pg.Client): Promise<void> {
  if (store.dialect === 'sqlite') {
    // The rater's own insert path (compiled multi-row statements on the connection), so only rating differs.
    const db = sqliteConnectionOf(store)!;
    const cells = { records: flat(batch.records), draws: flat(batch.draws), ledger: flat(batch.ledger) };
    await store.writeTransaction(async () => {
      insertFlat(db, 'usage_records', RECORD_COLUMNS, cells.records);
      if (withLedger) {
        insertFlat(db, 'bucket_draws', DRAW_COLUMNS, cells.draws);
        insertFlat(db, 'ledger_entries', LEDGER_COLUMNS, cells.ledger);
      }
    });
    return;
  }
  if (!client || !pgUrl) throw new Error('raw PostgreSQL insert needs a client');
  await client.query('begin');
  await copyRows(client, 'usage_records', RECORD_COLUMNS, flat(batch.records));
  if (withLedger) {
    await copyRows(client, 'bucket_draws', DRAW_COLUMNS, flat(batch.draws));
    await copyRows(client, 'ledger_entries', LEDGER_COLUMNS, flat(batch.ledger));
  }
  await client.query('commit');
}
