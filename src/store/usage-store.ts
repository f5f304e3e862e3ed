import type { CountryRates, Tariff } from '../domain/catalog.js';
import { toBigInt } from '../domain/money.js';
import type { BucketState } from '../domain/rating.js';
import { internKind } from '../domain/units.js';
import type BetterSqlite3 from 'better-sqlite3';
import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import type { Cell, ColumnType } from './bulk.js';
import { WRITE_GENERATION, type Db, type Store } from './open-store.js';
import { insertFlat, updateEach } from './sqlite-fast-write.js';
import { cellsOf, type FlatRows } from './batch-wire.js';
import { ALERT_COLUMNS } from './alert-store.js';

export interface LineRef {
  iccid: string;
  imsi: string;
  accountId: string;
  tariffId: string;
}

/** What is known of event ids already arrived: the standing copy and any recorded conflicts. */
export interface KnownEvent {
  standingHash: string;
  conflictHashes?: Set<string>;
  rated: boolean;
}

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * The rows of `select` (a query ending in a where clause) whose `keyColumn` is one of `keys`.
 * SQLite: the keys bound as one JSON array, read back by `json_each`: one statement text for any
 * number of keys, so it is compiled once (an IN list of 5,000 bound keys was built, compiled and
 * prepared anew for every batch; 18,000 lines' context took 0.8-1.2 s that way).
 * PostgreSQL: driven by the key list, one index probe per key (a lateral subquery, kept from being
 * flattened): given `= any(array)` or a join for a batch's 20,000 keys the planner scanned the
 * whole table instead, all the more with statistics that an import outdates by the second
 * (autovacuum may be off): 0.3-1 s a lookup instead of ~60 ms.
 */
async function rowsByKeys<R>(db: Db, keys: readonly string[], select: RawBuilder<unknown>, keyColumn: string): Promise<R[]> {
  if (keys.length === 0) return [];
  if (isPostgres(db)) {
    const probe = sql<R>`select t.* from unnest(${[...keys]}::text[]) as k(key)
      cross join lateral (${select} and ${sql.ref(keyColumn)} = k.key offset 0) as t`;
    return (await probe.execute(db)).rows;
  }
  return (await sql<R>`${select} and ${sql.ref(keyColumn)} in (select value from json_each(${JSON.stringify(keys)}))`.execute(db)).rows;
}

/**
 * The rows of `table` (usage_records or suspense, both indexed by source and event id) with these
 * event ids of `source`. An import's ids mostly come in order, so a batch's ids span a narrow range
 * of that index which holds few stored rows or none: one range scan of it, bounded, instead of a
 * probe per id. PostgreSQL: 20,000 ids on 1M stored records, 100-160 ms instead of 184-415.
 * When the range holds more rows than the batch has ids (ids in no order), the probes after all.
 */
async function rowsByEventIds<R extends { event_id: string }>(db: Db, table: 'usage_records' | 'suspense', columns: string, source: string, eventIds: readonly string[]): Promise<R[]> {
  if (eventIds.length === 0) return [];
  const select = sql`select ${sql.raw(columns)} from ${sql.table(table)} where source = ${source}`;
  // The bounds computed by the database, in its own order of text (a collation on PostgreSQL,
  // bytes on SQLite), as scalar subqueries: then the range is the index scan's own condition and
  // the limit stops it (PostgreSQL turned bounds from a join into a bitmap scan of the whole range
  // first: 0.55 s for a range over 1M stored ids, whatever the limit).
  const keys = isPostgres(db) ? sql`select unnest(${[...eventIds]}::text[]) as id` : sql`select value as id from json_each(${JSON.stringify(eventIds)})`;
  const ranged = (
    await sql<R>`with k as (${keys})
    select ${sql.raw(columns)} from ${sql.table(table)}
    where source = ${source} and event_id between (select min(id) from k) and (select max(id) from k)
    order by source, event_id limit ${eventIds.length + 1}`.execute(db)
  ).rows;
  if (ranged.length > eventIds.length) return rowsByKeys<R>(db, eventIds, select, 'event_id');
  const wanted = new Set(eventIds);
  return ranged.filter((r) => wanted.has(r.event_id));
}

export async function findKnownEvents(tx: Db, source: string, eventIds: readonly string[]): Promise<Map<string, KnownEvent>> {
  const known = new Map<string, KnownEvent>();
  const entry = (id: string, hash: string) => {
    const found: KnownEvent = known.get(id) ?? { standingHash: hash, rated: false };
    known.set(id, found);
    return found;
  };
  const rated = await rowsByEventIds<{ event_id: string; hash: string }>(tx, 'usage_records', 'event_id, hash', source, eventIds);
  for (const r of rated) Object.assign(entry(r.event_id, r.hash), { standingHash: r.hash, rated: true });
  const held = await rowsByEventIds<{ event_id: string; hash: string; reason: string; resolved_at: unknown }>(tx, 'suspense', 'event_id, hash, reason, resolved_at', source, eventIds);
  for (const s of held) {
    if (s.reason === 'exists_with_different_payload') {
      const e = entry(s.event_id, s.hash);
      (e.conflictHashes ??= new Set()).add(s.hash);
    } else if (s.resolved_at === null) entry(s.event_id, s.hash).standingHash = s.hash;
  }
  return known;
}

const LINE_SELECT = sql`select iccid, imsi, account_id as "accountId", tariff_id as "tariffId" from esims where true`;

export async function findLines(tx: Db, imsis: readonly string[], iccids: readonly string[]): Promise<LineRef[]> {
  return [...(await rowsByKeys<LineRef>(tx, imsis, LINE_SELECT, 'imsi')), ...(await rowsByKeys<LineRef>(tx, iccids, LINE_SELECT, 'iccid'))];
}

export async function countLines(tx: Db): Promise<number> {
  const row = await tx
    .selectFrom('esims')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Up to `limit` lines in the order of their ICCID, after `after` (from the first when absent). */
export async function linesAfter(tx: Db, after: string | undefined, limit: number): Promise<LineRef[]> {
  return tx
    .selectFrom('esims')
    .select(['iccid', 'imsi', 'account_id as accountId', 'tariff_id as tariffId'])
    .$if(after !== undefined, (q) => q.where('iccid', '>', after!))
    .orderBy('iccid')
    .limit(limit)
    .execute();
}

export function tariffFromRow(row: { id: string; currency: string; rates: string }): Tariff {
  const parsed = JSON.parse(row.rates) as Record<string, Record<string, string>>;
  const rates: Record<string, CountryRates> = {};
  for (const [country, fields] of Object.entries(parsed)) {
    rates[country] = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, BigInt(v)]));
  }
  return { id: row.id, currency: row.currency, rates };
}

