import { createHash } from 'node:crypto';
import type { Store } from '../store/open-store.js';

/**
 * A fingerprint of everything an import decides: records, draws, ledger, buckets, wallets and
 * suspense — without wall-clock columns (rated_at, created_at, updated_at) that differ between runs.
 */
export async function stateDigest(store: Store): Promise<{ digest: string; counts: Record<string, number> }> {
  const { db } = store;
  const tables = {
    records: await db
      .selectFrom('usage_records')
      .select(['id', 'source', 'event_id', 'hash', 'iccid', 'kind', 'started_at', 'quantity', 'bucket_units', 'amount_minor', 'debt'])
      .orderBy('id')
      .execute(),
    draws: await db.selectFrom('bucket_draws').selectAll().orderBy('bucket_id').orderBy('record_id').execute(),
    ledger: await db.selectFrom('ledger_entries').select(['account_id', 'at', 'amount_minor', 'kind', 'ref']).orderBy('ref').execute(),
    buckets: await db.selectFrom('buckets').select(['id', 'remaining', 'valid_from', 'valid_to']).orderBy('id').execute(),
    wallets: await db.selectFrom('wallets').select(['account_id', 'balance_minor']).orderBy('account_id').execute(),
    suspense: await db.selectFrom('suspense').select(['source', 'event_id', 'hash', 'reason']).orderBy('source').orderBy('event_id').orderBy('hash').execute(),
  };
  const hash = createHash('sha256');
  const counts: Record<string, number> = {};
  for (const [name, rows] of Object.entries(tables)) {
    counts[name] = rows.length;
    for (const row of rows) hash.update(name + JSON.stringify(Object.values(row).map((v) => (v === null ? null : String(v)))));
  }
  return { digest: hash.digest('hex'), counts };
}
