import { sql } from 'kysely';
import type { Store } from '../store/open-store.js';
import { monthsBefore } from './usage-window.js';

export interface PurgeOptions {
  nowMs: number;
  retentionMonths: number;
  /** Rows per delete transaction (default PURGE_CHUNK). */
  chunkSize?: number;
  /** Accounts looked up per pass (default 500). */
  accountsPerPass?: number;
}

export interface PurgeSummary {
  deletedRecords: number;
  deletedSuspense: number;
  /** Epoch ms: records that started before it (and resolved suspense rows created before it) are gone. */
  cutoff: number;
}

/** Rows deleted per transaction: small enough that no transaction grows large or blocks rating for long. */
export const PURGE_CHUNK = 10_000;
/** Accounts whose old records are looked up together. */
export const ACCOUNTS_PER_PASS = 500;

/**
 * The next accounts (by id) that have usage records, found with a loose index scan of
 * (account_id, started_at): one index probe per account, however many records each has.
 */
async function nextAccountsWithUsage(store: Store, afterAccountId: string, count: number): Promise<string[]> {
  const result = await sql<{ account_id: string | null }>`
    with recursive a(account_id, n) as (
      select (select min(account_id) from usage_records where account_id > ${afterAccountId}), 1
      union all
      select (select min(account_id) from usage_records where account_id > a.account_id), a.n + 1
      from a where a.account_id is not null and a.n < ${count}
    )
    select account_id from a where account_id is not null`.execute(store.db);
  return result.rows.map((r) => r.account_id).filter((id): id is string => id !== null);
}

async function deleteIds(store: Store, table: 'usage_records' | 'suspense', ids: readonly unknown[]): Promise<number> {
  if (ids.length === 0) return 0;
  return store.writeTransaction(async (tx) => {
    const result = await tx
      .deleteFrom(table)
      .where('id', 'in', ids as bigint[])
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}

/** Old records of some accounts, a chunk at a time, each chunk found by an index range scan. */
async function purgeAccounts(store: Store, accountIds: readonly string[], cutoff: number, chunk: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const rows = await store.db.selectFrom('usage_records').select('id').where('account_id', 'in', accountIds).where('started_at', '<', cutoff).limit(chunk).execute();
    deleted += await deleteIds(
      store,
      'usage_records',
      rows.map((r) => r.id),
    );
    if (rows.length < chunk) return deleted;
  }
}

async function purgeResolvedSuspense(store: Store, cutoff: number, chunk: number): Promise<number> {
  let deleted = 0;
  let afterId: unknown = 0;
  for (;;) {
    const rows = await store.db
      .selectFrom('suspense')
      .select('id')
      .where('id', '>', afterId as bigint)
      .where('resolved_at', 'is not', null)
      .where('created_at', '<', cutoff)
      .orderBy('id')
      .limit(chunk)
      .execute();
    deleted += await deleteIds(
      store,
      'suspense',
      rows.map((r) => r.id),
    );
    if (rows.length < chunk) return deleted;
    afterId = rows[rows.length - 1]!.id;
  }
}

/**
 * Deletes usage records that started before the retention window, and resolved suspense rows
 * that arrived before it, in chunks of 10,000 rows per transaction. Bucket draws and ledger
 * entries stay: balances, the ledger and statements keep adding up without the records.
 */
export async function purgeUsage(store: Store, o: PurgeOptions): Promise<PurgeSummary> {
  const cutoff = monthsBefore(o.nowMs, o.retentionMonths);
  const chunk = o.chunkSize ?? PURGE_CHUNK;
  let deletedRecords = 0;
  let after = '';
  for (;;) {
    const accounts = await nextAccountsWithUsage(store, after, o.accountsPerPass ?? ACCOUNTS_PER_PASS);
    if (accounts.length === 0) break;
    deletedRecords += await purgeAccounts(store, accounts, cutoff, chunk);
    after = accounts[accounts.length - 1]!;
  }
  const deletedSuspense = await purgeResolvedSuspense(store, cutoff, chunk);
  return { deletedRecords, deletedSuspense, cutoff };
}