export async function loadTariffs(tx: Db, ids: readonly string[]): Promise<Map<string, Tariff>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('tariffs').select(['id', 'currency', 'rates']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, tariffFromRow(r)]));
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

type BucketRow = Parameters<typeof bucketFromRow>[0] & { iccid: string };

const BUCKET_PLAN = sql`select id, purchase_id, iccid, purchased_at, kind, coverage, validity_days from bucket_plans where true`;
const BUCKET_BALANCE = sql`select id, remaining, valid_from, valid_to, used_up_at from bucket_balances where remaining > 0`;
const OPEN_BUCKET = sql`select p.id, p.purchase_id, p.iccid, p.purchased_at, p.kind, p.coverage, p.validity_days,
  b.remaining, b.valid_from, b.valid_to, b.used_up_at
  from bucket_plans p join bucket_balances b on b.id = p.id where b.remaining > 0`;

/** The buckets of these lines that have units left. */
async function openBucketRows(tx: Db, iccids: readonly string[]): Promise<BucketRow[]> {
  // SQLite: one statement, its join probing the balance per plan row.
  if (!isPostgres(tx)) return rowsByKeys<BucketRow>(tx, iccids, OPEN_BUCKET, 'p.iccid');
  // PostgreSQL: the plan side by line, then the balance side by bucket id: two single-table
  // probes, which no planner turns into a scan (the join, probed per line, became one).
  const plans = await rowsByKeys<Omit<BucketRow, 'remaining' | 'valid_from' | 'valid_to' | 'used_up_at'>>(tx, iccids, BUCKET_PLAN, 'iccid');
  const balances = new Map(
    (
      await rowsByKeys<Pick<BucketRow, 'id' | 'remaining' | 'valid_from' | 'valid_to' | 'used_up_at'>>(
        tx,
        plans.map((p) => p.id),
        BUCKET_BALANCE,
        'id',
      )
    ).map((b) => [b.id, b]),
  );
  const rows: BucketRow[] = [];
  for (const p of plans) {
    const b = balances.get(p.id);
    if (b !== undefined) rows.push({ ...p, ...b });
  }
  return rows;
}

