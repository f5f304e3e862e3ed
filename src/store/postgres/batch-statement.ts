import { sql, type RawBuilder } from 'kysely';
import type { Cell, ColumnType } from '../bulk.js';
import { cellsOf } from '../batch-wire.js';
import { BUCKET_SET, FRESHNESS_COLUMNS, RECORD_COLUMNS, DRAW_COLUMNS, LEDGER_COLUMNS, SUSPENSE_COLUMNS, type RatedWrites } from '../rated-batch.js';
import { freshnessUpsert } from '../usage-store.js';

/** One typed array per column for `unnest`, from flat rows. */
function pgColumns(columns: readonly (readonly [string, ColumnType])[], cells: readonly Cell[]): RawBuilder<unknown>[] {
  const width = columns.length;
  const rows = cells.length / width;
  return columns.map(([, type], c) => {
    const values: (string | number | null)[] = new Array(rows);
    for (let r = 0; r < rows; r++) {
      const v = cells[r * width + c]!;
      values[r] = typeof v === 'bigint' ? v.toString() : v;
    }
    return sql`${values}::${sql.raw(type)}[]`;
  });
}

function pgInsert(table: string, columns: readonly (readonly [string, ColumnType])[], cells: readonly Cell[]): RawBuilder<unknown> {
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map(([c]) => sql.id(c)))}) select * from unnest(${sql.join(pgColumns(columns, cells))})`;
}

/**
 * A batch's writes as one statement, each table a data-modifying CTE. `bulk`: with the records,
 * draws and ledger entries; without them when those went in by COPY before it.
 */
export function pgBatchStatement(w: RatedWrites, nowMs: number, bulk: boolean): RawBuilder<unknown> {
  const bucketCols = [...BUCKET_SET.map((c) => [c, 'bigint'] as const), ['id', 'text'] as const];
  const inserts = bulk
    ? sql`
    r as (${pgInsert('usage_records', RECORD_COLUMNS, cellsOf(w.records, RECORD_COLUMNS.length))}),
    d as (${pgInsert('bucket_draws', DRAW_COLUMNS, cellsOf(w.draws, DRAW_COLUMNS.length))}),
    l as (${pgInsert('ledger_entries', LEDGER_COLUMNS, cellsOf(w.ledger, LEDGER_COLUMNS.length))}),`
    : sql``;
  return sql`with ${inserts}
    s as (${pgInsert('suspense', SUSPENSE_COLUMNS, cellsOf(w.suspense, SUSPENSE_COLUMNS.length))} on conflict do nothing),
    b as (update bucket_balances set ${sql.raw(BUCKET_SET.map((c) => `${c} = v.${c}`).join(', '))}
      from unnest(${sql.join(pgColumns(bucketCols, cellsOf(w.buckets, 5)))}) as v(${sql.raw(bucketCols.map(([c]) => c).join(', '))})
      where bucket_balances.id = v.id),
    wa as (update wallets set balance_minor = v.balance_minor, updated_at = ${Math.trunc(nowMs)}
      from unnest(${sql.join(
        pgColumns(
          [
            ['balance_minor', 'bigint'],
            ['account_id', 'text'],
          ],
          cellsOf(w.wallets, 2),
        ),
      )}) as v(balance_minor, account_id)
      where wallets.account_id = v.account_id),
    f as (${pgInsert('line_freshness', FRESHNESS_COLUMNS, cellsOf(w.lines, FRESHNESS_COLUMNS.length))} ${sql.raw(freshnessUpsert('greatest'))})
    select 1`;
}

/** What follows the batch statement, in the same transaction: resolved suspense rows and any extra tables' rows. */
export function pgAfterBatch(w: RatedWrites, nowMs: number): RawBuilder<unknown>[] {
  return [
    ...w.resolvedSuspense.map((r) => sql`update suspense set resolved_at = ${Math.trunc(nowMs)}, record_id = ${r.recordId} where id = ${r.id}`),
    ...w.extra.map(({ table, rows }) => sql`${pgInsert(table.table, table.columns, rows.flat())}${sql.raw(table.skipDuplicates ? ' on conflict do nothing' : '')}`),
  ];
}
