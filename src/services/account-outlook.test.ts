import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/open-store.js';
import { addAccount, addBucket, addEsim, addTariff, DAY_MS, HOUR_MS, usageRow } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import { getAccountOutlook } from './account-outlook.js';
import { importUsage } from './import-usage.js';
import { readLineFreshness, sourceDelays } from './line-freshness.js';
import { setPaygCap } from './payg.js';
import { listUsageRecords } from './query-usage.js';
import { rateUsageBatch } from './rate-usage-batch.js';
import { ingestTmfUsage } from './tmf/tmf-usage-ingest.js';
import type { UsageRow as UsageFileRow } from './ingest-usage.js';
import { usageWindow } from './usage-window.js';

const NOW = Date.parse('2026-04-15T06:00:00Z'); // Wed 14:00 in Hong Kong
const L1 = '8985200000000000101';
const L2 = '8985200000000000102';
const MIB = 1_048_576;

async function* fileRows(rows: ReturnType<typeof usageRow>[]): AsyncGenerator<UsageFileRow> {
  let lineNo = 2;
  for (const raw of rows) yield { lineNo: lineNo++, raw };
}

/** The latest started_at of each line's rated records, straight from the records. */
async function latestRated(store: Store): Promise<Record<string, number>> {
  const rows = await store.db
    .selectFrom('usage_records')
    .select(['iccid', (eb) => eb.fn.max('started_at').as('m')])
    .groupBy('iccid')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.iccid, Number(r.m)]));
}

