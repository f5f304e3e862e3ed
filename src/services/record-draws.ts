/** Which bundles paid for a record: its bucket draws with the plan each bucket came from. */
import { toBigInt } from '../domain/money.js';
import type { Db } from '../store/open-store.js';

export interface RecordDraw {
  bucketId: string;
  planId: string;
  units: bigint;
}

/** The draws of these records, by record id (records without draws are absent), in bucket id order. */
export async function drawsOfRecords(db: Db, recordIds: readonly string[]): Promise<Map<string, RecordDraw[]>> {
  const out = new Map<string, RecordDraw[]>();
  if (recordIds.length === 0) return out;
  const rows = await db
    .selectFrom('bucket_draws')
    .innerJoin('bucket_plans', 'bucket_plans.id', 'bucket_draws.bucket_id')
    .select(['bucket_draws.record_id', 'bucket_draws.bucket_id', 'bucket_plans.plan_id', 'bucket_draws.units'])
    .where(
      'bucket_draws.record_id',
      'in',
      recordIds.map((id) => BigInt(id)),
    )
    .orderBy('bucket_draws.record_id')
    .orderBy('bucket_draws.bucket_id')
    .execute();
  for (const r of rows) {
    const key = String(r.record_id);
    const list = out.get(key) ?? [];
    list.push({ bucketId: r.bucket_id, planId: r.plan_id, units: toBigInt(r.units) });
    out.set(key, list);
  }
  return out;
}
