/**
 * The time-based alert: a bucket with units left that expires within the account's window
 * (default 24 h). Nothing in rating moves when a clock passes, so the delivery worker sweeps for
 * it; `once_key` holds the bucket's end, so a sweep repeated finds the alert already raised.
 */
import { onceKey } from '../../domain/alerts.js';
import { toBigInt } from '../../domain/money.js';
import { loadAlertRules } from '../../store/alert-store.js';
import type { Store } from '../../store/open-store.js';

/** The longest window an account may choose (ALERT_LIMITS.maxExpiryWithinHours). */
const WIDEST_WINDOW_MS = 720 * 3_600_000;
const ROWS_PER_INSERT = 500;

export async function sweepExpiringBuckets(store: Store, nowMs: number): Promise<number> {
  const soon = await store.db
    .selectFrom('buckets as b')
    .innerJoin('esims as e', 'e.iccid', 'b.iccid')
    .select(['b.id', 'b.iccid', 'b.plan_id', 'b.kind', 'b.initial', 'b.remaining', 'b.valid_to', 'e.account_id'])
    .where('b.valid_to', '>', nowMs)
    .where('b.valid_to', '<=', nowMs + WIDEST_WINDOW_MS)
    .where('b.remaining', '>', 0)
    .execute();
  if (soon.length === 0) return 0;
  const rules = await loadAlertRules(store.db, [...new Set(soon.map((b) => b.account_id))]);
  const rows = soon.flatMap((b) => {
    const hours = rules.get(b.account_id)?.expiryWithinHours ?? null;
    const validTo = Number(b.valid_to);
    if (hours === null || validTo > nowMs + hours * 3_600_000) return [];
    const payload = { kind: b.kind, planId: b.plan_id, initial: toBigInt(b.initial).toString(), remaining: toBigInt(b.remaining).toString(), validToMs: validTo };
    return [
      {
        account_id: b.account_id,
        rule: 'bucket_expiring',
        subject: b.id,
        iccid: b.iccid,
        level: hours,
        once_key: onceKey('bucket_expiring', b.id, hours, String(validTo)),
        payload: JSON.stringify(payload),
        created_at: nowMs,
      },
    ];
  });
  let raised = 0;
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const inserted = await store.db
      .insertInto('alert_outbox')
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .onConflict((oc) => oc.column('once_key').doNothing())
      .executeTakeFirst();
    raised += Number(inserted.numInsertedOrUpdatedRows ?? 0);
  }
  return raised;
}