/** Buckets with units left, grouped by line. */
export async function loadOpenBuckets(tx: Db, iccids: readonly string[]): Promise<Map<string, BucketState[]>> {
  const byLine = new Map<string, BucketState[]>();
  for (const r of await openBucketRows(tx, iccids)) {
    const list = byLine.get(r.iccid);
    if (list) list.push(bucketFromRow(r));
    else byLine.set(r.iccid, [bucketFromRow(r)]);
  }
  return byLine;
}

export async function loadWalletBalances(tx: Db, accountIds: readonly string[]): Promise<Map<string, bigint>> {
  const balances = new Map<string, bigint>();
  const rows = await rowsByKeys<{ account_id: string; balance_minor: unknown }>(tx, accountIds, sql`select account_id, balance_minor from wallets where true`, 'account_id');
  for (const r of rows) balances.set(r.account_id, toBigInt(r.balance_minor));
  return balances;
}

/**
 * Ids of a counter only grow, even after purges. Read the next one under the write lock, assign
 * them in order, then `advanceIds` to what was used: only rated events take ids, so a re-run that
 * finds duplicates assigns exactly the ids a clean run would have.
 */
export async function nextId(tx: Db, name: string): Promise<bigint> {
  const row = await tx.selectFrom('id_counters').select('next_id').where('name', '=', name).executeTakeFirst();
  return row ? toBigInt(row.next_id) : 1n;
}

/** The store's write generation: bumped by every write transaction (see open-store.ts). */
export async function readWriteGeneration(tx: Db): Promise<bigint> {
  const row = await tx.selectFrom('id_counters').select('next_id').where('name', '=', WRITE_GENERATION).executeTakeFirst();
  return row ? toBigInt(row.next_id) : 0n;
}

export async function advanceIds(tx: Db, name: string, from: bigint, to: bigint): Promise<void> {
  if (to === from) return;
  const updated = await tx.updateTable('id_counters').set({ next_id: to }).where('name', '=', name).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await tx.insertInto('id_counters').values({ name, next_id: to }).execute();
}

export const RECORD_COLUMNS = [
  ['id', 'bigint'],
  ['source', 'text'],
  ['event_id', 'text'],
  ['hash', 'text'],
  ['iccid', 'text'],
  ['account_id', 'text'],
  ['kind', 'text'],
  ['direction', 'text'],
  ['started_at', 'bigint'],
  ['quantity', 'bigint'],
  ['mcc_mnc', 'text'],
  ['country', 'text'],
  ['bucket_units', 'bigint'],
  ['charged_blocks', 'bigint'],
  ['amount_minor', 'bigint'],
  ['debt', 'bigint'],
  ['rated_at', 'bigint'],
  ['peer', 'text'],
] as const;
export const DRAW_COLUMNS = [
  ['bucket_id', 'text'],
  ['record_id', 'bigint'],
  ['units', 'bigint'],
] as const;
export const LEDGER_COLUMNS = [
  ['account_id', 'text'],
  ['at', 'bigint'],
  ['amount_minor', 'bigint'],
  ['kind', 'text'],
  ['ref', 'text'],
] as const;
export const FRESHNESS_COLUMNS = [
  ['iccid', 'text'],
  ['usage_to', 'bigint'],
  ['arrived_at', 'bigint'],
  ['mcc_mnc', 'text'],
] as const;
/** A line's freshness only moves forward: a late record of older usage leaves `usage_to` (and its network) alone. */
const FRESHNESS_UPSERT = `on conflict (iccid) do update set
  mcc_mnc = case when excluded.usage_to >= line_freshness.usage_to then excluded.mcc_mnc else line_freshness.mcc_mnc end,
  usage_to = %MAX%(line_freshness.usage_to, excluded.usage_to),
  arrived_at = %MAX%(line_freshness.arrived_at, excluded.arrived_at)`;
