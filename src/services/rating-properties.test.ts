import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CountryRates } from '../domain/catalog.js';
import { toBigInt } from '../domain/money.js';
import type { UsageKind } from '../domain/units.js';
import type { RawUsageRow } from '../domain/usage-event.js';
import type { Store } from '../store/open-store.js';
import { addAccount, addBucket, addEsim, addTariff, clearStore, DAY_MS, invariantViolations, snapshot, type StoreLike } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import { importUsage, type ImportSummary } from './import-usage.js';

/**
 * Property tests of docs/rating-rules.md rules 1-8 over random worlds and random usage streams.
 *
 * (1) After any import: every wallet's balance == the sum of its ledger entries, and every
 *     bucket's initial - remaining == the sum of its draws (rule 8).
 * (2) Exactly-once (rule 6). Rating is in arrival order, so the final state is a function of the
 *     sequence of *first occurrences* of each event id (the copy that stands), in arrival order:
 *     later copies with the same id are duplicates or conflicts and change nothing. So any delivery
 *     that keeps that sequence must end in the same wallets, buckets (remaining and validity) and
 *     rated records as importing the stream S once. We check three such deliveries:
 *       a. S, then S again (every row of the second copy is a repeat);
 *       b. S with extra copies of its rows — same content, the instant spelt in another offset,
 *          or conflicting content — each inserted anywhere after the first occurrence of its id,
 *          then cut into two files at a random point, imported one after the other;
 *       c. "part B before part A": B = a prefix of S (with its own re-sends), then A = all of S.
 *     Splitting S into two files imported in the *other* order (A's tail before its head) would
 *     change which copy of an id arrives first and the order events meet the buckets and wallet,
 *     so it may legitimately give other balances; it is not a property of the design.
 */

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const MIB = 1_048_576;
const SOURCE = 'prop';
const CURRENCIES = ['HKD', 'JPY', 'OMR'] as const;
const COUNTRIES = ['HK', 'JP', 'OM', 'KR'] as const;
const NETWORKS = ['45400', '454-06', '44010', '42202', '45005', '25001'] as const;
const KINDS: readonly UsageKind[] = ['data', 'voice', 'sms'];

// ---- worlds -----------------------------------------------------------------------------------

const rate = fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined });
const countryRates = fc.option(fc.record({ dataPerMiBMinor: rate, voiceOutPerMinMinor: rate, voiceInPerMinMinor: rate, smsOutMinor: rate }), { nil: undefined, freq: 3 });
const bucketArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  size: fc.integer({ min: 1, max: 8 * MIB }),
  firstUse: fc.boolean(),
  purchasedDaysAgo: fc.integer({ min: 0, max: 8 }), // few distinct values: purchase-time ties happen
  validityDays: fc.integer({ min: 1, max: 10 }),
  coverage: fc.subarray([...COUNTRIES], { minLength: 2 }),
});
const worldArb = fc.record({
  accounts: fc.array(
    fc.record({
      currency: fc.constantFrom(...CURRENCIES),
      balance: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20_000 })),
      rates: fc.record({ HK: countryRates, JP: countryRates, OM: countryRates, '*': countryRates }),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  lines: fc.array(fc.record({ account: fc.nat(2), buckets: fc.array(bucketArb, { maxLength: 5, size: 'medium' }) }), { minLength: 1, maxLength: 3 }),
});
type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

const lineIds = (i: number) => ({ iccid: `89852000000000001${i}0`, imsi: `45400000000001${i}` });

async function buildWorld(store: StoreLike, world: World): Promise<void> {
  for (const [a, acc] of world.accounts.entries()) {
    await addAccount(store, { id: `acc-${a}`, currency: acc.currency, balanceMinor: BigInt(acc.balance) });
    const rates: Record<string, CountryRates> = {};
    for (const [country, r] of Object.entries(acc.rates)) {
      if (r === undefined) continue;
      rates[country] = Object.fromEntries(
        Object.entries(r)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, BigInt(v as number)]),
      );
    }
    await addTariff(store, { id: `t-${a}`, currency: acc.currency, rates });
  }
  for (const [l, line] of world.lines.entries()) {
    const a = line.account % world.accounts.length;
    await addEsim(store, { ...lineIds(l), accountId: `acc-${a}`, tariffId: `t-${a}` });
    for (const [b, spec] of line.buckets.entries()) {
      const purchasedAt = NOW - spec.purchasedDaysAgo * DAY_MS;
      const initial = BigInt(spec.kind === 'data' ? spec.size : spec.kind === 'voice' ? (spec.size % 600) + 1 : (spec.size % 5) + 1);
      await addBucket(store, {
        purchaseId: `p${l}-${b}`,
        iccid: lineIds(l).iccid,
        kind: spec.kind,
        initial,
        validityDays: spec.validityDays,
        purchasedAt,
        validFrom: spec.firstUse ? null : purchasedAt,
        validTo: spec.firstUse ? null : purchasedAt + spec.validityDays * DAY_MS,
        coverage: spec.coverage,
      });
    }
  }
}

