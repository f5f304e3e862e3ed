import { sql } from 'kysely';
import type { Db } from './open-store.js';
/** A line's balance as read for every channel: its row (with account and wallet) and its buckets. */
export interface LineRow {
  iccid: string;
  account_id: string;
  currency: string;
  wallet_currency: string | null;
  balance_minor: unknown;
}
export interface LineBucketRow {
  id: string;
  purchase_id: string;
  iccid: string;
  plan_id: string;
  kind: string;
  initial: unknown;
  remaining: unknown;
  valid_from: unknown;
  valid_to: unknown;
  purchased_at: unknown;
  used_up_at: unknown;
}

/** A line's row joined with one of its buckets (bucket columns null when it has none). */
export type LineWithBucketRow = LineRow & { [K in keyof LineBucketRow as K extends 'iccid' ? never : K]: LineBucketRow[K] | null };

/**
 * The line, its account, wallet and buckets in one statement (one snapshot, one round trip), up to
 * the iccid to bind; then `LINE_BALANCE_ORDER`. The bucket tables are joined directly rather than
 * through the `buckets` view (the same join).
 */
export const LINE_BALANCE_SELECT = `select e.iccid, e.account_id, a.currency, w.currency as wallet_currency, w.balance_minor,
    p.id, p.purchase_id, p.plan_id, p.kind, p.initial, b.remaining, b.valid_from, b.valid_to, p.purchased_at, b.used_up_at
  from esims e join accounts a on a.id = e.account_id
    left join wallets w on w.account_id = e.account_id
    left join (bucket_plans p join bucket_balances b on b.id = p.id) on p.iccid = e.iccid
  where e.iccid = `;
export const LINE_BALANCE_ORDER = ' order by p.purchased_at, p.id';

/** A line's snapshot from the joined rows of LINE_BALANCE_SELECT (one row per bucket, or one without). */
export function snapshotOfJoined(rows: readonly LineWithBucketRow[], iccid: string): { line: LineRow | undefined; buckets: LineBucketRow[] } {
  return { line: rows[0], buckets: rows.filter((r) => r.id !== null).map((r) => ({ ...r, iccid }) as LineBucketRow) };
}

/** Through the query builder: one statement, so one snapshot without a transaction. */
export async function readLineJoined(db: Db, iccid: string): Promise<{ line: LineRow | undefined; buckets: LineBucketRow[] }> {
  const rows = (await sql<LineWithBucketRow>`${sql.raw(LINE_BALANCE_SELECT)}${iccid}${sql.raw(LINE_BALANCE_ORDER)}`.execute(db)).rows;
  return snapshotOfJoined(rows, iccid);
}
