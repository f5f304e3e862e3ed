/** A small world for the TMF tests, built through the product's own provisioning and rating. */
import { provision } from '../src/services/provision.js';
import { rateUsageBatch } from '../src/services/rate-usage-batch.js';
import { usageWindow } from '../src/services/usage-window.js';
import type { Store } from '../src/store/open-store.js';

const DAY = 86_400_000;

/** Appends the Luhn check digit. */
export function withLuhn(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits + String((10 - (sum % 10)) % 10);
}

export const ICCID_1 = withLuhn('894520000000000001');
export const ICCID_2 = withLuhn('894520000000000002');
export const IMSI_1 = '454000000000001';
export const IMSI_2 = '454000000000002';

/**
 * Accounts "11" (the wallet bucket the TMF654 kit tops up) and "A0815" (the billing account the
 * TMF678 kit bills on demand), in EUR, each with a line, a data+voice+sms plan bought a month ago
 * and usage in and out of the plan's coverage.
 */
export async function provisionTmfWorld(store: Store, nowMs: number): Promise<void> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const result = await provision(
    store,
    {
      tariffs: [{ id: 'eur-payg', currency: 'EUR', rates: { '*': { dataPerMiBMinor: 10, voiceOutPerMinMinor: 20, voiceInPerMinMinor: 5, smsOutMinor: 8 } } }],
      plans: [
        {
          id: 'asia-5gb',
          name: { en: 'Asia 5 GB' },
          currency: 'EUR',
          priceMinor: 1500,
          validityDays: 60,
          validityStarts: 'purchase',
          coverage: ['HK', 'JP'],
          allowances: { dataBytes: 5 * 1024 ** 3, voiceSeconds: 3600, sms: 100 },
        },
      ],
      accounts: [
        { id: '11', name: 'Jerry Wilson', language: 'en', timeZone: 'Europe/Paris', currency: 'EUR' },
        { id: 'A0815', name: 'Mei Chan', language: 'zh-Hant', timeZone: 'Asia/Hong_Kong', currency: 'EUR' },
      ],
      esims: [
        { iccid: ICCID_1, imsi: IMSI_1, accountId: '11', tariffId: 'eur-payg' },
        { iccid: ICCID_2, imsi: IMSI_2, accountId: 'A0815', tariffId: 'eur-payg' },
      ],
      topups: [
        { id: 'seed-11', accountId: '11', amountMinor: 10_000, at: iso(nowMs - 45 * DAY), paymentRef: 'card-1' },
        { id: 'seed-a0815', accountId: 'A0815', amountMinor: 10_000, at: iso(nowMs - 45 * DAY), paymentRef: 'card-2' },
      ],
      purchases: [
        { id: 'pur-11', iccid: ICCID_1, planId: 'asia-5gb', at: iso(nowMs - 40 * DAY), paidFrom: 'wallet' },
        { id: 'pur-a0815', iccid: ICCID_2, planId: 'asia-5gb', at: iso(nowMs - 40 * DAY), paidFrom: 'wallet' },
      ],
    },
    nowMs,
  );
  if (!result.ok) throw new Error(`provisioning failed: ${JSON.stringify(result)}`);
  const rows = [
    { event_id: 'e1', imsi: IMSI_1, kind: 'data', started_at: iso(nowMs - 35 * DAY), quantity: '104857600', mcc_mnc: '45400' },
    { event_id: 'e2', imsi: IMSI_1, kind: 'data', started_at: iso(nowMs - 34 * DAY), quantity: '5242880', mcc_mnc: '45005' },
    { event_id: 'e3', imsi: IMSI_2, kind: 'voice', started_at: iso(nowMs - 2 * DAY), quantity: '125', mcc_mnc: '44010' },
    { event_id: 'e4', imsi: IMSI_2, kind: 'sms', started_at: iso(nowMs - DAY), quantity: '1', mcc_mnc: '25001' },
  ];
  const results = await rateUsageBatch(
    store,
    'seed-file',
    rows.map((raw, ref) => ({ raw, ref })),
    nowMs,
    usageWindow(nowMs, 12),
  );
  const bad = results.find((r) => r.status !== 'rated');
  if (bad) throw new Error(`seed usage not rated: ${JSON.stringify(bad)}`);
}