// ---- usage streams ----------------------------------------------------------------------------

const FLAWS = ['no_offset', 'bad_quantity', 'bad_kind', 'empty_id', 'future'] as const;
const rowArb = fc.record({
  // Mostly a fresh id; now and then one of a small pool, so repeats and conflicts are common.
  id: fc.oneof({ weight: 3, arbitrary: fc.constant('fresh' as const) }, { weight: 1, arbitrary: fc.nat(9) }),
  // An index into the world's lines (taken modulo their count), now and then an unknown subscriber.
  line: fc.oneof({ weight: 12, arbitrary: fc.nat(2) }, { weight: 1, arbitrary: fc.constant('unknown' as const) }),
  by: fc.constantFrom('imsi', 'iccid', 'both'),
  kind: fc.constantFrom(...KINDS),
  direction: fc.constantFrom('out', 'in', ''),
  minutesAgo: fc.integer({ min: 0, max: 6 * 24 * 60 }),
  amount: fc.nat(4 * MIB),
  network: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...NETWORKS) }, { weight: 1, arbitrary: fc.constant('99999') }),
  offset: fc.constantFrom('Z', '+08:00'),
  flaw: fc.oneof({ weight: 15, arbitrary: fc.constant('none' as const) }, { weight: 1, arbitrary: fc.constantFrom(...FLAWS) }),
  // Now and then an exact copy of an earlier row (a duplicate).
  copyOf: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.nat() }),
});
type RowSpec = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;