export const SUSPENSE_COLUMNS = [
  ['source', 'text'],
  ['event_id', 'text'],
  ['hash', 'text'],
  ['reason', 'text'],
  ['detail', 'text'],
  ['payload', 'text'],
  ['created_at', 'bigint'],
] as const;

/** Everything one rated batch writes; committed together by the caller's transaction (rule 8). Rows are flat: cell after cell. */
export interface RatedBatchWrites {
  records: Cell[];
  draws: Cell[];
  ledger: Cell[];
  suspense: Cell[];
  /** remaining, valid_from, valid_to, used_up_at, id (BUCKET_SET then the key), flat. */
  buckets: Cell[];
  /** balance_minor, account_id, flat. */
  wallets: Cell[];
  /** iccid, usage_to, arrived_at, mcc_mnc (FRESHNESS_COLUMNS), flat: one row per line the batch rated for. */
  lines: Cell[];
  resolvedSuspense: { id: bigint; recordId: bigint | null }[];
  /** ALERT_COLUMNS, flat: the alerts the batch's crossings raise (see services/alerts/alert-watch.ts). */
  alerts: Cell[];
}

/** A batch's writes as SQLite takes them: each flat table as cells, or as sent by another thread. */
export type FlatBatchWrites = { [K in keyof RatedBatchWrites]: K extends 'resolvedSuspense' ? RatedBatchWrites[K] : FlatRows };

/** A batch's writes as an import hands them to its writer: the bulk tables as cells or already in columns (see TableBuilder). */
export type ImportBatchWrites = Omit<RatedBatchWrites, 'records' | 'draws' | 'ledger' | 'lines'> & { records: FlatRows; draws: FlatRows; ledger: FlatRows; lines: FlatRows };

const BUCKET_SET = ['remaining', 'valid_from', 'valid_to', 'used_up_at'] as const;

/** One typed array per column for PostgreSQL's `unnest`, from flat rows. */
function pgColumns(columns: readonly (readonly [string, ColumnType])[], cells: readonly Cell[]): RawBuilder<unknown>[] {
  const width = columns.length;
  const rows = cells.length / width;
  return columns.map(([, type], c) => {
    const values: (string | number | null)[] = new Array(rows);
    for (let r = 0; r < rows; r++) {
      const v = cells[r * width + c]!;
      values[r] = typeof v === 'bigint' ? v.toString() : v;
    }
    return sql`${values}::${sql.raw(type)}[]`;
  });
}

