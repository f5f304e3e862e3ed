/**
 * What the rating reads to evaluate alerts (each account's rules, each bucket's allowance and plan)
 * and the columns of the alert rows it writes with a rated batch (see alert_outbox).
 */
import { toBigInt } from '../domain/money.js';
import type { AlertRules } from '../domain/alerts.js';
import { DEFAULT_RULES } from '../domain/alerts.js';
import type { UsageKind } from '../domain/units.js';
import type { ColumnType } from './bulk.js';
import type { ExtraTable } from './rated-batch.js';
import type { Db } from './open-store.js';

/** In the order a rated batch's `alerts` cells come (flat, row after row). */
export const ALERT_COLUMNS = [
  ['account_id', 'text'],
  ['rule', 'text'],
  ['subject', 'text'],
  ['iccid', 'text'],
  ['level', 'bigint'],
  ['once_key', 'text'],
  ['payload', 'text'],
  ['created_at', 'bigint'],
] as const satisfies readonly (readonly [string, ColumnType])[];

/** The outbox as a rated batch writes it: a crossing recorded once (unique once_key), a replay skipped. */
export const ALERT_OUTBOX: ExtraTable = { table: 'alert_outbox', columns: ALERT_COLUMNS, skipDuplicates: true };

export interface BucketFacts {
  readonly initial: bigint;
  readonly planId: string;
  readonly kind: UsageKind;
}

/** Keys per `in (...)` list: well under SQLite's bound-parameter limit. */
const KEYS_PER_QUERY = 500;

async function inChunks<T>(keys: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) out.push(...(await read(keys.slice(i, i + KEYS_PER_QUERY))));
  return out;
}

/** Each account's rules; an account without settings has the defaults. */
export async function loadAlertRules(db: Db, accountIds: readonly string[]): Promise<Map<string, AlertRules>> {
  const rows = await inChunks(accountIds, (chunk) =>
    db.selectFrom('alert_settings').select(['account_id', 'data_used_percent', 'wallet_below_minor', 'expiry_within_hours']).where('account_id', 'in', chunk).execute(),
  );
  const rules = new Map<string, AlertRules>(accountIds.map((id) => [id, DEFAULT_RULES]));
  for (const r of rows) {
    rules.set(r.account_id, {
      levels: JSON.parse(r.data_used_percent) as number[],
      walletBelowMinor: r.wallet_below_minor === null ? null : toBigInt(r.wallet_below_minor),
      expiryWithinHours: r.expiry_within_hours === null ? null : Number(r.expiry_within_hours),
    });
  }
  return rules;
}

export async function loadBucketFacts(db: Db, bucketIds: readonly string[]): Promise<Map<string, BucketFacts>> {
  const rows = await inChunks(bucketIds, (chunk) => db.selectFrom('bucket_plans').select(['id', 'initial', 'plan_id', 'kind']).where('id', 'in', chunk).execute());
  return new Map(rows.map((r) => [r.id, { initial: toBigInt(r.initial), planId: r.plan_id, kind: r.kind as UsageKind }]));
}

/** A bundle that ended (used up or past its validity) before usage was charged to the wallet. */
export interface EndedBucket {
  readonly id: string;
  readonly iccid: string;
  readonly kind: UsageKind;
  readonly planId: string;
  readonly endedAtMs: number;
}

/**
 * The bundle of each (line, kind) that ended last, at or before `atMs` and after `sinceMs`: what
 * "now pay-as-you-go" names. Buckets with units left that are still valid are not ended.
 */
export async function loadEndedBuckets(db: Db, iccids: readonly string[], sinceMs: number, atMs: number): Promise<EndedBucket[]> {
  const rows = await inChunks(iccids, (chunk) =>
    db
      .selectFrom('buckets')
      .select(['id', 'iccid', 'kind', 'plan_id', 'remaining', 'used_up_at', 'valid_to'])
      .where('iccid', 'in', chunk)
      .where((eb) => eb.or([eb.and([eb('remaining', '=', 0), eb('used_up_at', '<=', atMs), eb('used_up_at', '>', sinceMs)]), eb.and([eb('valid_to', '<=', atMs), eb('valid_to', '>', sinceMs)])]))
      .execute(),
  );
  return rows.map((r) => {
    const ends = [r.used_up_at, r.valid_to]
      .filter((v) => v !== null)
      .map(Number)
      .filter((t) => t <= atMs);
    return { id: r.id, iccid: r.iccid, kind: r.kind as UsageKind, planId: r.plan_id, endedAtMs: Math.min(...ends) };
  });
}
