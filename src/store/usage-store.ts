import type { CountryRates, Tariff } from '../domain/catalog.js';
import { toBigInt } from '../domain/money.js';
import type { BucketState } from '../domain/rating.js';
import { internKind } from '../domain/units.js';
import { sql, type RawBuilder } from 'kysely';
import type { Db } from './open-store.js';
import type { KnownEvent, LineRef, UsageLedgerReads } from './usage-ledger-port.js';
import { readWriteGeneration } from './write-generation.js';
import { loadAlertRules, loadBucketFacts, loadEndedBuckets } from './alert-store.js';

export type { KnownEvent, LineRef } from './usage-ledger-port.js';

/**
 * How a database reads rows by many keys at once: the one part of rating's reads that differs
 * between SQLite and PostgreSQL (see sqlite/usage-ledger.ts, postgres/usage-ledger.ts).
 */
export interface KeyProbes {
  /** The rows of `select` (a query ending in a where clause) whose `keyColumn` is one of `keys`. */
  rowsByKeys<R>(db: Db, keys: readonly string[], select: RawBuilder<unknown>, keyColumn: string): Promise<R[]>;
  /** The keys as a one-column (`id`) select, for a range bounded by their min and max. */
  keyTable(keys: readonly string[]): RawBuilder<unknown>;
  /** The buckets of these lines that have units left. */
  openBucketRows(db: Db, iccids: readonly string[]): Promise<BucketRow[]>;
}

/**
 * The rows of `table` (usage_records or suspense, both indexed by source and event id) with these
 * event ids of `source`. An import's ids mostly come in order, so a batch's ids span a narrow range
 * of that index: one bounded range scan instead of a probe per id; when the range holds more rows
 * than the batch has ids (ids in no order), the probes after all. The bounds are computed by the
 * database, in its own order of text, as scalar subqueries, so the range is the scan's condition.
 */
async function rowsByEventIds<R extends { event_id: string }>(
  db: Db,
  probes: KeyProbes,
  table: 'usage_records' | 'suspense',
  columns: string,
  source: string,
  eventIds: readonly string[],
): Promise<R[]> {
  if (eventIds.length === 0) return [];
  const select = sql`select ${sql.raw(columns)} from ${sql.table(table)} where source = ${source}`;
  const ranged = (
    await sql<R>`with k as (${probes.keyTable(eventIds)})
    select ${sql.raw(columns)} from ${sql.table(table)}
    where source = ${source} and event_id between (select min(id) from k) and (select max(id) from k)
    order by source, event_id limit ${eventIds.length + 1}`.execute(db)
  ).rows;
  if (ranged.length > eventIds.length) return probes.rowsByKeys<R>(db, eventIds, select, 'event_id');
  const wanted = new Set(eventIds);
  return ranged.filter((r) => wanted.has(r.event_id));
}

async function findKnownEvents(db: Db, probes: KeyProbes, source: string, eventIds: readonly string[]): Promise<Map<string, KnownEvent>> {
  const known = new Map<string, KnownEvent>();
  const entry = (id: string, hash: string) => {
    const found: KnownEvent = known.get(id) ?? { standingHash: hash, rated: false };
    known.set(id, found);
    return found;
  };
  const rated = await rowsByEventIds<{ event_id: string; hash: string }>(db, probes, 'usage_records', 'event_id, hash', source, eventIds);
  for (const r of rated) Object.assign(entry(r.event_id, r.hash), { standingHash: r.hash, rated: true });
  const held = await rowsByEventIds<{ event_id: string; hash: string; reason: string; resolved_at: unknown }>(db, probes, 'suspense', 'event_id, hash, reason, resolved_at', source, eventIds);
  for (const s of held) {
    if (s.reason === 'exists_with_different_payload') {
      const e = entry(s.event_id, s.hash);
      (e.conflictHashes ??= new Set()).add(s.hash);
    } else if (s.resolved_at === null) entry(s.event_id, s.hash).standingHash = s.hash;
  }
  return known;
}

const LINE_SELECT = sql`select iccid, imsi, account_id as "accountId", tariff_id as "tariffId" from esims where true`;

export function tariffFromRow(row: { id: string; currency: string; rates: string }): Tariff {
  const parsed = JSON.parse(row.rates) as Record<string, Record<string, string>>;
  const rates: Record<string, CountryRates> = {};
  for (const [country, fields] of Object.entries(parsed)) {
    rates[country] = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, BigInt(v)]));
  }
  return { id: row.id, currency: row.currency, rates };
}

const coverageSets = new Map<string, ReadonlySet<string>>();

/** Plans share a handful of coverage lists; parse each text once (bounded, so it cannot grow without limit). */
function coverageSet(json: string): ReadonlySet<string> {
  let set = coverageSets.get(json);
  if (!set) {
    set = new Set(JSON.parse(json) as string[]);
    if (coverageSets.size < 10_000) coverageSets.set(json, set);
  }
  return set;
}