describe.each(TEST_DIALECTS)('numbers a subscriber can trust on %s', (dialect) => {
  let store: Store;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await addAccount(store, { id: 'acc', currency: 'HKD', balanceMinor: 10_000n, at: NOW - 60 * DAY_MS });
    await addTariff(store, { id: 't', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10n, smsOutMinor: 50n }, JP: { dataPerMiBMinor: 20n } } });
    await addEsim(store, { iccid: L1, imsi: '454000000000101', accountId: 'acc', tariffId: 't' });
    await addEsim(store, { iccid: L2, imsi: '454000000000102', accountId: 'acc', tariffId: 't' });
    const data = { iccid: L1, kind: 'data' as const, coverage: ['HK'], validityDays: 30 };
    await addBucket(store, { ...data, purchaseId: 'p-small', initial: BigInt(2 * MIB), validFrom: NOW - 10 * DAY_MS, validTo: NOW + 5 * DAY_MS, purchasedAt: NOW - 10 * DAY_MS });
    await addBucket(store, { ...data, purchaseId: 'p-big', initial: BigInt(100 * MIB), validFrom: NOW - 10 * DAY_MS, validTo: NOW + 20 * DAY_MS, purchasedAt: NOW - 10 * DAY_MS });
    await addBucket(store, { ...data, iccid: L2, purchaseId: 'p-l2', initial: BigInt(MIB), validFrom: NOW - 3 * DAY_MS, validTo: NOW + 20 * DAY_MS, purchasedAt: NOW - 3 * DAY_MS });
  });
  afterAll(async () => {
    await store.close();
  });

  it('freshness equals the latest rated usage per line across file, API and TMF ingestion', async () => {
    const window = usageWindow(NOW, 12);
    await importUsage(
      store,
      fileRows([
        usageRow({ eventId: 'f1', iccid: L1, startedAt: NOW - 7 * DAY_MS + HOUR_MS, quantity: 10 }),
        usageRow({ eventId: 'f2', iccid: L1, startedAt: NOW - 6 * DAY_MS, quantity: 10 }),
        usageRow({ eventId: 'f3', iccid: L2, startedAt: NOW - 6 * DAY_MS, quantity: 10 }),
      ]),
      { source: 'file', now: () => NOW - 5 * DAY_MS, retentionMonths: 12 },
    );
    expect(Object.fromEntries([...(await readLineFreshness(store.db, [L1, L2]))].map(([k, v]) => [k, v.usageToMs]))).toEqual(await latestRated(store));
    expect((await readLineFreshness(store.db, [L1])).get(L1)).toMatchObject({ arrivedAtMs: NOW - 5 * DAY_MS, mccMnc: '45400', networkName: 'CSL' });

    // The API path: a late record of older usage leaves "counted up to" alone but moves the arrival.
    await rateUsageBatch(
      store,
      'api',
      [
        { raw: usageRow({ eventId: 'a1', iccid: L1, startedAt: NOW - 9 * DAY_MS, quantity: 10 }), ref: 0 },
        { raw: usageRow({ eventId: 'a2', iccid: L1, startedAt: NOW - 4 * DAY_MS, quantity: 10, mccMnc: '44010' }), ref: 1 },
      ],
      NOW - 4 * DAY_MS + 3 * HOUR_MS,
      window,
    );
    let l1 = (await readLineFreshness(store.db, [L1])).get(L1)!;
    expect(l1).toMatchObject({ usageToMs: NOW - 4 * DAY_MS, arrivedAtMs: NOW - 4 * DAY_MS + 3 * HOUR_MS, mccMnc: '44010' });
    await rateUsageBatch(store, 'api', [{ raw: usageRow({ eventId: 'a3', iccid: L1, startedAt: NOW - 8 * DAY_MS, quantity: 10 }), ref: 0 }], NOW - 3 * DAY_MS, window);
    l1 = (await readLineFreshness(store.db, [L1])).get(L1)!;
    expect(l1).toMatchObject({ usageToMs: NOW - 4 * DAY_MS, arrivedAtMs: NOW - 3 * DAY_MS, mccMnc: '44010' });

    const tmf = await ingestTmfUsage(
      store,
      {
        id: 't1',
        usageType: 'data',
        usageDate: new Date(NOW - DAY_MS).toISOString(),
        usageCharacteristic: [
          { name: 'iccid', value: L2 },
          { name: 'quantity', value: 10 },
          { name: 'mccMnc', value: '45400' },
        ],
      },
      NOW - DAY_MS + HOUR_MS,
      12,
    );
    expect(tmf.ok).toBe(true);
    const fresh = await readLineFreshness(store.db, [L1, L2]);
    expect(Object.fromEntries([...fresh].map(([k, v]) => [k, v.usageToMs]))).toEqual(await latestRated(store));
    expect(fresh.get(L2)!.arrivedAtMs).toBe(NOW - DAY_MS + HOUR_MS);
  });

  it("gives each source's delay per network over the last day", async () => {
    const delays = await sourceDelays(store.db, NOW);
    expect(delays).toEqual([{ source: 'tmf635', mccMnc: '45400', networkName: 'CSL', records: 1, p50Ms: HOUR_MS, p95Ms: HOUR_MS }]);
  });

  it('attributes a record split across two bundles and the wallet to its draws and its ledger entry', async () => {
    // 2 MiB - 40 B left in p-small is drawn first (it ends first), then p-big; the JP part goes to the wallet.
    const [split] = await rateUsageBatch(
      store,
      'api',
      [{ raw: usageRow({ eventId: 'split', iccid: L1, startedAt: NOW - 2 * HOUR_MS, quantity: 3 * MIB }), ref: 0 }],
      NOW - HOUR_MS,
      usageWindow(NOW, 12),
    );
    expect(split).toMatchObject({ status: 'rated', amountMinor: 0n });
    const jp = await rateUsageBatch(store, 'api', [{ raw: usageRow({ eventId: 'jp', iccid: L1, startedAt: NOW - HOUR_MS, quantity: MIB + 1, mccMnc: '44010' }), ref: 0 }], NOW, usageWindow(NOW, 12));
    expect(jp[0]).toMatchObject({ status: 'rated', amountMinor: 40n });
    const page = await listUsageRecords(store, { accountId: 'acc', iccid: L1, limit: 2 });
    if (!page.ok) throw new Error(page.code);
    const [jpRecord, splitRecord] = page.records;
    expect(splitRecord!.draws).toEqual([
      { bucketId: 'p-big:data', planId: 'plan-p-big', units: BigInt(MIB + 40) },
      { bucketId: 'p-small:data', planId: 'plan-p-small', units: BigInt(2 * MIB - 40) },
    ]);
    expect(splitRecord!.draws.reduce((s, d) => s + d.units, 0n)).toBe(splitRecord!.quantity);
    expect(jpRecord).toMatchObject({ draws: [], amountMinor: 40n, chargedBlocks: 2n, networkName: 'NTT docomo' });
    const ledger = await store.db.selectFrom('ledger_entries').select('amount_minor').where('ref', '=', `usage:${jpRecord!.id}`).execute();
    expect(ledger.map((l) => BigInt(l.amount_minor))).toEqual([-40n]);
  });

  it('keeps a used-up bundle on show with its end, forecasts the others, and shows pay-as-you-go and its cap', async () => {
    const o = await getAccountOutlook(store, 'acc', NOW);
    if (!o.ok) throw new Error(o.code);
    const l1 = o.esims.find((e) => e.iccid === L1)!;
    const small = l1.buckets.find((b) => b.purchaseId === 'p-small')!;
    expect(small).toMatchObject({ status: 'used_up', remaining: 0n, endedAt: NOW - 2 * HOUR_MS });
    expect(l1.forecasts.has(small.bucketId)).toBe(false);
    expect(l1.forecasts.get('p-big:data')).toMatchObject({ outcome: 'lasts', planEndMs: NOW + 20 * DAY_MS });
    expect(l1.freshness).toMatchObject({ usageToMs: NOW - HOUR_MS, arrivedAtMs: NOW, mccMnc: '44010' });
    expect(l1.payg).toMatchObject({ active: false, capBytes: null });
    // L2's only bucket started 3 days ago, on Sunday afternoon: two complete local days, too few to say.
    expect(o.esims.find((e) => e.iccid === L2)!.forecasts.get('p-l2:data')).toEqual({ outcome: 'too_short', knownDays: 2 });
    expect(o.timeZone).toBe('Asia/Hong_Kong');

    // Used up: L2 on pay-as-you-go, over the cap its subscriber set.
    await rateUsageBatch(store, 'api', [{ raw: usageRow({ eventId: 'l2-big', iccid: L2, startedAt: NOW - HOUR_MS, quantity: 3 * MIB }), ref: 0 }], NOW, usageWindow(NOW, 12));
    expect(await setPaygCap(store, 'acc', L2, BigInt(MIB), NOW)).toEqual({ ok: true });
    expect(await setPaygCap(store, 'other', L2, BigInt(MIB), NOW)).toEqual({ ok: false, code: 'unknown_esim' });
    const after = await getAccountOutlook(store, 'acc', NOW);
    if (!after.ok) throw new Error(after.code);
    const l2 = after.esims.find((e) => e.iccid === L2)!;
    expect(l2.buckets[0]).toMatchObject({ status: 'used_up', endedAt: NOW - HOUR_MS });
    // Charged this month: f3 (before the bucket started, 1 block) and what the bucket did not cover of l2-big (3 blocks).
    expect(l2.payg).toEqual({ active: true, currency: 'HKD', dataPerMiBMinor: 10n, capBytes: BigInt(MIB), usedThisMonthBytes: BigInt(4 * MIB), overCap: true });
  });
});
