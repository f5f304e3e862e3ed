import type { Db } from './open-store.js';
import type { BucketsTable } from './schema.js';

export type BucketRow = Omit<BucketsTable, 'used_up_at'> & { used_up_at?: BucketsTable['used_up_at'] };

/** Adds buckets: the plan side and the hot balance side (see migrations-hot-balances.ts). */
export async function insertBuckets(tx: Db, rows: readonly BucketRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('bucket_plans')
    .values(
      rows.map((r) => ({
        id: r.id,
        purchase_id: r.purchase_id,
        iccid: r.iccid,
        plan_id: r.plan_id,
        kind: r.kind,
        initial: r.initial,
        validity_days: r.validity_days,
        purchased_at: r.purchased_at,
        coverage: r.coverage,
      })),
    )
    .execute();
  await tx
    .insertInto('bucket_balances')
    .values(
      rows.map((r) => ({
        id: r.id,
        remaining: r.remaining,
        valid_from: r.valid_from,
        valid_to: r.valid_to,
        used_up_at: r.used_up_at ?? null,
      })),
    )
    .execute();
}
