import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/open-store.js';
import { addAccount, addBucket, addEsim, addTariff, DAY_MS, HOUR_MS, usageRow } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import { cachedAccountOutlook, OUTLOOK_MAX_AGE_MS } from './outlook-cache.js';
import { rateUsageBatch } from './rate-usage-batch.js';
import { setPaygCap } from './payg.js';
import { usageWindow } from './usage-window.js';
import { updateAccountSettings } from './update-account-settings.js';

const NOW = Date.parse('2026-04-15T06:00:00Z'); // 14:00 in Hong Kong
const LINE = '8985200000000000201';

describe.each(TEST_DIALECTS)('cached outlooks on %s', (dialect) => {
  let store: Store;
  const outlook = async (at: number) => {
    const o = await cachedAccountOutlook(store, 'acc', at);
    if (!o.ok) throw new Error('no account');
    return o;
  };

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await addAccount(store, { id: 'acc', currency: 'HKD', balanceMinor: 10_000n, at: NOW - 60 * DAY_MS });
    await addTariff(store, { id: 't', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10n } } });
    await addEsim(store, { iccid: LINE, imsi: '454000000000201', accountId: 'acc', tariffId: 't' });
    await addBucket(store, {
      iccid: LINE,
      kind: 'data',
      coverage: ['HK'],
      validityDays: 30,
      purchaseId: 'p',
      initial: 1_000_000n,
      validFrom: NOW - 10 * DAY_MS,
      validTo: NOW + 30 * 60_000,
      purchasedAt: NOW - 10 * DAY_MS,
    });
  });
  afterAll(async () => {
    await store.close();
  });

  it('answers from the cache until a write, then reads afresh', async () => {
    const first = await outlook(NOW);
    expect(await outlook(NOW + 1_000)).toBe(first);
    await rateUsageBatch(store, 'api', [{ raw: usageRow({ eventId: 'c1', iccid: LINE, startedAt: NOW - HOUR_MS, quantity: 1000 }), ref: 0 }], NOW, usageWindow(NOW, 12));
    const after = await outlook(NOW + 2_000);
    expect(after).not.toBe(first);
    expect(after.esims[0]!.buckets[0]!.remaining).toBe(999_000n);
    expect(after.esims[0]!.freshness.usageToMs).toBe(NOW - HOUR_MS);
  });

  it('reads afresh after a cap or a zone change (both write transactions)', async () => {
    const before = await outlook(NOW + 3_000);
    await setPaygCap(store, 'acc', LINE, 5_000_000n, NOW);
    const capped = await outlook(NOW + 3_000);
    expect(capped.esims[0]!.payg.capBytes).toBe(5_000_000n);
    expect(capped).not.toBe(before);
    await updateAccountSettings(store, 'acc', { timeZone: 'Asia/Tokyo' });
    expect((await outlook(NOW + 3_000)).timeZone).toBe('Asia/Tokyo');
  });

  it('ends an entry when a bucket ends, and after the longest age', async () => {
    const live = await outlook(NOW + 30 * 60_000 - 10_000);
    expect(live.esims[0]!.buckets[0]!.status).toBe('active');
    expect(await outlook(NOW + 30 * 60_000 - 1)).toBe(live);
    const ended = await outlook(NOW + 30 * 60_000);
    expect(ended.esims[0]!.buckets[0]!.status).toBe('expired');
    const aged = await outlook(NOW + 30 * 60_000 + OUTLOOK_MAX_AGE_MS);
    expect(aged).not.toBe(ended);
  });
});
