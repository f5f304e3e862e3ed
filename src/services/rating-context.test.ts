import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAccount, addBucket, addEsim, addTariff, bucketRemaining, drawSum, ledgerSum, usageRow, walletBalance } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import type { Store } from '../store/open-store.js';
import { rateUsageBatch } from './rate-usage-batch.js';
import type { ParsedUsage } from '../domain/usage-event.js';
import { RatingContext } from './rating-context.js';
import { topUp } from './top-up-wallet.js';
import { usageWindow } from './usage-window.js';

const NOW = Date.UTC(2026, 10, 20, 4);
const IMSI = '454001234567890';

describe.each(TEST_DIALECTS)('a rating context kept across batches (%s)', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
    await addTariff(store, { id: 't', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 100n } } });
    await addAccount(store, { id: 'a', currency: 'HKD', balanceMinor: 1_000n });
    await addEsim(store, { iccid: '89852000000000000017', imsi: IMSI, accountId: 'a', tariffId: 't' });
  });
  afterEach(() => store.close());

  const firstUse = (purchaseId: string, iccid: string) => ({
    purchaseId,
    iccid,
    initial: 10n * 1_048_576n,
    validFrom: null,
    validTo: null,
    validityDays: 30,
    purchasedAt: NOW - 86_400_000,
    coverage: ['HK'],
  });
  const mib = (id: string) => ({ raw: usageRow({ eventId: id, imsi: IMSI, kind: 'data', startedAt: NOW - 3_600_000, quantity: 1_048_576, mccMnc: '45400' }), ref: 1 });

  it('sees a top-up made by another writer between its batches', async () => {
    const ctx = new RatingContext();
    await rateUsageBatch(store, 's', [mib('e1')], NOW, usageWindow(NOW, 12), ctx);
    expect(ctx.wallets.get('a')).toBe(900n);
    // Another writer credits the wallet: the cached 900 is stale now.
    const credited = await topUp(store, { id: 'tp', accountId: 'a', amountMinor: 5_000n, at: NOW }, NOW);
    expect(credited.ok).toBe(true);
    await rateUsageBatch(store, 's', [mib('e2')], NOW, usageWindow(NOW, 12), ctx);
    // 1,000 - 100 + 5,000 - 100: the second batch rated against the fresh balance.
    expect(await walletBalance(store, 'a')).toBe(5_800n);
    expect(await ledgerSum(store, 'a')).toBe(5_800n);
    expect(ctx.wallets.get('a')).toBe(5_800n);
  });

  it('carries a bucket as the batch before left it into the next, and stores every draw once', async () => {
    const bucket = await addBucket(store, { ...firstUse('p1', '89852000000000000017'), kind: 'data', initial: 3n * 1_048_576n });
    const ctx = new RatingContext(10);
    for (const id of ['e1', 'e2', 'e3', 'e4']) {
      await rateUsageBatch(store, 's', [mib(id)], NOW, usageWindow(NOW, 12), ctx);
      ctx.landed(ctx.currentBatch);
    }
    // Three MiB from the bucket (the first started it), the fourth charged to the wallet.
    expect(ctx.heldBuckets).toBe(1);
    expect(await bucketRemaining(store, bucket)).toBe(0n);
    expect(await drawSum(store, bucket)).toBe(3n * 1_048_576n);
    expect(await walletBalance(store, 'a')).toBe(900n);
  });

  it('keeps what it read while nobody else writes', async () => {
    const ctx = new RatingContext();
    await rateUsageBatch(store, 's', [mib('e1')], NOW, usageWindow(NOW, 12), ctx);
    const cached = ctx.byImsi.get(IMSI);
    await rateUsageBatch(store, 's', [mib('e2')], NOW, usageWindow(NOW, 12), ctx);
    expect(ctx.byImsi.get(IMSI)).toBe(cached);
    expect(await walletBalance(store, 'a')).toBe(800n);
  });

  it('once a batch is written, drops the lines no later batch used, and the wallets of no held line', async () => {
    await addEsim(store, { iccid: '89852000000000000025', imsi: '454001234567891', accountId: 'a', tariffId: 't' });
    await addAccount(store, { id: 'b', currency: 'HKD', balanceMinor: 0n });
    await addEsim(store, { iccid: '89852000000000000033', imsi: '454001234567892', accountId: 'b', tariffId: 't' });
    // Two buckets on the first line, one on each of the others.
    await addBucket(store, { ...firstUse('p1', '89852000000000000017'), kind: 'data' });
    await addBucket(store, { ...firstUse('p1', '89852000000000000017'), kind: 'sms' });
    await addBucket(store, { ...firstUse('p2', '89852000000000000025'), kind: 'data' });
    await addBucket(store, { ...firstUse('p3', '89852000000000000033'), kind: 'data' });
    const on = (imsi: string) => ({ ok: true as const, usage: { imsi } as ParsedUsage });
    const ctx = new RatingContext(0);
    await ctx.load(store.ledger.reads(store.db), [on(IMSI), on('454001234567892')]);
    const first = ctx.currentBatch;
    await ctx.load(store.ledger.reads(store.db), [on('454001234567891')]);
    expect(ctx.heldBuckets).toBe(4);
    ctx.landed(first);
    // The second batch's line stays, and so does its account's wallet; the first batch's others go.
    expect([...ctx.byImsi.keys()]).toEqual(['454001234567891']);
    expect(ctx.heldBuckets).toBe(1);
    expect([...ctx.wallets.keys()]).toEqual(['a']);
    ctx.landed(ctx.currentBatch);
    expect(ctx.byIccid.size + ctx.wallets.size + ctx.heldBuckets).toBe(0);
  });

  it('holds every line while it holds fewer than it may keep', async () => {
    const ctx = new RatingContext(10);
    await rateUsageBatch(store, 's', [mib('e1')], NOW, usageWindow(NOW, 12), ctx);
    ctx.landed(ctx.currentBatch);
    expect(ctx.byImsi.has(IMSI)).toBe(true);
    // Unless told to keep fewer this time (the import does when its heap runs short).
    ctx.landed(ctx.currentBatch, 0);
    expect(ctx.byImsi.size + ctx.wallets.size + ctx.heldBuckets).toBe(0);
  });

  it('reads every line of the store first, with its buckets and wallet, only when there are at most as many as asked', async () => {
    const bucket = await addBucket(store, { ...firstUse('p1', '89852000000000000017'), kind: 'data' });
    const none = new RatingContext(10);
    expect(await none.loadAllLines(store.ledger.reads(store.db), 0)).toBe(false);
    expect(none.byIccid.size + none.wallets.size + none.heldBuckets).toBe(0);
    const all = new RatingContext(10);
    expect(await all.loadAllLines(store.ledger.reads(store.db), 1)).toBe(true);
    expect([...all.byIccid.keys()]).toEqual(['89852000000000000017']);
    expect(all.byImsi.get(IMSI)?.accountId).toBe('a');
    expect(all.heldBuckets).toBe(1);
    expect(all.wallets.get('a')).toBe(1_000n);
    // Rating with it reads nothing more and gives what a fresh context gives.
    const results = await rateUsageBatch(store, 's', [mib('e1')], NOW, usageWindow(NOW, 12), all);
    expect(results[0]).toMatchObject({ status: 'rated', amountMinor: 0n });
    expect(await bucketRemaining(store, bucket)).toBe(9n * 1_048_576n);
  });
});
