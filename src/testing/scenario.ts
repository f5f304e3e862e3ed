/**
 * Test worlds set up directly with Kysely inserts (no provisioning service), and read-backs of
 * balances, buckets, ledger, draws and suspense for assertions. Instants are epoch ms.
 */
import type { CountryRates } from '../domain/catalog.js';
import { toBigInt } from '../domain/money.js';
import type { UsageKind } from '../domain/units.js';
import { insertBuckets } from '../store/bucket-rows.js';
import type { RawUsageRow } from '../domain/usage-event.js';
import type { Db } from '../store/open-store.js';

/** A store, or `{ db: tx }` inside a transaction (one commit for a whole world is much faster). */
export interface StoreLike {
  readonly db: Db;
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

export interface AccountSpec {
  id: string;
  currency: string;
  timeZone?: string;
  balanceMinor?: bigint;
  at?: number;
}

/** An account with its wallet; an opening balance is a `topup` ledger entry so balance == sum(ledger). */
export async function addAccount(store: StoreLike, spec: AccountSpec): Promise<void> {
  const balance = spec.balanceMinor ?? 0n;
  const at = spec.at ?? 0;
  await store.db
    .insertInto('accounts')
    .values({
      id: spec.id,
      name: `Account ${spec.id}`,
      login_phone: null,
      language: 'en',
      time_zone: spec.timeZone ?? 'Asia/Hong_Kong',
      currency: spec.currency,
      password_hash: null,
      created_at: at,
      payload_hash: '',
    })
    .execute();
  await store.db.insertInto('wallets').values({ account_id: spec.id, currency: spec.currency, balance_minor: balance, updated_at: at }).execute();
  if (balance !== 0n) {
    await store.db
      .insertInto('ledger_entries')
      .values({ account_id: spec.id, at, amount_minor: balance, kind: 'topup', ref: `opening:${spec.id}` })
      .execute();
  }
}

export interface TariffSpec {
  id: string;
  currency: string;
  rates: Readonly<Record<string, CountryRates>>;
}

/** A tariff; rates are stored as the JSON of decimal strings the store reads back. */
export async function addTariff(store: StoreLike, spec: TariffSpec): Promise<void> {
  const rates: Record<string, Record<string, string>> = {};
  for (const [country, fields] of Object.entries(spec.rates)) {
    rates[country] = Object.fromEntries(
      Object.entries(fields)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
  }
  await store.db
    .insertInto('tariffs')
    .values({ id: spec.id, currency: spec.currency, rates: JSON.stringify(rates), payload_hash: '' })
    .execute();
}

export interface EsimSpec {
  iccid: string;
  imsi: string;
  accountId: string;
  tariffId: string;
  msisdn?: string;
}

export async function addEsim(store: StoreLike, spec: EsimSpec): Promise<void> {
  await store.db
    .insertInto('esims')
    .values({
      iccid: spec.iccid,
      imsi: spec.imsi,
      msisdn: spec.msisdn ?? null,
      eid: null,
      account_id: spec.accountId,
      tariff_id: spec.tariffId,
      state: 'active',
      activation_code: null,
      created_at: 0,
      payload_hash: '',
    })
    .execute();
}

export interface BucketSpec {
  purchaseId: string;
  iccid: string;
  kind: UsageKind;
  initial: bigint;
  /** Units already used (remaining = initial - used); a matching draw is not written, so keep 0 for invariant checks. */
  remaining?: bigint;
  /** null = a `first_use` bucket not yet started. */
  validFrom: number | null;
  validTo: number | null;
  validityDays: number;
  purchasedAt: number;
  coverage: readonly string[];
  id?: string;
  planId?: string;
}

/** A bucket and its purchase (`external`, so no wallet money moves); returns the bucket id. */
export async function addBucket(store: StoreLike, spec: BucketSpec): Promise<string> {
  const id = spec.id ?? `${spec.purchaseId}:${spec.kind}`;
  const planId = spec.planId ?? `plan-${spec.purchaseId}`;
  const line = await store.db
    .selectFrom('esims')
    .innerJoin('accounts', 'accounts.id', 'esims.account_id')
    .select(['esims.account_id as accountId', 'accounts.currency as currency'])
    .where('esims.iccid', '=', spec.iccid)
    .executeTakeFirstOrThrow();
  await store.db
    .insertInto('purchases')
    .values({
      id: spec.purchaseId,
      iccid: spec.iccid,
      plan_id: planId,
      account_id: line.accountId,
      at: spec.purchasedAt,
      paid_from: 'external',
      price_minor: 0,
      currency: line.currency,
      payload_hash: '',
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await insertBuckets(store.db, [
    {
      id,
      purchase_id: spec.purchaseId,
      iccid: spec.iccid,
      plan_id: planId,
      kind: spec.kind,
      initial: spec.initial,
      remaining: spec.remaining ?? spec.initial,
      valid_from: spec.validFrom,
      valid_to: spec.validTo,
      validity_days: spec.validityDays,
      purchased_at: spec.purchasedAt,
      coverage: JSON.stringify(spec.coverage),
    },
  ]);
  return id;
}

export interface UsageRowSpec {
  eventId: string;
  imsi?: string;
  iccid?: string;
  kind?: string;
  direction?: string;
  /** An ISO string as is, or epoch ms written as ISO UTC. */
  startedAt: string | number;
  quantity: bigint | number | string;
  mccMnc?: string;
}

/** A raw usage row as a file would carry it: every field text, absent fields left out. */
export function usageRow(spec: UsageRowSpec): RawUsageRow {
  const row: Record<string, string> = {
    event_id: spec.eventId,
    kind: spec.kind ?? 'data',
    started_at: typeof spec.startedAt === 'number' ? new Date(spec.startedAt).toISOString() : spec.startedAt,
    quantity: String(spec.quantity),
    mcc_mnc: spec.mccMnc ?? '45400',
  };
  if (spec.imsi !== undefined) row['imsi'] = spec.imsi;
  if (spec.iccid !== undefined) row['iccid'] = spec.iccid;
  if (spec.direction !== undefined) row['direction'] = spec.direction;
  return row;
}

export async function walletBalance(store: StoreLike, accountId: string): Promise<bigint> {
  const row = await store.db.selectFrom('wallets').select('balance_minor').where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return toBigInt(row.balance_minor);
}

export interface BucketView {
  id: string;
  initial: bigint;
  remaining: bigint;
  validFrom: number | null;
  validTo: number | null;
}

export async function bucketView(store: StoreLike, bucketId: string): Promise<BucketView> {
  const r = await store.db.selectFrom('buckets').selectAll().where('id', '=', bucketId).executeTakeFirstOrThrow();
  return {
    id: r.id,
    initial: toBigInt(r.initial),
    remaining: toBigInt(r.remaining),
    validFrom: r.valid_from === null ? null : Number(r.valid_from),
    validTo: r.valid_to === null ? null : Number(r.valid_to),
  };
}

export async function bucketRemaining(store: StoreLike, bucketId: string): Promise<bigint> {
  return (await bucketView(store, bucketId)).remaining;
}

/** Sum of an account's ledger entries (summed here, not in SQL, so both drivers agree). */
export async function ledgerSum(store: StoreLike, accountId: string): Promise<bigint> {
  const rows = await store.db.selectFrom('ledger_entries').select('amount_minor').where('account_id', '=', accountId).execute();
  return rows.reduce((sum, r) => sum + toBigInt(r.amount_minor), 0n);
}

export async function drawSum(store: StoreLike, bucketId: string): Promise<bigint> {
  const rows = await store.db.selectFrom('bucket_draws').select('units').where('bucket_id', '=', bucketId).execute();
  return rows.reduce((sum, r) => sum + toBigInt(r.units), 0n);
}

export interface SuspenseView {
  source: string;
  eventId: string;
  hash: string;
  reason: string;
  detail: string;
  payload: RawUsageRow;
  resolved: boolean;
}

export async function suspenseRows(store: StoreLike): Promise<SuspenseView[]> {
  const rows = await store.db.selectFrom('suspense').selectAll().orderBy('id').execute();
  return rows.map((r) => ({
    source: r.source,
    eventId: r.event_id,
    hash: r.hash,
    reason: r.reason,
    detail: r.detail,
    payload: JSON.parse(r.payload) as RawUsageRow,
    resolved: r.resolved_at !== null,
  }));
}

export interface RecordView {
  eventId: string;
  iccid: string;
  bucketUnits: bigint;
  chargedBlocks: bigint;
  amountMinor: bigint;
  debt: boolean;
}

export async function usageRecords(store: StoreLike): Promise<RecordView[]> {
  const rows = await store.db.selectFrom('usage_records').selectAll().orderBy('id').execute();
  return rows.map((r) => ({
    eventId: r.event_id,
    iccid: r.iccid,
    bucketUnits: toBigInt(r.bucket_units),
    chargedBlocks: toBigInt(r.charged_blocks),
    amountMinor: toBigInt(r.amount_minor),
    debt: toBigInt(r.debt) !== 0n,
  }));
}

/**
 * docs/rating-rules.md rule 8's invariants over the whole store: every wallet's balance is the sum of its ledger entries,
 * every bucket's initial - remaining is the sum of its draws. Returns the violations (empty = holds).
 */
export async function invariantViolations(store: StoreLike): Promise<string[]> {
  const problems: string[] = [];
  for (const w of await store.db.selectFrom('wallets').select(['account_id', 'balance_minor']).execute()) {
    const sum = await ledgerSum(store, w.account_id);
    if (toBigInt(w.balance_minor) !== sum) problems.push(`wallet ${w.account_id}: balance ${toBigInt(w.balance_minor)} != ledger ${sum}`);
  }
  for (const b of await store.db.selectFrom('buckets').select(['id', 'initial', 'remaining']).execute()) {
    const used = toBigInt(b.initial) - toBigInt(b.remaining);
    const drawn = await drawSum(store, b.id);
    if (used !== drawn) problems.push(`bucket ${b.id}: initial - remaining ${used} != draws ${drawn}`);
    if (toBigInt(b.remaining) < 0n) problems.push(`bucket ${b.id}: remaining ${toBigInt(b.remaining)} < 0`);
  }
  return problems;
}

/** Wallet balances and bucket remainders (with validity), for comparing two runs of one world. */
export async function snapshot(store: StoreLike): Promise<{ wallets: Record<string, string>; buckets: Record<string, string> }> {
  const wallets: Record<string, string> = {};
  for (const w of await store.db.selectFrom('wallets').select(['account_id', 'balance_minor']).orderBy('account_id').execute()) {
    wallets[w.account_id] = toBigInt(w.balance_minor).toString();
  }
  const buckets: Record<string, string> = {};
  for (const b of await store.db.selectFrom('buckets').select(['id', 'remaining', 'valid_from', 'valid_to']).orderBy('id').execute()) {
    buckets[b.id] = `${toBigInt(b.remaining)}@${b.valid_from === null ? '-' : Number(b.valid_from)}..${b.valid_to === null ? '-' : Number(b.valid_to)}`;
  }
  return { wallets, buckets };
}

const ALL_TABLES = [
  'accounts',
  'wallets',
  'tariffs',
  'plans',
  'esims',
  'purchases',
  'bucket_plans',
  'bucket_balances',
  'topups',
  'vouchers',
  'ledger_entries',
  'usage_records',
  'bucket_draws',
  'suspense',
  'id_counters',
  'api_keys',
] as const;

/** Empties every table, so one opened store can hold many generated worlds one after another. */
export async function clearStore(store: StoreLike): Promise<void> {
  await store.db.transaction().execute(async (tx) => {
    for (const table of ALL_TABLES) await tx.deleteFrom(table).execute();
  });
}
