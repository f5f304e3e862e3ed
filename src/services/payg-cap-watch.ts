/**
 * Which eSIMs reached their pay-as-you-go data cap this month (in their account's zone) and were
 * not yet told: each is claimed once per month (a row in payg_cap_reached), so the alert and the
 * network barring request go out once however many batches are rated after it.
 */
import { sql } from 'kysely';
import { toBigInt } from '../domain/money.js';
import { monthBounds, offsetAt } from '../domain/time-zones.js';
import { BYTES_PER_MIB } from '../domain/units.js';
import type { Store } from '../store/open-store.js';

export interface CapReached {
  iccid: string;
  imsi: string;
  msisdn: string | null;
  accountId: string;
  language: string;
  capBytes: bigint;
  usedBytes: bigint;
  month: string;
}

/** The table this module owns (migration 0015), typed here rather than in the store's schema. */
type CapReachedTables = { payg_cap_reached: { iccid: string; month: string; used_bytes: bigint | number; at: bigint | number } };

function localMonth(nowMs: number, timeZone: string): { month: string; fromMs: number; toMs: number } {
  const local = new Date(nowMs + offsetAt(nowMs, timeZone));
  const bounds = monthBounds(local.getUTCFullYear(), local.getUTCMonth() + 1, timeZone);
  return { month: local.toISOString().slice(0, 7), ...bounds };
}

/** Finds the capped eSIMs at or over their cap this month and claims the ones not claimed yet. */
export async function claimCapsReached(store: Store, nowMs: number): Promise<CapReached[]> {
  const capped = await store.db
    .selectFrom('payg_caps')
    .innerJoin('esims', 'esims.iccid', 'payg_caps.iccid')
    .innerJoin('accounts', 'accounts.id', 'esims.account_id')
    .select(['payg_caps.iccid', 'payg_caps.cap_bytes', 'esims.imsi', 'esims.msisdn', 'esims.account_id', 'accounts.time_zone', 'accounts.language'])
    .execute();
  const reached: CapReached[] = [];
  for (const c of capped) {
    const { month, fromMs, toMs } = localMonth(nowMs, c.time_zone);
    const used = await store.db
      .selectFrom('usage_records')
      .select(sql<unknown>`sum(charged_blocks)`.as('blocks'))
      .where('iccid', '=', c.iccid)
      .where('kind', '=', 'data')
      .where('started_at', '>=', fromMs)
      .where('started_at', '<', toMs)
      .executeTakeFirst();
    const usedBytes = toBigInt(used?.blocks ?? 0) * BYTES_PER_MIB;
    const capBytes = toBigInt(c.cap_bytes);
    if (usedBytes < capBytes) continue;
    const claimed = await store.writeTransaction((tx) =>
      tx
        .withTables<CapReachedTables>()
        .insertInto('payg_cap_reached')
        .values({ iccid: c.iccid, month, used_bytes: usedBytes, at: nowMs })
        .onConflict((oc) => oc.columns(['iccid', 'month']).doNothing())
        .executeTakeFirst(),
    );
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0n) === 0) continue;
    reached.push({ iccid: c.iccid, imsi: c.imsi, msisdn: c.msisdn, accountId: c.account_id, language: c.language, capBytes, usedBytes, month });
  }
  return reached;
}
