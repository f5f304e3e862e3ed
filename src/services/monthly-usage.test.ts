import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/open-store.js';
import { addAccount, addEsim, addTariff, usageRow } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import { monthlyUsage, trendMonths } from './monthly-usage.js';
import { rateUsageBatch } from './rate-usage-batch.js';
import { usageWindow } from './usage-window.js';

const NOW = Date.parse('2026-04-15T06:00:00Z');
const LINE = '8985200000000000301';
const OTHER = '8985200000000000302';
const MIB = 1_048_576;

describe.each(TEST_DIALECTS)('monthly usage on %s', (dialect) => {
  let store: Store;

  beforeAll(async () => {
    store = await openTestStore(dialect);
    // Tokyo: 2026-03-31T15:30Z is already 1 April there.
    await addAccount(store, { id: 'acc', currency: 'JPY', balanceMinor: 100_000n, at: NOW - 400 * 86_400_000, timeZone: 'Asia/Tokyo' });
    await addTariff(store, { id: 't', currency: 'JPY', rates: { '*': { dataPerMiBMinor: 3n, voiceOutPerMinMinor: 20n, voiceInPerMinMinor: 0n, smsOutMinor: 10n } } });
    await addEsim(store, { iccid: LINE, imsi: '454000000000301', accountId: 'acc', tariffId: 't' });
    await addEsim(store, { iccid: OTHER, imsi: '454000000000302', accountId: 'acc', tariffId: 't' });
    const rows = [
      usageRow({ eventId: 'm1', iccid: LINE, startedAt: '2026-03-31T14:30:00Z', quantity: 2 * MIB }), // 23:30 31 Mar Tokyo
      usageRow({ eventId: 'm2', iccid: LINE, startedAt: '2026-03-31T15:30:00Z', quantity: MIB }), // 00:30 1 Apr Tokyo
      usageRow({ eventId: 'm3', iccid: LINE, kind: 'voice', direction: 'out', startedAt: '2026-04-02T01:00:00Z', quantity: 90 }),
      usageRow({ eventId: 'm4', iccid: OTHER, kind: 'sms', direction: 'out', startedAt: '2026-04-03T01:00:00Z', quantity: 1 }),
      usageRow({ eventId: 'm5', iccid: LINE, startedAt: '2025-05-10T01:00:00Z', quantity: MIB }), // 11 months back
      usageRow({ eventId: 'm6', iccid: LINE, startedAt: '2025-04-10T01:00:00Z', quantity: MIB }), // 12 months back: not shown
    ];
    const rated = await rateUsageBatch(
      store,
      'test',
      rows.map((raw, ref) => ({ raw, ref })),
      NOW,
      usageWindow(NOW, 13),
    );
    expect(rated.map((r) => r.status)).toEqual(Array(6).fill('rated'));
  });
  afterAll(async () => {
    await store.close();
  });

  it('totals data, voice, SMS and spend per local month for 12 months, zeros included', async () => {
    const r = await monthlyUsage(store, 'acc', NOW);
    if (!r.ok) throw new Error(r.code);
    expect(r.value.months.map((m) => m.month)).toEqual(trendMonths('2026-04-15'));
    expect(r.value.months[0]).toEqual({ month: '2025-05', dataBytes: BigInt(MIB), voiceSeconds: 0n, smsMessages: 0n, spendMinor: 3n });
    expect(r.value.months[10]).toEqual({ month: '2026-03', dataBytes: BigInt(2 * MIB), voiceSeconds: 0n, smsMessages: 0n, spendMinor: 6n });
    // 1 MiB (3) + 90 s out, two started minutes (40) + one SMS (10).
    expect(r.value.months[11]).toEqual({ month: '2026-04', dataBytes: BigInt(MIB), voiceSeconds: 90n, smsMessages: 1n, spendMinor: 53n });
    expect(r.value.months.slice(1, 10).every((m) => m.dataBytes === 0n && m.spendMinor === 0n)).toBe(true);
    expect(r.value.timeZone).toBe('Asia/Tokyo');
  });

  it("narrows to one eSIM, and refuses another account's", async () => {
    const one = await monthlyUsage(store, 'acc', NOW, OTHER);
    if (!one.ok) throw new Error(one.code);
    expect(one.value.months[11]).toMatchObject({ smsMessages: 1n, voiceSeconds: 0n, dataBytes: 0n, spendMinor: 10n });
    expect(await monthlyUsage(store, 'acc', NOW, '8985200000000000999')).toMatchObject({ ok: false, code: 'unknown_esim' });
  });
});
