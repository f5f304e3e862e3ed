import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RawUsageRow } from '../domain/usage-event.js';
import type { Store } from '../store/open-store.js';
import { addAccount, addBucket, addEsim, addTariff, bucketView, DAY_MS, HOUR_MS, invariantViolations, suspenseRows, usageRecords, usageRow, walletBalance } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS, type TestDialect } from '../testing/test-stores.js';
import { rateUsageBatch, type UsageResult } from './rate-usage-batch.js';
import { usageWindow } from './usage-window.js';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0); // 2025-06-15T12:00Z
const T0 = Date.UTC(2025, 5, 10, 0, 0, 0);
const MIB = 1_048_576;
const SOURCE = 'partner-a';

const HK = { iccid: '8985200000000000011', imsi: '454000000000011' };
const OM = { iccid: '8996800000000000022', imsi: '422020000000022' };
const JP = { iccid: '8981100000000000033', imsi: '440100000000033' };

let store: Store;

/** A fresh store per test, checked against rule 8 after it. */
function useStore(dialect: TestDialect): void {
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    // Rule 8 after every scenario: balance == sum(ledger) per wallet, initial - remaining == sum(draws) per bucket.
    try {
      expect(await invariantViolations(store)).toEqual([]);
    } finally {
      await store.close();
    }
  });
}

const rate = (rows: readonly RawUsageRow[], source = SOURCE): Promise<UsageResult[]> =>
  rateUsageBatch(
    store,
    source,
    rows.map((raw, ref) => ({ raw, ref })),
    NOW,
    usageWindow(NOW, 12),
  );

async function hkWorld(balanceMinor = 10_000n): Promise<void> {
  await addAccount(store, { id: 'acc-hk', currency: 'HKD', balanceMinor });
  // HKD 1.00 per MiB, 2.50 per minute out, 0.50 per minute in, 0.80 per SMS.
  await addTariff(store, { id: 't-hk', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 100n, voiceOutPerMinMinor: 250n, voiceInPerMinMinor: 50n, smsOutMinor: 80n } } });
  await addEsim(store, { ...HK, accountId: 'acc-hk', tariffId: 't-hk' });
}