export function bucketFromRow(r: {
  id: string;
  purchase_id: string;
  purchased_at: unknown;
  kind: string;
  coverage: string;
  validity_days: unknown;
  remaining: unknown;
  valid_from: unknown;
  valid_to: unknown;
  used_up_at?: unknown;
}): BucketState {
  return {
    id: r.id,
    purchaseId: r.purchase_id,
    purchasedAtMs: Number(r.purchased_at),
    kind: internKind(r.kind),
    coverage: coverageSet(r.coverage),
    validityDays: Number(r.validity_days),
    remaining: toBigInt(r.remaining),
    validFromMs: r.valid_from === null ? null : Number(r.valid_from),
    validToMs: r.valid_to === null ? null : Number(r.valid_to),
    usedUpAtMs: r.used_up_at === null || r.used_up_at === undefined ? null : Number(r.used_up_at),
  };
}

export type BucketRow = Parameters<typeof bucketFromRow>[0] & { iccid: string };

async function loadOpenBuckets(db: Db, probes: KeyProbes, iccids: readonly string[]): Promise<Map<string, BucketState[]>> {
  const byLine = new Map<string, BucketState[]>();
  for (const r of await probes.openBucketRows(db, iccids)) {
    const list = byLine.get(r.iccid);
    if (list) list.push(bucketFromRow(r));
    else byLine.set(r.iccid, [bucketFromRow(r)]);
  }
  return byLine;
}

async function loadWalletBalances(db: Db, probes: KeyProbes, accountIds: readonly string[]): Promise<Map<string, bigint>> {
  const balances = new Map<string, bigint>();
  const rows = await probes.rowsByKeys<{ account_id: string; balance_minor: unknown }>(db, accountIds, sql`select account_id, balance_minor from wallets where true`, 'account_id');
  for (const r of rows) balances.set(r.account_id, toBigInt(r.balance_minor));
  return balances;
}

async function loadTariffs(db: Db, ids: readonly string[]): Promise<Map<string, Tariff>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('tariffs').select(['id', 'currency', 'rates']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, tariffFromRow(r)]));
}

/**
 * Ids of a counter only grow, even after purges. Read the next one under the write lock, assign
 * them in order, then `advanceIds` to what was used: only rated events take ids, so a re-run that
 * finds duplicates assigns exactly the ids a clean run would have.
 */
export async function nextId(db: Db, name: string): Promise<bigint> {
  const row = await db.selectFrom('id_counters').select('next_id').where('name', '=', name).executeTakeFirst();
  return row ? toBigInt(row.next_id) : 1n;
}

export async function advanceIds(tx: Db, name: string, from: bigint, to: bigint): Promise<void> {
  if (to === from) return;
  const updated = await tx.updateTable('id_counters').set({ next_id: to }).where('name', '=', name).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await tx.insertInto('id_counters').values({ name, next_id: to }).execute();
}

/** Rating's reads on `db` (the store, or a write transaction), through the database's key probes. */
export function ledgerReads(db: Db, probes: KeyProbes): UsageLedgerReads {
  return {
    findKnownEvents: (source, ids) => findKnownEvents(db, probes, source, ids),
    findLines: async (imsis, iccids) => [...(await probes.rowsByKeys<LineRef>(db, imsis, LINE_SELECT, 'imsi')), ...(await probes.rowsByKeys<LineRef>(db, iccids, LINE_SELECT, 'iccid'))],
    countLines: async () =>
      Number(
        (
          await db
            .selectFrom('esims')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    linesAfter: (after, limit) =>
      db
        .selectFrom('esims')
        .select(['iccid', 'imsi', 'account_id as accountId', 'tariff_id as tariffId'])
        .$if(after !== undefined, (q) => q.where('iccid', '>', after!))
        .orderBy('iccid')
        .limit(limit)
        .execute(),
    loadTariffs: (ids) => loadTariffs(db, ids),
    loadOpenBuckets: (iccids) => loadOpenBuckets(db, probes, iccids),
    loadWalletBalances: (accounts) => loadWalletBalances(db, probes, accounts),
    nextRecordId: () => nextId(db, 'usage_records'),
    writeGeneration: () => readWriteGeneration(db),
    loadAlertRules: (accounts) => loadAlertRules(db, accounts),
    loadBucketFacts: (buckets) => loadBucketFacts(db, buckets),
    loadEndedBuckets: (iccids, sinceMs, atMs) => loadEndedBuckets(db, iccids, sinceMs, atMs),
  };
}

/** A line's freshness only moves forward: a late record of older usage leaves `usage_to` (and its network) alone. */
export function freshnessUpsert(max: 'max' | 'greatest'): string {
  return `on conflict (iccid) do update set
  mcc_mnc = case when excluded.usage_to >= line_freshness.usage_to then excluded.mcc_mnc else line_freshness.mcc_mnc end,
  usage_to = ${max}(line_freshness.usage_to, excluded.usage_to),
  arrived_at = ${max}(line_freshness.arrived_at, excluded.arrived_at)`;
}