function pgInsert(table: string, columns: readonly (readonly [string, ColumnType])[], cells: readonly Cell[]): RawBuilder<unknown> {
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map(([c]) => sql.id(c)))}) select * from unnest(${sql.join(pgColumns(columns, cells))})`;
}

/**
 * PostgreSQL: a batch's writes as one statement, each table a data-modifying CTE. `bulk`: with
 * the records, draws and ledger entries; without them when those went in by COPY before it.
 */
export function pgBatchStatement(w: ImportBatchWrites, nowMs: number, bulk: boolean): RawBuilder<unknown> {
  const bucketCols = [...BUCKET_SET.map((c) => [c, 'bigint'] as const), ['id', 'text'] as const];
  const inserts = bulk
    ? sql`
    r as (${pgInsert('usage_records', RECORD_COLUMNS, cellsOf(w.records, RECORD_COLUMNS.length))}),
    d as (${pgInsert('bucket_draws', DRAW_COLUMNS, cellsOf(w.draws, DRAW_COLUMNS.length))}),
    l as (${pgInsert('ledger_entries', LEDGER_COLUMNS, cellsOf(w.ledger, LEDGER_COLUMNS.length))}),`
    : sql``;
  return sql`with ${inserts}
    s as (${pgInsert('suspense', SUSPENSE_COLUMNS, w.suspense)} on conflict do nothing),
    al as (${pgInsert('alert_outbox', ALERT_COLUMNS, w.alerts as Cell[])} on conflict do nothing),
    b as (update bucket_balances set ${sql.raw(BUCKET_SET.map((c) => `${c} = v.${c}`).join(', '))}
      from unnest(${sql.join(pgColumns(bucketCols, w.buckets))}) as v(${sql.raw(bucketCols.map(([c]) => c).join(', '))})
      where bucket_balances.id = v.id),
    wa as (update wallets set balance_minor = v.balance_minor, updated_at = ${Math.trunc(nowMs)}
      from unnest(${sql.join(
        pgColumns(
          [
            ['balance_minor', 'bigint'],
            ['account_id', 'text'],
          ],
          w.wallets,
        ),
      )}) as v(balance_minor, account_id)
      where wallets.account_id = v.account_id),
    f as (${pgInsert('line_freshness', FRESHNESS_COLUMNS, cellsOf(w.lines, FRESHNESS_COLUMNS.length))} ${sql.raw(FRESHNESS_UPSERT.replaceAll('%MAX%', 'greatest'))})
    select 1`;
}

async function writeRatedBatchPostgres(tx: Db, w: ImportBatchWrites, nowMs: number): Promise<void> {
  await pgBatchStatement(w, nowMs, true).execute(tx);
}

/** SQLite: compiled statements on the one connection, run synchronously (see sqlite-fast-write.ts). */
export function writeRatedBatchSqlite(db: BetterSqlite3.Database, w: FlatBatchWrites, nowMs: number): void {
  insertFlat(db, 'usage_records', RECORD_COLUMNS, w.records);
  insertFlat(db, 'bucket_draws', DRAW_COLUMNS, w.draws);
  insertFlat(db, 'ledger_entries', LEDGER_COLUMNS, w.ledger);
  insertFlat(db, 'suspense', SUSPENSE_COLUMNS, w.suspense, true);
  insertFlat(db, 'alert_outbox', ALERT_COLUMNS, w.alerts, true);
  updateEach(db, 'bucket_balances', 'id', BUCKET_SET, w.buckets);
  updateEach(db, 'wallets', 'account_id', ['balance_minor'], w.wallets, `updated_at = ${Math.trunc(nowMs)}`);
  insertFlat(db, 'line_freshness', FRESHNESS_COLUMNS, w.lines, FRESHNESS_UPSERT.replaceAll('%MAX%', 'max'));
  const resolve = db.prepare('update suspense set resolved_at = ?, record_id = ? where id = ?');
  for (const r of w.resolvedSuspense) resolve.run(Math.trunc(nowMs), r.recordId, r.id);
}

export async function writeRatedBatch(tx: Db, store: Pick<Store, 'dialect' | 'sqlite'>, w: ImportBatchWrites, nowMs: number): Promise<void> {
  if (store.sqlite) {
    writeRatedBatchSqlite(store.sqlite, w, nowMs);
    return;
  }
  await writeRatedBatchPostgres(tx, w, nowMs);
  for (const r of w.resolvedSuspense) {
    await tx.updateTable('suspense').set({ resolved_at: nowMs, record_id: r.recordId }).where('id', '=', r.id).execute();
  }
}
