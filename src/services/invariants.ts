import { sql } from 'kysely';
import { toBigInt } from '../domain/money.js';
import type { Db, Store } from '../store/open-store.js';

export type InvariantViolation =
  | { code: 'wallet_ledger_mismatch'; accountId: string; balanceMinor: bigint; ledgerSumMinor: bigint }
  | { code: 'ledger_without_wallet'; accountId: string; ledgerSumMinor: bigint }
  | { code: 'bucket_draws_mismatch'; bucketId: string; initial: bigint; remaining: bigint; drawnUnits: bigint }
  | { code: 'bucket_out_of_range'; bucketId: string; initial: bigint; remaining: bigint }
  | { code: 'draws_without_bucket'; bucketId: string; drawnUnits: bigint };

async function walletViolations(db: Db): Promise<InvariantViolation[]> {
  const mismatched = await sql<{ account_id: string; balance_minor: unknown; ledger_sum: unknown }>`
    select w.account_id, w.balance_minor, coalesce(l.total, 0) as ledger_sum
    from wallets w
    left join (select account_id, sum(amount_minor) as total from ledger_entries group by account_id) l
      on l.account_id = w.account_id
    where w.balance_minor <> coalesce(l.total, 0)
    order by w.account_id`.execute(db);
  const orphans = await sql<{ account_id: string; ledger_sum: unknown }>`
    select account_id, sum(amount_minor) as ledger_sum from ledger_entries
    where account_id not in (select account_id from wallets)
    group by account_id order by account_id`.execute(db);
  return [
    ...mismatched.rows.map((r): InvariantViolation => ({
      code: 'wallet_ledger_mismatch',
      accountId: r.account_id,
      balanceMinor: toBigInt(r.balance_minor),
      ledgerSumMinor: toBigInt(r.ledger_sum),
    })),
    ...orphans.rows.map((r): InvariantViolation => ({ code: 'ledger_without_wallet', accountId: r.account_id, ledgerSumMinor: toBigInt(r.ledger_sum) })),
  ];
}

async function bucketViolations(db: Db): Promise<InvariantViolation[]> {
  const mismatched = await sql<{ id: string; initial: unknown; remaining: unknown; drawn: unknown }>`
    select b.id, b.initial, b.remaining, coalesce(d.total, 0) as drawn
    from buckets b
    left join (select bucket_id, sum(units) as total from bucket_draws group by bucket_id) d on d.bucket_id = b.id
    where b.initial - b.remaining <> coalesce(d.total, 0) or b.remaining < 0 or b.remaining > b.initial
    order by b.id`.execute(db);
  const orphans = await sql<{ bucket_id: string; drawn: unknown }>`
    select bucket_id, sum(units) as drawn from bucket_draws
    where bucket_id not in (select id from buckets)
    group by bucket_id order by bucket_id`.execute(db);
  const violations: InvariantViolation[] = [];
  for (const r of mismatched.rows) {
    const [initial, remaining, drawnUnits] = [toBigInt(r.initial), toBigInt(r.remaining), toBigInt(r.drawn)];
    if (initial - remaining !== drawnUnits) violations.push({ code: 'bucket_draws_mismatch', bucketId: r.id, initial, remaining, drawnUnits });
    if (remaining < 0n || remaining > initial) violations.push({ code: 'bucket_out_of_range', bucketId: r.id, initial, remaining });
  }
  for (const r of orphans.rows) violations.push({ code: 'draws_without_bucket', bucketId: r.bucket_id, drawnUnits: toBigInt(r.drawn) });
  return violations;
}

/**
 * docs/rating-rules.md rule 8 over the whole store, in one snapshot: every wallet's balance is the sum of its ledger
 * entries, every bucket's initial - remaining is the sum of its draws (and 0 <= remaining <= initial).
 * Returns the violations; empty means the books add up.
 */
export async function checkInvariants(store: Store): Promise<InvariantViolation[]> {
  return store.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      return [...(await walletViolations(tx)), ...(await bucketViolations(tx))];
    });
}