describe.each(TEST_DIALECTS)('rateUsageBatch on %s', (dialect) => {
  useStore(dialect);

  describe('money is exact', () => {
    it('OMR (3 decimals): 0.200 OMR per MiB is 200 baisa', async () => {
      await addAccount(store, { id: 'acc-om', currency: 'OMR', timeZone: 'Asia/Muscat', balanceMinor: 5_000n }); // 5.000 OMR
      await addTariff(store, { id: 't-om', currency: 'OMR', rates: { OM: { dataPerMiBMinor: 200n, voiceOutPerMinMinor: 150n } } });
      await addEsim(store, { ...OM, accountId: 'acc-om', tariffId: 't-om' });
      const results = await rate([
        // 3.5 MiB = 3,670,016 bytes -> ceil = 4 MiB x 0.200 = 0.800 OMR = 800
        usageRow({ eventId: 'om-1', imsi: OM.imsi, startedAt: T0, quantity: 3_670_016, mccMnc: '42202' }),
        // 61 s -> 2 min x 0.150 = 0.300 OMR = 300
        usageRow({ eventId: 'om-2', imsi: OM.imsi, kind: 'voice', startedAt: T0 + 1000, quantity: 61, mccMnc: '422-03' }),
      ]);
      expect(results.map((r) => r.status === 'rated' && r.amountMinor)).toEqual([800n, 300n]);
      // 5.000 - 0.800 - 0.300 = 3.900 OMR
      expect(await walletBalance(store, 'acc-om')).toBe(3_900n);
      expect((await usageRecords(store)).map((r) => [r.chargedBlocks, r.amountMinor, r.debt])).toEqual([
        [4n, 800n, false],
        [2n, 300n, false],
      ]);
    });

    it('JPY (0 decimals): yen are whole minor units, large events stay exact', async () => {
      await addAccount(store, { id: 'acc-jp', currency: 'JPY', timeZone: 'Asia/Tokyo', balanceMinor: 200_000n });
      await addTariff(store, { id: 't-jp', currency: 'JPY', rates: { '*': { dataPerMiBMinor: 120n } } });
      await addEsim(store, { ...JP, accountId: 'acc-jp', tariffId: 't-jp' });
      await rate([
        // 1 byte -> 1 MiB x ¥120
        usageRow({ eventId: 'jp-1', iccid: JP.iccid, startedAt: T0, quantity: 1, mccMnc: '44010' }),
        // 1 GiB + 1 byte = 1,073,741,825 -> 1025 MiB x ¥120 = ¥123,000
        usageRow({ eventId: 'jp-2', iccid: JP.iccid, startedAt: T0 + 1, quantity: 1_073_741_825, mccMnc: '44020' }),
      ]);
      // 200,000 - 120 - 123,000 = 76,880
      expect(await walletBalance(store, 'acc-jp')).toBe(76_880n);
    });
  });

  it('usage may drive the wallet below zero; such records are flagged debt and the wallet stays negative', async () => {
    await hkWorld(1_000n); // HK$10.00
    await addBucket(store, {
      purchaseId: 'p1',
      iccid: HK.iccid,
      kind: 'sms',
      initial: 5n,
      validFrom: T0 - DAY_MS,
      validTo: T0 + 29 * DAY_MS,
      validityDays: 30,
      purchasedAt: T0 - DAY_MS,
      coverage: ['HK'],
    });
    const results = await rate([
      usageRow({ eventId: 'd-1', imsi: HK.imsi, startedAt: T0, quantity: 5 * MIB }), // 500 -> 500 left, not debt
      usageRow({ eventId: 'd-2', imsi: HK.imsi, startedAt: T0 + 1, quantity: 15 * MIB }), // 1500 -> -1000, debt
      usageRow({ eventId: 'd-3', imsi: HK.imsi, kind: 'sms', startedAt: T0 + 2, quantity: 1 }), // from the bucket, free
      usageRow({ eventId: 'd-4', imsi: HK.imsi, kind: 'sms', direction: 'in', startedAt: T0 + 3, quantity: 1 }), // free
      usageRow({ eventId: 'd-5', imsi: HK.imsi, startedAt: T0 + 4, quantity: 1 }), // 100 -> -1100, debt
    ]);
    expect(results.map((r) => r.status === 'rated' && [r.amountMinor, r.debt])).toEqual([
      [500n, false],
      [1_500n, true],
      [0n, false],
      [0n, false],
      [100n, true],
    ]);
    expect(await walletBalance(store, 'acc-hk')).toBe(-1_100n);
    expect((await usageRecords(store)).map((r) => r.debt)).toEqual([false, true, false, false, true]);
  });

  it('a charge or a debt past the signed 64-bit range is rejected amount_out_of_range with no effect; the rows around it are rated', async () => {
    const max = (1n << 63n) - 1n;
    await addAccount(store, { id: 'acc-hk', currency: 'HKD', balanceMinor: -max + 1_000n });
    await addTariff(store, { id: 't-hk', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 100n, smsOutMinor: max } } });
    await addEsim(store, { ...HK, accountId: 'acc-hk', tariffId: 't-hk' });
    await addBucket(store, {
      purchaseId: 'p1',
      iccid: HK.iccid,
      kind: 'sms',
      initial: 1n,
      validFrom: T0 - DAY_MS,
      validTo: T0 + 29 * DAY_MS,
      validityDays: 30,
      purchasedAt: T0 - DAY_MS,
      coverage: ['HK'],
    });
    const results = await rate([
      usageRow({ eventId: 'o-1', imsi: HK.imsi, startedAt: T0, quantity: 5 * MIB }), // 500: -max + 500
      usageRow({ eventId: 'o-2', imsi: HK.imsi, kind: 'sms', startedAt: T0 + 1, quantity: 3 }), // 1 from the bucket, 2 x max: no column holds it
      usageRow({ eventId: 'o-3', imsi: HK.imsi, startedAt: T0 + 2, quantity: 10 * MIB }), // 1000: below -2^63
      usageRow({ eventId: 'o-4', imsi: HK.imsi, startedAt: T0 + 3, quantity: 5 * MIB }), // 500: exactly -max
    ]);
    expect(results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['rated', 'amount_out_of_range', 'amount_out_of_range', 'rated']);
    expect(await walletBalance(store, 'acc-hk')).toBe(-max);
    expect((await bucketView(store, 'p1:sms')).remaining).toBe(1n);
    expect((await suspenseRows(store)).map((r) => [r.eventId, r.reason])).toEqual([
      ['o-2', 'amount_out_of_range'],
      ['o-3', 'amount_out_of_range'],
    ]);
  });

  describe('rule 6: duplicates and conflicting ids', () => {
    const first = usageRow({ eventId: 'e-1', imsi: HK.imsi, startedAt: '2025-06-10T08:00:00+08:00', quantity: 2 * MIB });

    it('the same id with the same content (another spelling of the instant) is a duplicate, with no effect', async () => {
      await hkWorld();
      const again = { ...first, started_at: '2025-06-10T00:00:00Z' };
      const inBatch = await rate([first, again]);
      expect(inBatch.map((r) => r.status)).toEqual(['rated', 'duplicate']);
      expect((await rate([again]))[0]?.status).toBe('duplicate');
      expect(await walletBalance(store, 'acc-hk')).toBe(10_000n - 200n);
      expect(await usageRecords(store)).toHaveLength(1);
      expect(await suspenseRows(store)).toEqual([]);
    });

    it('the same id with other content is rejected exists_with_different_payload; the first copy stands', async () => {
      await hkWorld();
      const other = { ...first, quantity: String(9 * MIB) };
      const inBatch = await rate([first, other]);
      expect(inBatch.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['rated', 'exists_with_different_payload']);
      const nextBatch = await rate([{ ...first, mcc_mnc: '45406' }]);
      expect(nextBatch[0]).toMatchObject({ status: 'rejected', code: 'exists_with_different_payload' });
      // Re-sending a conflict already reported changes nothing and stores nothing twice.
      await rate([other]);
      expect(await walletBalance(store, 'acc-hk')).toBe(10_000n - 200n);
      expect((await usageRecords(store)).map((r) => r.amountMinor)).toEqual([200n]);
      const held = await suspenseRows(store);
      expect(held.map((s) => [s.eventId, s.reason])).toEqual([
        ['e-1', 'exists_with_different_payload'],
        ['e-1', 'exists_with_different_payload'],
      ]);
      expect(held.map((s) => s.payload)).toEqual([other, { ...first, mcc_mnc: '45406' }]);
    });

    it('the same id from another source is another event', async () => {
      await hkWorld();
      await rate([first]);
      expect((await rate([first], 'partner-b'))[0]?.status).toBe('rated');
      expect(await walletBalance(store, 'acc-hk')).toBe(10_000n - 400n);
    });
  });
});

