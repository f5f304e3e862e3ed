import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBigInt } from '../domain/money.js';
import type { Store } from '../store/open-store.js';
import { addAccount, addBucket, addEsim, addTariff, usageRow, walletBalance, type UsageRowSpec } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import { checkInvariants } from './invariants.js';
import { rateUsageBatch } from './rate-usage-batch.js';
import { listSuspense, rerateSuspense } from './suspense.js';
import { usageWindow } from './usage-window.js';

const NOW = Date.parse('2026-04-15T00:00:00Z');
const HOUR = 3_600_000;
const L1 = '8985200000000000401';
const L8 = '8985200000000000408';
const L9 = '8985200000000000409';

async function send(store: Store, source: string, rows: UsageRowSpec[]) {
  return rateUsageBatch(
    store,
    source,
    rows.map((r, i) => ({ raw: usageRow(r), ref: i })),
    NOW,
    usageWindow(NOW, 12),
  );
}

describe.each(TEST_DIALECTS)('suspense on %s', (dialect) => {
  let store: Store;
  const later = { nowMs: NOW + HOUR, retentionMonths: 12 };

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await addAccount(store, { id: 'acc', currency: 'HKD', balanceMinor: 10_000n });
    await addTariff(store, { id: 't', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10n } } });
    await addTariff(store, { id: 't-none', currency: 'HKD', rates: {} });
    await addEsim(store, { iccid: L1, imsi: '454000000000401', accountId: 'acc', tariffId: 't' });
    const a = await send(store, 'net-a', [
      { eventId: 'h1', iccid: L9, startedAt: NOW - HOUR, quantity: 10 },
      { eventId: 'h2', iccid: L1, kind: 'voice', startedAt: NOW - HOUR, quantity: 60 },
      { eventId: 'h3', iccid: L1, startedAt: NOW - HOUR, quantity: 5, mccMnc: '99999' },
      { eventId: 'ok', iccid: L1, startedAt: NOW - HOUR, quantity: 1 },
      { eventId: 'ok', iccid: L1, startedAt: NOW - HOUR, quantity: 2 },
      { eventId: 'h6', iccid: L9, startedAt: NOW - 2 * HOUR, quantity: 80 },
      { eventId: 'h7', iccid: L8, startedAt: NOW - HOUR, quantity: 5 },
    ]);
    expect(a.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
      'unknown_subscriber',
      'no_rate',
      'unknown_network',
      'rated',
      'exists_with_different_payload',
      'unknown_subscriber',
      'unknown_subscriber',
    ]);
    await send(store, 'net-b', [{ eventId: 'b1', iccid: L9, startedAt: NOW - HOUR, quantity: 30 }]);
  });
  afterAll(async () => {
    await store.close();
  });

  it('lists held events a page at a time, filtered', async () => {
    const all = await listSuspense(store, {}, { limit: 50, offset: 0 });
    expect(all.more).toBe(false);
    expect(all.items.map(({ value: i }) => `${i.source}/${i.eventId}:${i.reason}`)).toEqual([
      'net-a/h1:unknown_subscriber',
      'net-a/h2:no_rate',
      'net-a/h3:unknown_network',
      'net-a/ok:exists_with_different_payload',
      'net-a/h6:unknown_subscriber',
      'net-a/h7:unknown_subscriber',
      'net-b/b1:unknown_subscriber',
    ]);
    expect(all.items[0]!.value).toMatchObject({ payload: { event_id: 'h1', iccid: L9, quantity: '10' }, createdAt: NOW, resolvedAt: null, recordId: null });
    const page = await listSuspense(store, { reason: 'unknown_subscriber', source: 'net-a' }, { limit: 1, offset: 1 });
    expect({ more: page.more, ids: page.items.map((i) => i.value.eventId) }).toEqual({ more: true, ids: ['h6'] });
    const next = await listSuspense(store, { reason: 'unknown_subscriber', source: 'net-a' }, { after: page.items[0]!.key, limit: 5, offset: 0 });
    expect({ more: next.more, ids: next.items.map((i) => i.value.eventId) }).toEqual({ more: false, ids: ['h7'] });
  });

  it('re-rates only the chosen reason', async () => {
    expect(await rerateSuspense(store, { ...later, reason: 'no_rate' })).toEqual({ examined: 1, rated: 0, stillRejected: 1, byReason: { no_rate: 1 }, duplicates: 0 });
  });

  it('rates held events after a fix, in arrival order, and keeps the rest with their new reason', async () => {
    await addEsim(store, { iccid: L9, imsi: '454000000000409', accountId: 'acc', tariffId: 't' });
    await addEsim(store, { iccid: L8, imsi: '454000000000408', accountId: 'acc', tariffId: 't-none' });
    await addBucket(store, {
      purchaseId: 'p9',
      iccid: L9,
      kind: 'data',
      initial: 100n,
      validFrom: NOW - 86_400_000,
      validTo: NOW + 86_400_000,
      validityDays: 2,
      purchasedAt: NOW - 86_400_000,
      coverage: ['HK'],
    });
    const before = await walletBalance(store, 'acc');

    expect(await rerateSuspense(store, later)).toEqual({
      examined: 6,
      rated: 3,
      stillRejected: 3,
      byReason: { no_rate: 2, unknown_network: 1 },
      duplicates: 0,
    });
    // h1 (10) and h6 (80) arrived first and drew from the 100-byte bucket; b1 got the last 10 and paid 1 MiB.
    const records = await store.db.selectFrom('usage_records').select(['id', 'event_id', 'source', 'bucket_units', 'amount_minor']).where('iccid', '=', L9).orderBy('id').execute();
    expect(records.map((r) => `${r.source}/${r.event_id}:${toBigInt(r.bucket_units)}:${toBigInt(r.amount_minor)}`)).toEqual(['net-a/h1:10:0', 'net-a/h6:80:0', 'net-b/b1:10:10']);
    expect(await walletBalance(store, 'acc')).toBe(before - 10n);

    const resolved = await listSuspense(store, { includeResolved: true }, { limit: 50, offset: 0 });
    const byEvent = new Map(resolved.items.map(({ value: i }) => [i.eventId, i]));
    expect(byEvent.get('h1')).toMatchObject({ resolvedAt: NOW + HOUR, recordId: String(records[0]!.id) });
    expect(byEvent.get('b1')).toMatchObject({ resolvedAt: NOW + HOUR, recordId: String(records[2]!.id) });
    expect(byEvent.get('h7')).toMatchObject({ reason: 'no_rate', resolvedAt: null });
    expect(byEvent.get('h7')!.detail).toContain('t-none');
    expect(byEvent.get('ok')).toMatchObject({ reason: 'exists_with_different_payload', resolvedAt: null });

    const held = await listSuspense(store, {}, { limit: 50, offset: 0 });
    expect(held.items.map((i) => i.value.eventId)).toEqual(['h2', 'h3', 'ok', 'h7']);
    expect(await checkInvariants(store)).toEqual([]);
  });

  it('does nothing more when run again', async () => {
    const rated = await store.db.selectFrom('usage_records').select('id').execute();
    expect(await rerateSuspense(store, { ...later, nowMs: NOW + 2 * HOUR })).toEqual({ examined: 3, rated: 0, stillRejected: 3, byReason: { no_rate: 2, unknown_network: 1 }, duplicates: 0 });
    expect(await store.db.selectFrom('usage_records').select('id').execute()).toHaveLength(rated.length);
  });
});
