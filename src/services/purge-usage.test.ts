import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/open-store.js';
import { addAccount, addBucket, addEsim, addTariff, ledgerSum, usageRow, walletBalance, type UsageRowSpec } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import { checkInvariants } from './invariants.js';
import { purgeUsage } from './purge-usage.js';
import { rateUsageBatch } from './rate-usage-batch.js';
import { rerateSuspense } from './suspense.js';
import { usageWindow } from './usage-window.js';

const DAY = 86_400_000;
const THEN = Date.parse('2025-03-01T00:00:00Z');
const RECENT = Date.parse('2026-04-10T00:00:00Z');
const NOW = Date.parse('2026-04-15T00:00:00Z');
const ACCOUNTS = ['a1', 'a2', 'a3'];
const iccidOf = (i: number) => `898520000000000050${i}`;

async function send(store: Store, nowMs: number, rows: UsageRowSpec[]): Promise<void> {
  await rateUsageBatch(
    store,
    'net',
    rows.map((r, i) => ({ raw: usageRow(r), ref: i })),
    nowMs,
    usageWindow(nowMs, 12),
  );
}

describe.each(TEST_DIALECTS)('purgeUsage on %s', (dialect) => {
  let store: Store;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await addTariff(store, { id: 't', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10n } } });
    for (const [i, account] of ACCOUNTS.entries()) {
      await addAccount(store, { id: account, currency: 'HKD', balanceMinor: 1_000n });
      await addEsim(store, { iccid: iccidOf(i), imsi: `45400000000050${i}`, accountId: account, tariffId: 't' });
      await addBucket(store, {
        purchaseId: `p${i}`,
        iccid: iccidOf(i),
        kind: 'data',
        initial: 50n,
        validFrom: THEN - 30 * DAY,
        validTo: THEN,
        validityDays: 30,
        purchasedAt: THEN - 30 * DAY,
        coverage: ['HK'],
      });
      // Old events (bucket draws and wallet charges), then recent ones.
      await send(
        store,
        THEN,
        Array.from({ length: 4 + i }, (_, k) => ({ eventId: `old-${account}-${k}`, iccid: iccidOf(i), startedAt: THEN - (k + 1) * DAY, quantity: 20 })),
      );
      await send(
        store,
        RECENT,
        Array.from({ length: 2 }, (_, k) => ({ eventId: `new-${account}-${k}`, iccid: iccidOf(i), startedAt: RECENT - k * DAY, quantity: 20 })),
      );
    }
    // Suspense: an old one resolved, an old one never ratable, a recent one resolved.
    await send(store, THEN, [
      { eventId: 'late-old', iccid: '8985200000000000599', startedAt: THEN - DAY, quantity: 1 },
      { eventId: 'bad-net', iccid: iccidOf(0), startedAt: THEN - DAY, quantity: 1, mccMnc: '99999' },
    ]);
    await send(store, RECENT, [{ eventId: 'late-new', iccid: '8985200000000000598', startedAt: RECENT, quantity: 1 }]);
    await addEsim(store, { iccid: '8985200000000000599', imsi: '454000000000599', accountId: 'a1', tariffId: 't' });
    await addEsim(store, { iccid: '8985200000000000598', imsi: '454000000000598', accountId: 'a1', tariffId: 't' });
    expect((await rerateSuspense(store, { nowMs: RECENT, retentionMonths: 14 })).rated).toBe(2);
  });
  afterAll(async () => {
    await store.close();
  });

  it('deletes old records in chunks and keeps balances, ledger and draws', async () => {
    const before = await Promise.all(ACCOUNTS.map(async (a) => [await walletBalance(store, a), await ledgerSum(store, a)]));
    const draws = await store.db.selectFrom('bucket_draws').selectAll().execute();
    expect(await checkInvariants(store)).toEqual([]);

    const result = await purgeUsage(store, { nowMs: NOW, retentionMonths: 12, chunkSize: 3, accountsPerPass: 2 });
    // 4 + 5 + 6 old events and the late one rated into a1 in 2025; the resolved 2025 suspense row.
    expect(result).toEqual({ deletedRecords: 16, deletedSuspense: 1, cutoff: Date.parse('2025-04-15T00:00:00Z') });

    const left = await store.db.selectFrom('usage_records').select('event_id').orderBy('event_id').execute();
    expect(left.map((r) => r.event_id)).toEqual(['late-new', ...ACCOUNTS.flatMap((a) => [`new-${a}-0`, `new-${a}-1`])].sort());
    const suspense = await store.db.selectFrom('suspense').select('event_id').orderBy('event_id').execute();
    expect(suspense.map((r) => r.event_id)).toEqual(['bad-net', 'late-new']);
    expect(await Promise.all(ACCOUNTS.map(async (a) => [await walletBalance(store, a), await ledgerSum(store, a)]))).toEqual(before);
    expect(await store.db.selectFrom('bucket_draws').selectAll().execute()).toHaveLength(draws.length);
    expect(await checkInvariants(store)).toEqual([]);

    expect(await purgeUsage(store, { nowMs: NOW, retentionMonths: 12 })).toMatchObject({ deletedRecords: 0, deletedSuspense: 0 });
  });
});
