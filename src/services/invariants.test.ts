import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/open-store.js';
import { addAccount, addBucket, addEsim, addTariff, usageRow } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import { checkInvariants } from './invariants.js';
import { rateUsageBatch } from './rate-usage-batch.js';
import { usageWindow } from './usage-window.js';

const NOW = Date.parse('2026-04-15T00:00:00Z');
const ICCID = '8985200000000000301';

describe.each(TEST_DIALECTS)('checkInvariants on %s', (dialect) => {
  let store: Store;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await addAccount(store, { id: 'acc', currency: 'HKD', balanceMinor: 1_000n });
    await addAccount(store, { id: 'acc2', currency: 'HKD', balanceMinor: 0n });
    await addTariff(store, { id: 't', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 7n } } });
    await addEsim(store, { iccid: ICCID, imsi: '454000000000301', accountId: 'acc', tariffId: 't' });
    await addBucket(store, {
      purchaseId: 'p',
      iccid: ICCID,
      kind: 'data',
      initial: 1_000n,
      validFrom: NOW - 86_400_000,
      validTo: NOW + 86_400_000,
      validityDays: 2,
      purchasedAt: NOW - 86_400_000,
      coverage: ['HK'],
    });
    const items = [600, 3_000_000].map((q, i) => ({ raw: usageRow({ eventId: `e${i}`, iccid: ICCID, startedAt: NOW - 3_600_000, quantity: q }), ref: i }));
    const results = await rateUsageBatch(store, 'test', items, NOW, usageWindow(NOW, 12));
    expect(results.map((r) => r.status)).toEqual(['rated', 'rated']);
  });
  afterAll(async () => {
    await store.close();
  });

  it('finds nothing wrong after rating', async () => {
    expect(await checkInvariants(store)).toEqual([]);
  });

  it('detects a corrupted wallet, bucket and orphan entries', async () => {
    await store.db.updateTable('wallets').set({ balance_minor: 5n }).where('account_id', '=', 'acc').execute();
    await store.db.updateTable('bucket_balances').set({ remaining: 1_001n }).where('id', '=', 'p:data').execute();
    await store.db.insertInto('ledger_entries').values({ account_id: 'ghost', at: NOW, amount_minor: 3n, kind: 'topup', ref: 'x' }).execute();
    await store.db.insertInto('bucket_draws').values({ bucket_id: 'gone', record_id: 999, units: 4n }).execute();
    expect(await checkInvariants(store)).toEqual([
      // 1,000 opening - 3 MiB x 7 (the bucket covered 1,000 of 3,000,000 bytes: 2,999,000 -> 3 blocks).
      { code: 'wallet_ledger_mismatch', accountId: 'acc', balanceMinor: 5n, ledgerSumMinor: 979n },
      { code: 'ledger_without_wallet', accountId: 'ghost', ledgerSumMinor: 3n },
      { code: 'bucket_draws_mismatch', bucketId: 'p:data', initial: 1_000n, remaining: 1_001n, drawnUnits: 1_000n },
      { code: 'bucket_out_of_range', bucketId: 'p:data', initial: 1_000n, remaining: 1_001n },
      { code: 'draws_without_bucket', bucketId: 'gone', drawnUnits: 4n },
    ]);
  });
});