function spell(ms: number, offset: 'Z' | '+08:00'): string {
  return offset === 'Z' ? new Date(ms).toISOString() : new Date(ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
}

function toRow(s: RowSpec, index: number, lineCount: number): RawUsageRow {
  const ids = s.line === 'unknown' ? lineIds(9) : lineIds(s.line % lineCount);
  const quantity = s.kind === 'data' ? s.amount : s.kind === 'voice' ? s.amount % 400 : s.amount % 4;
  const at = s.flaw === 'future' ? NOW + 3_600_000 : NOW - s.minutesAgo * 60_000;
  const row: Record<string, string> = {
    event_id: s.flaw === 'empty_id' ? '' : s.id === 'fresh' ? `ev-f${index}` : `ev-${s.id}`,
    kind: s.flaw === 'bad_kind' ? 'mms' : s.kind,
    started_at: s.flaw === 'no_offset' ? spell(at, 'Z').replace('Z', '') : spell(at, s.offset),
    quantity: s.flaw === 'bad_quantity' ? `-${quantity}` : String(quantity),
    mcc_mnc: s.network,
  };
  if (s.by !== 'iccid') row['imsi'] = ids.imsi;
  if (s.by !== 'imsi') row['iccid'] = ids.iccid;
  if (s.direction !== '') row['direction'] = s.direction;
  return row;
}

function toStream(specs: readonly RowSpec[], lineCount: number): RawUsageRow[] {
  const rows: RawUsageRow[] = [];
  for (const s of specs) rows.push(s.copyOf !== undefined && rows.length > 0 ? rows[s.copyOf % rows.length]! : toRow(s, rows.length, lineCount));
  return rows;
}

const resendArb = fc.record({ of: fc.nat(), after: fc.nat(), variant: fc.constantFrom('same', 'respell', 'conflict') });
type Resend = typeof resendArb extends fc.Arbitrary<infer T> ? T : never;

function variantOf(row: RawUsageRow, variant: Resend['variant']): RawUsageRow {
  if (variant === 'conflict') return { ...row, quantity: `${row.quantity ?? ''}1` };
  const ms = Date.parse(row.started_at ?? '');
  if (variant === 'respell' && !Number.isNaN(ms) && /(Z|[+-]\d\d:\d\d)$/.test(row.started_at ?? '')) {
    return { ...row, started_at: spell(ms, row.started_at?.endsWith('Z') ? '+08:00' : 'Z') };
  }
  return row;
}

/** S with each re-send inserted somewhere after the first occurrence of its id (so it never stands). */
function withResends(stream: readonly RawUsageRow[], resends: readonly Resend[]): RawUsageRow[] {
  if (stream.length === 0) return [];
  const firstAt = new Map<string, number>();
  stream.forEach((r, i) => {
    if (!firstAt.has(r.event_id ?? '')) firstAt.set(r.event_id ?? '', i);
  });
  const after: RawUsageRow[][] = stream.map(() => []);
  for (const r of resends) {
    const source = stream[r.of % stream.length]!;
    const first = firstAt.get(source.event_id ?? '')!;
    after[first + (r.after % (stream.length - first))]!.push(variantOf(source, r.variant));
  }
  return stream.flatMap((row, i) => [row, ...after[i]!]);
}

// ---- running ----------------------------------------------------------------------------------

async function* fileRows(rows: readonly RawUsageRow[]) {
  for (const [i, raw] of rows.entries()) yield { lineNo: i + 2, raw };
}

async function importRows(store: Store, rows: readonly RawUsageRow[]): Promise<ImportSummary> {
  const summary = await importUsage(store, fileRows(rows), { source: SOURCE, now: () => NOW, retentionMonths: 12, batchSize: 7 });
  expect(summary.read).toBe(rows.length);
  expect(summary.rated + summary.duplicates + summary.rejected).toBe(rows.length);
  // Property (1), after every import.
  expect(await invariantViolations(store)).toEqual([]);
  return summary;
}

/** Wallets, buckets (remaining and validity) and the rated records with what each cost. */
async function finalState(store: Store) {
  const records = await store.db.selectFrom('usage_records').select(['event_id', 'hash', 'amount_minor', 'bucket_units', 'debt']).orderBy('event_id').execute();
  return {
    ...(await snapshot(store)),
    records: records.map((r) => `${r.event_id}:${r.hash}:${toBigInt(r.amount_minor)}:${toBigInt(r.bucket_units)}:${toBigInt(r.debt)}`),
  };
}

async function runFresh(store: Store, world: World, files: readonly (readonly RawUsageRow[])[]) {
  await clearStore(store);
  await store.db.transaction().execute((tx) => buildWorld({ db: tx }, world));
  for (const file of files) await importRows(store, file);
  return finalState(store);
}

describe.each(TEST_DIALECTS)('rating properties on %s', (dialect) => {
  const numRuns = { sqlite: 30, postgres: 10 }[dialect];
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => {
    await store.close();
  });

  it('ledger and bucket invariants hold; re-delivery that keeps first occurrences in order changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        worldArb,
        fc.array(rowArb, { minLength: 1, maxLength: 60, size: 'medium' }),
        fc.array(resendArb, { maxLength: 20, size: 'medium' }),
        fc.nat(),
        fc.nat(),
        async (world, specs, resends, cut, prefix) => {
          const stream = toStream(specs, world.lines.length);

          // Once, then (a) the same stream again in the same store.
          const once = await runFresh(store, world, [stream]);
          const again = await importRows(store, stream);
          expect(again.rated).toBe(0);
          expect(await finalState(store)).toEqual(once);

          // (b) re-sends spread over both files, cut at any point.
          const noisy = withResends(stream, resends);
          const at = cut % (noisy.length + 1);
          expect(await runFresh(store, world, [noisy.slice(0, at), noisy.slice(at)])).toEqual(once);

          // (c) part B (a prefix of S, with re-sends) first, then part A (all of S).
          const head = withResends(stream.slice(0, prefix % (stream.length + 1)), resends);
          expect(await runFresh(store, world, [head, stream])).toEqual(once);
        },
      ),
      {
        numRuns,
        // A failure shrinks through real imports; cap the time so a red run still reports promptly.
        interruptAfterTimeLimit: 45_000,
      },
    );
  });
});
