import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLineJoined } from '../store/line-rows.js';
import type { Store } from '../store/open-store.js';
import { addAccount, addBucket, addEsim, addTariff, DAY_MS, usageRow } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import { getAccountBalances, getLineBalance } from './query-balances.js';
import { rateUsageBatch } from './rate-usage-batch.js';
import { usageWindow } from './usage-window.js';

const NOW = Date.parse('2026-04-15T00:00:00Z');
const L1 = '8985200000000000101';
const L2 = '8985200000000000102';

describe.each(TEST_DIALECTS)('balance queries on %s', (dialect) => {
  let store: Store;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await addAccount(store, { id: 'acc', currency: 'HKD', balanceMinor: 12_345n });
    await addAccount(store, { id: 'other', currency: 'JPY', balanceMinor: 0n });
    await addTariff(store, { id: 't', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10n } } });
    await addEsim(store, { iccid: L1, imsi: '454000000000101', accountId: 'acc', tariffId: 't' });
    await addEsim(store, { iccid: L2, imsi: '454000000000102', accountId: 'acc', tariffId: 't' });
    const data = { iccid: L1, kind: 'data' as const, coverage: ['HK'], validityDays: 30 };
    const sms = { iccid: L1, kind: 'sms' as const, coverage: ['HK'], validityDays: 30 };
    await addBucket(store, { ...data, purchaseId: 'p-active', initial: 1000n, validFrom: NOW - DAY_MS, validTo: NOW + 6 * DAY_MS, purchasedAt: NOW - DAY_MS });
    await addBucket(store, { ...data, purchaseId: 'p-later', initial: 500n, validFrom: null, validTo: null, purchasedAt: NOW - 2 * DAY_MS });
    await addBucket(store, { ...data, purchaseId: 'p-used-recent', initial: 100n, validFrom: NOW - 20 * DAY_MS, validTo: NOW + 10 * DAY_MS, purchasedAt: NOW - 20 * DAY_MS });
    await addBucket(store, { ...data, purchaseId: 'p-used-old', initial: 70n, validFrom: NOW - 60 * DAY_MS, validTo: NOW + 30 * DAY_MS, purchasedAt: NOW - 60 * DAY_MS });
    await addBucket(store, { ...data, purchaseId: 'p-empty', initial: 0n, validFrom: NOW - 3 * DAY_MS, validTo: NOW + 27 * DAY_MS, purchasedAt: NOW - 3 * DAY_MS });
    await addBucket(store, { ...sms, purchaseId: 'p-expired-recent', initial: 10n, validFrom: NOW - 40 * DAY_MS, validTo: NOW - 10 * DAY_MS, purchasedAt: NOW - 40 * DAY_MS });
    await addBucket(store, { ...sms, purchaseId: 'p-expired-old', initial: 10n, validFrom: NOW - 70 * DAY_MS, validTo: NOW - 40 * DAY_MS, purchasedAt: NOW - 70 * DAY_MS });
    await addBucket(store, { ...data, iccid: L2, purchaseId: 'p-line2', initial: 5n, validFrom: NOW - DAY_MS, validTo: NOW + DAY_MS, purchasedAt: NOW - DAY_MS });
    const items = [
      { raw: usageRow({ eventId: 'old', iccid: L1, startedAt: NOW - 45 * DAY_MS, quantity: 70 }), ref: 0 },
      { raw: usageRow({ eventId: 'recent', iccid: L1, startedAt: NOW - 5 * DAY_MS, quantity: 100 }), ref: 1 },
    ];
    const results = await rateUsageBatch(store, 'test', items, NOW, usageWindow(NOW, 12));
    expect(results.map((r) => r.status)).toEqual(['rated', 'rated']);
  });
  afterAll(async () => {
    await store.close();
  });

  it("shows a line's wallet and its live or recently ended buckets", async () => {
    const line = await getLineBalance(store, L1, NOW);
    if (!line.ok) throw new Error(line.code);
    expect(line).toMatchObject({ iccid: L1, accountId: 'acc', wallet: { currency: 'HKD', balanceMinor: 12_345n }, asOf: NOW });
    expect(line.buckets.map((b) => `${b.purchaseId}:${b.status}`)).toEqual(['p-expired-recent:expired', 'p-used-recent:used_up', 'p-empty:used_up', 'p-later:not_started', 'p-active:active']);
    expect(line.buckets.find((b) => b.purchaseId === 'p-active')).toEqual({
      bucketId: 'p-active:data',
      purchaseId: 'p-active',
      planId: 'plan-p-active',
      kind: 'data',
      initial: 1000n,
      remaining: 1000n,
      validFrom: NOW - DAY_MS,
      validTo: NOW + 6 * DAY_MS,
      status: 'active',
      endedAt: null,
    });
    expect(line.buckets.find((b) => b.purchaseId === 'p-later')).toMatchObject({ validFrom: null, validTo: null, remaining: 500n });
    expect(line.buckets.find((b) => b.purchaseId === 'p-used-recent')).toMatchObject({ initial: 100n, remaining: 0n });
  });

  it('hides used-up buckets once 30 days have passed since their last draw', async () => {
    // 26 days on: p-used-recent ran out 31 days ago, p-empty (never had units) 29 days ago.
    const later = await getLineBalance(store, L1, NOW + 26 * DAY_MS);
    expect(later.ok && later.buckets.map((b) => `${b.purchaseId}:${b.status}`)).toEqual(['p-empty:used_up', 'p-later:not_started', 'p-active:expired']);
  });

  it('answers unknown_esim for a line it does not know', async () => {
    expect(await getLineBalance(store, '8985200000000000999', NOW)).toEqual({ ok: false, code: 'unknown_esim' });
  });

  it('answers the same through the direct read (SQLite) or prepared statement (PostgreSQL) as through the query builder', async () => {
    const built: Store = { ...store, ledger: { ...store.ledger, readLine: (iccid) => readLineJoined(store.db, iccid) } };
    for (const [iccid, at] of [
      [L1, NOW],
      [L1, NOW + 26 * DAY_MS],
      [L2, NOW],
      ['8985200000000000999', NOW],
    ] as const) {
      expect(await getLineBalance(store, iccid, at)).toEqual(await getLineBalance(built, iccid, at));
    }
  });

  it('does not read a write transaction that is still open; it answers once it ended', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const write = store.writeTransaction(async (tx) => {
      await tx.updateTable('wallets').set({ balance_minor: 999n }).where('account_id', '=', 'acc').execute();
      await held;
      throw new Error('rolled back');
    });
    await new Promise((r) => setTimeout(r, 20)); // the write now holds the store, awaiting
    const asked = getLineBalance(store, L1, NOW);
    release();
    await expect(write).rejects.toThrow('rolled back');
    expect(await asked).toMatchObject({ ok: true, wallet: { balanceMinor: 12_345n } });
  });

  it("gives an account's wallet and every line's buckets", async () => {
    const account = await getAccountBalances(store, 'acc', NOW);
    if (!account.ok) throw new Error(account.code);
    expect(account.wallet).toEqual({ currency: 'HKD', balanceMinor: 12_345n });
    expect(account.esims.map((e) => [e.iccid, e.buckets.map((b) => b.bucketId)])).toEqual([
      [L1, ['p-expired-recent:sms', 'p-used-recent:data', 'p-empty:data', 'p-later:data', 'p-active:data']],
      [L2, ['p-line2:data']],
    ]);
    expect(await getAccountBalances(store, 'other', NOW)).toEqual({ ok: true, accountId: 'other', wallet: { currency: 'JPY', balanceMinor: 0n }, esims: [], asOf: NOW });
    expect(await getAccountBalances(store, 'nobody', NOW)).toEqual({ ok: false, code: 'unknown_account' });
  });
});
