import type BetterSqlite3 from 'better-sqlite3';
import type { LineBucketRow, LineRow } from '../line-rows.js';
import { statement } from './statements.js';

const LINE_SQL = `select esims.iccid, esims.account_id, accounts.currency, wallets.currency as wallet_currency, wallets.balance_minor
  from esims join accounts on accounts.id = esims.account_id left join wallets on wallets.account_id = esims.account_id
  where esims.iccid = ?`;
const BUCKETS_SQL = `select id, purchase_id, iccid, plan_id, kind, initial, remaining, valid_from, valid_to, purchased_at, used_up_at
  from buckets where iccid = ? order by purchased_at, id`;

/**
 * One line's row (with account and wallet) and its buckets, read in one snapshot straight on the
 * SQLite connection: the most asked question of every channel, answered without building a query
 * or awaiting anything (so nothing else can run on the connection in between).
 * Undefined while the connection is inside a transaction (a write awaiting its next statement):
 * then the caller queues behind it through the query builder instead.
 */
export function readLineSnapshot(db: BetterSqlite3.Database, iccid: string): { line: LineRow | undefined; buckets: LineBucketRow[] } | undefined {
  if (db.inTransaction) return undefined;
  const line = statement(db, 'snapshot:line', () => LINE_SQL);
  const buckets = statement(db, 'snapshot:buckets', () => BUCKETS_SQL);
  // A deferred read transaction: the wallet and the buckets come from one state even while
  // another connection (an import's writer thread, another process) commits.
  db.exec('begin');
  try {
    const row = line.get(iccid) as LineRow | undefined;
    return { line: row, buckets: row === undefined ? [] : (buckets.all(iccid) as LineBucketRow[]) };
  } finally {
    db.exec('commit');
  }
}