describe.each(TEST_DIALECTS)('rateUsageBatch on %s: rule 7, rejections', (dialect) => {
  useStore(dialect);

  describe('rule 7: every rejection lands in suspense with its reason and payload, with no effect', () => {
    it.each([
      ['invalid_event_id', { event_id: '' }],
      ['unknown_subscriber', { imsi: '', iccid: '' }],
      ['unknown_subscriber', { imsi: '454009999999999' }],
      ['unknown_subscriber', { iccid: '8985200000000000099' }],
      ['unknown_network', { mcc_mnc: '99901' }],
      ['invalid_quantity', { quantity: '-1' }],
      ['invalid_time', { started_at: '2025-06-10 08:00' }],
      ['invalid_time', { started_at: new Date(NOW + DAY_MS).toISOString() }],
      ['invalid_kind', { kind: 'fax' }],
      ['invalid_kind', { direction: 'sideways' }],
      ['no_rate', { mcc_mnc: '25001' }],
    ] as const)('%s (%j)', async (code, change) => {
      await hkWorld();
      await addTariff(store, { id: 't-hk-only', currency: 'HKD', rates: { HK: { dataPerMiBMinor: 100n } } });
      await store.db.updateTable('esims').set({ tariff_id: 't-hk-only' }).where('iccid', '=', HK.iccid).execute();
      const bucket = await addBucket(store, {
        purchaseId: 'p1',
        iccid: HK.iccid,
        kind: 'data',
        initial: 1000n,
        validFrom: null,
        validTo: null,
        validityDays: 7,
        purchasedAt: T0 - DAY_MS,
        coverage: ['HK', 'RU'],
      });
      const raw = { ...usageRow({ eventId: 'bad-1', imsi: HK.imsi, startedAt: T0, quantity: 2 * MIB }), ...change };
      const [result] = await rate([raw]);
      expect(result).toMatchObject({ status: 'rejected', code });
      const held = await suspenseRows(store);
      expect(held).toHaveLength(1);
      expect(held[0]).toMatchObject({ source: SOURCE, eventId: raw.event_id, reason: code, payload: raw, resolved: false });
      expect(held[0]?.detail).not.toBe('');
      expect(held[0]?.detail).toBe(result?.status === 'rejected' ? result.detail : undefined);
      // No effect at all: no record, wallet untouched, the first-use bucket neither drawn nor started.
      expect(await usageRecords(store)).toEqual([]);
      expect(await walletBalance(store, 'acc-hk')).toBe(10_000n);
      expect(await bucketView(store, bucket)).toMatchObject({ remaining: 1000n, validFrom: null, validTo: null });
    });

    it('a control character in any field rejects that row alone, spelled out in its detail (PostgreSQL refuses a NUL in text)', async () => {
      await hkWorld();
      const row = (id: string, change: Partial<RawUsageRow> = {}) => ({ ...usageRow({ eventId: id, imsi: HK.imsi, startedAt: T0, quantity: MIB }), ...change });
      const results = await rate([
        row('bad\u0000id'),
        row('k', { kind: 'da\u0000ta' }),
        row('q', { quantity: '1\u00002' }),
        row('m', { mcc_mnc: '454\u000000' }),
        row('i', { imsi: '4540\u0000' }),
        row('t', { started_at: '2025-06-10T00:00:00\u0000Z' }),
        row('good'),
      ]);
      expect(results.map((r) => (r.status === 'rejected' ? `${r.eventId} ${r.code}: ${r.detail}` : `${r.eventId} ${r.status}`))).toEqual([
        'bad\\u0000id invalid_event_id: event_id "bad\\u0000id" holds a control character',
        'k invalid_kind: kind "da\\u0000ta" is not data, voice or sms',
        'q invalid_quantity: quantity "1\\u00002" is not a whole number of bytes',
        'm unknown_network: mcc_mnc "454\\u000000" is not a known network',
        'i unknown_subscriber: no line with imsi 4540\\u0000',
        't invalid_time: started_at "2025-06-10T00:00:00\\u0000Z" is not ISO 8601 with an offset',
        'good rated',
      ]);
      const held = await suspenseRows(store);
      expect(held.map((h) => h.eventId)).toEqual(['bad\\u0000id', 'k', 'q', 'm', 'i', 't']);
      expect(held[0]?.payload).toMatchObject({ event_id: 'bad\u0000id' }); // the payload keeps the row as it came
      expect(await usageRecords(store)).toHaveLength(1);
    });

    it('an event id with a lone surrogate is rejected invalid_event_id on every retry; the rest of its batch is rated once', async () => {
      await hkWorld();
      const rows = [usageRow({ eventId: 'ls-\ud800', imsi: HK.imsi, startedAt: T0, quantity: MIB }), usageRow({ eventId: 'ls-ok', imsi: HK.imsi, startedAt: T0 + 1, quantity: MIB })];
      const first = await rate(rows);
      const again = await rate(rows);
      expect(first.map((r) => `${r.eventId} ${r.status === 'rejected' ? r.code : r.status}`)).toEqual(['ls-\\ud800 invalid_event_id', 'ls-ok rated']);
      expect(again.map((r) => `${r.eventId} ${r.status === 'rejected' ? r.code : r.status}`)).toEqual(['ls-\\ud800 invalid_event_id', 'ls-ok duplicate']);
      expect((await suspenseRows(store)).map((s) => [s.eventId, s.reason])).toEqual([['ls-\\ud800', 'invalid_event_id']]); // held once: the same row again is the same suspense row
      expect(await walletBalance(store, 'acc-hk')).toBe(10_000n - 100n);
    });

    it('two different rows without an event id are both rejected invalid_event_id (no id, no identity)', async () => {
      await hkWorld();
      const a = usageRow({ eventId: '', imsi: HK.imsi, startedAt: T0, quantity: 1 });
      const b = usageRow({ eventId: '', imsi: HK.imsi, startedAt: T0, quantity: 2 });
      const c = usageRow({ eventId: '', imsi: HK.imsi, startedAt: T0, quantity: 3 });
      const results = [...(await rate([a, b])), ...(await rate([c]))];
      expect(results.map((r) => r.status === 'rejected' && r.code)).toEqual(['invalid_event_id', 'invalid_event_id', 'invalid_event_id']);
      expect((await suspenseRows(store)).map((s) => s.reason)).toEqual(['invalid_event_id', 'invalid_event_id', 'invalid_event_id']);
    });

    it('imsi and iccid of two different lines -> unknown_subscriber', async () => {
      await hkWorld();
      await addEsim(store, { ...JP, accountId: 'acc-hk', tariffId: 't-hk' });
      const [r] = await rate([usageRow({ eventId: 'x', imsi: HK.imsi, iccid: JP.iccid, startedAt: T0, quantity: 1 })]);
      expect(r).toMatchObject({ status: 'rejected', code: 'unknown_subscriber', detail: 'imsi and iccid name different lines' });
    });

    it('a rejected unknown_subscriber event re-sent is a duplicate, even once the line exists', async () => {
      await addAccount(store, { id: 'acc-hk', currency: 'HKD', balanceMinor: 10_000n });
      await addTariff(store, { id: 't-hk', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 100n } } });
      const row = usageRow({ eventId: 'u-1', imsi: HK.imsi, startedAt: T0, quantity: MIB });
      expect((await rate([row, row])).map((r) => r.status)).toEqual(['rejected', 'duplicate']);
      await addEsim(store, { ...HK, accountId: 'acc-hk', tariffId: 't-hk' });
      // Re-rating a held event goes through suspense, not through a re-send.
      expect((await rate([row]))[0]?.status).toBe('duplicate');
      expect(await walletBalance(store, 'acc-hk')).toBe(10_000n);
      expect(await usageRecords(store)).toEqual([]);
      expect((await suspenseRows(store)).map((s) => s.reason)).toEqual(['unknown_subscriber']);
    });
  });
});

