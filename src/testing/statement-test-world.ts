/**
 * A small hand-checked world for the statement tests: a Tokyo (JPY, ja), a Muscat (OMR, ar) and a
 * Hong Kong (HKD, zh-Hant) account with top-ups, purchases and usage on both sides of local month
 * boundaries. The expected figures are in statements.test.ts.
 */
import { makeIccid } from '../domain/identifiers.js';
import { usageRow } from './scenario.js';
import type { Store } from '../store/open-store.js';
import { provision } from '../services/provision.js';
import { rateUsageBatch } from '../services/rate-usage-batch.js';
import { usageWindow } from '../services/usage-window.js';

export const WORLD_NOW = Date.UTC(2027, 0, 20, 3, 0, 0);
export const TOKYO_LINE = makeIccid('898100000000000071');
export const MUSCAT_LINE = makeIccid('896800000000000072');
export const HK_LINE = makeIccid('898520000000000073');
const MIB = 1_048_576;

const WORLD = {
  tariffs: [
    { id: 't-jpy', currency: 'JPY', rates: { '*': { dataPerMiBMinor: 10, voiceOutPerMinMinor: 30, smsOutMinor: 10 } } },
    { id: 't-omr', currency: 'OMR', rates: { '*': { dataPerMiBMinor: 125, voiceOutPerMinMinor: 250, smsOutMinor: 50 } } },
    { id: 't-hkd', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 50, voiceOutPerMinMinor: 100, smsOutMinor: 100 } } },
  ],
  plans: [
    {
      id: 'jp-1gb',
      name: { en: 'Japan 1 GB', ja: '日本 1GB プラン' },
      currency: 'JPY',
      priceMinor: 1000,
      validityDays: 30,
      validityStarts: 'purchase',
      coverage: ['JP'],
      allowances: { dataBytes: 1_073_741_824 },
    },
    {
      id: 'hk-5gb',
      name: { en: 'Hong Kong 5 GB', 'zh-Hant': '香港 5GB 數據計劃' },
      currency: 'HKD',
      priceMinor: 8800,
      validityDays: 30,
      validityStarts: 'purchase',
      coverage: ['HK'],
      allowances: { dataBytes: 5_368_709_120 },
    },
  ],
  accounts: [
    { id: 'acc-tokyo', name: '佐藤ゆき', language: 'ja', timeZone: 'Asia/Tokyo', currency: 'JPY' },
    { id: 'acc-muscat', name: 'سالم البلوشي', language: 'ar', timeZone: 'Asia/Muscat', currency: 'OMR' },
    { id: 'acc-hk', name: '陳大文', language: 'zh-Hant', timeZone: 'Asia/Hong_Kong', currency: 'HKD' },
  ],
  esims: [
    { iccid: TOKYO_LINE, imsi: '440100000000071', accountId: 'acc-tokyo', tariffId: 't-jpy' },
    { iccid: MUSCAT_LINE, imsi: '422020000000072', accountId: 'acc-muscat', tariffId: 't-omr' },
    { iccid: HK_LINE, imsi: '454000000000073', accountId: 'acc-hk', tariffId: 't-hkd' },
  ],
  topups: [
    // Tokyo is UTC+9: October 2026 is [2026-09-30T15:00Z, 2026-10-31T15:00Z).
    { id: 'tk-0', accountId: 'acc-tokyo', amountMinor: 10_000, at: '2026-09-30T23:59:59+09:00' },
    { id: 'tk-1', accountId: 'acc-tokyo', amountMinor: 5_000, at: '2026-10-01T00:00:00+09:00' },
    // Muscat is UTC+4: December 2026 is [2026-11-30T20:00Z, 2026-12-31T20:00Z).
    { id: 'om-0', accountId: 'acc-muscat', amountMinor: 12_500, at: '2026-11-30T19:59:59.999Z' },
    { id: 'om-1', accountId: 'acc-muscat', amountMinor: 2_250, at: '2026-11-30T20:00:00Z', paymentRef: 'PAY-OM-1' },
    { id: 'hk-0', accountId: 'acc-hk', amountMinor: 20_000, at: '2026-12-01T10:00:00+08:00' },
  ],
  purchases: [
    { id: 'tk-buy', iccid: TOKYO_LINE, planId: 'jp-1gb', at: '2026-10-10T00:00:00Z', paidFrom: 'wallet' },
    { id: 'hk-buy', iccid: HK_LINE, planId: 'hk-5gb', at: '2026-12-02T00:00:00Z', paidFrom: 'wallet' },
  ],
};

const EVENTS = [
  // Tokyo: 23:00 on 30 Sep local (September), a bucket-covered JP session, voice, SMS, and 23:59 / 00:00 at the end of October.
  { eventId: 'tk-e0', iccid: TOKYO_LINE, startedAt: '2026-09-30T23:00:00+09:00', quantity: MIB, mccMnc: '45400' },
  { eventId: 'tk-e5', iccid: TOKYO_LINE, startedAt: '2026-10-11T12:00:00+09:00', quantity: 5_000, mccMnc: '44010' },
  { eventId: 'tk-e3', iccid: TOKYO_LINE, startedAt: '2026-10-15T09:00:00+09:00', quantity: 61, kind: 'voice', mccMnc: '44010' },
  { eventId: 'tk-e4', iccid: TOKYO_LINE, startedAt: '2026-10-20T09:00:00+09:00', quantity: 1, kind: 'sms', mccMnc: '45005' },
  { eventId: 'tk-e1', iccid: TOKYO_LINE, startedAt: '2026-10-31T23:59:00+09:00', quantity: 2 * MIB, mccMnc: '45400' },
  { eventId: 'tk-e2', iccid: TOKYO_LINE, startedAt: '2026-11-01T00:00:00+09:00', quantity: MIB, mccMnc: '45400' },
  // Muscat: voice in December, data at 23:59:59 on 31 Dec local and at 00:00 on 1 Jan local.
  { eventId: 'om-e1', iccid: MUSCAT_LINE, startedAt: '2026-12-05T10:00:00+04:00', quantity: 30, kind: 'voice', mccMnc: '42202' },
  { eventId: 'om-e2', iccid: MUSCAT_LINE, startedAt: '2026-12-31T23:59:59+04:00', quantity: 3 * MIB + 1, mccMnc: '42202' },
  { eventId: 'om-e3', iccid: MUSCAT_LINE, startedAt: '2027-01-01T00:00:00+04:00', quantity: MIB, mccMnc: '42202' },
  // Hong Kong: roaming in Japan outside the HK plan.
  { eventId: 'hk-e1', iccid: HK_LINE, startedAt: '2026-12-03T12:00:00+08:00', quantity: 10 * MIB, mccMnc: '44010' },
];

export async function seedStatementWorld(store: Store): Promise<void> {
  const provisioned = await provision(store, WORLD, WORLD_NOW);
  if (!provisioned.ok) throw new Error(JSON.stringify(provisioned.errors));
  const results = await rateUsageBatch(
    store,
    'test',
    EVENTS.map((e, ref) => ({ raw: usageRow(e), ref })),
    WORLD_NOW,
    usageWindow(WORLD_NOW, 12),
  );
  const failed = results.filter((r) => r.status !== 'rated');
  if (failed.length > 0) throw new Error(JSON.stringify(failed));
}