describe.each(TEST_DIALECTS)('rateUsageBatch on %s: arrival order', (dialect) => {
  useStore(dialect);

  describe('late and out-of-order events are rated in arrival order', () => {
    async function firstUseWorld(): Promise<string> {
      await hkWorld();
      return addBucket(store, {
        purchaseId: 'p-fu',
        iccid: HK.iccid,
        kind: 'data',
        initial: BigInt(100 * MIB),
        validFrom: null,
        validTo: null,
        validityDays: 7,
        purchasedAt: T0 - 10 * DAY_MS,
        coverage: ['HK'],
      });
    }
    const atT0 = usageRow({ eventId: 'late-a', imsi: HK.imsi, startedAt: T0, quantity: MIB });
    const earlier = usageRow({ eventId: 'late-b', imsi: HK.imsi, startedAt: T0 - HOUR_MS, quantity: MIB });

    it("an event earlier than a first-use bucket's start that arrives after it started goes to the wallet", async () => {
      const bucket = await firstUseWorld();
      await rate([atT0]); // starts the bucket at T0, validTo T0 + 7 d
      expect(await bucketView(store, bucket)).toMatchObject({ validFrom: T0, validTo: T0 + 7 * DAY_MS, remaining: BigInt(99 * MIB) });
      const [late] = await rate([earlier]); // T0 - 1 h < validFrom -> not eligible -> 1 MiB x 100
      expect(late).toMatchObject({ status: 'rated', amountMinor: 100n });
      expect(await bucketView(store, bucket)).toMatchObject({ validFrom: T0, remaining: BigInt(99 * MIB) });
      expect(await walletBalance(store, 'acc-hk')).toBe(9_900n);
    });

    it('the same two events in the other arrival order both draw from the bucket, started at the earlier one', async () => {
      const bucket = await firstUseWorld();
      expect((await rate([earlier, atT0])).map((r) => r.status === 'rated' && r.amountMinor)).toEqual([0n, 0n]);
      expect(await bucketView(store, bucket)).toMatchObject({ validFrom: T0 - HOUR_MS, validTo: T0 - HOUR_MS + 7 * DAY_MS, remaining: BigInt(98 * MIB) });
      expect(await walletBalance(store, 'acc-hk')).toBe(10_000n);
    });

    it('within one batch the bucket drained by an earlier row is not drawn again', async () => {
      await hkWorld();
      await addBucket(store, {
        purchaseId: 'p',
        iccid: HK.iccid,
        kind: 'data',
        initial: BigInt(MIB),
        validFrom: T0 - DAY_MS,
        validTo: T0 + DAY_MS,
        validityDays: 2,
        purchasedAt: T0 - DAY_MS,
        coverage: ['HK'],
      });
      const results = await rate([
        usageRow({ eventId: 'w-1', imsi: HK.imsi, startedAt: T0, quantity: MIB / 2 }),
        usageRow({ eventId: 'w-2', imsi: HK.imsi, startedAt: T0 + 1, quantity: MIB }), // 512 KiB from the bucket, 512 KiB -> 1 MiB charged
        usageRow({ eventId: 'w-3', imsi: HK.imsi, startedAt: T0 + 2, quantity: 1 }),
      ]);
      expect(results.map((r) => r.status === 'rated' && r.amountMinor)).toEqual([0n, 100n, 100n]);
      expect(await walletBalance(store, 'acc-hk')).toBe(9_800n);
    });
  });
});
