// Issue 23 through the real app. Point 4: a credit that would take a wallet past 2^63 - 1 minor
// units is answered 422 amount_out_of_range with nothing applied, and the wallet still reads.
// Point 6: a TMF635 usage whose id holds a lone surrogate is rejected each time, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INT64_MAX } from '../src/domain/money.js';
import { checkInvariants } from '../src/services/invariants.js';
import { topUp } from '../src/services/top-up-wallet.js';
import { TEST_DIALECTS } from '../src/testing/test-stores.js';
import { IMSI_1 } from './tmf-fixture.js';
import { json, tmfTestApp, type TmfTestApp } from './tmf-helpers.js';

const P = '/tmf-api/prepayBalanceManagement/v4';
const wallet11 = { id: '11', href: `${P}/bucket/11` };
/** EUR 1,000.00: ordinary, yet past the range once the wallet stands near 2^63 - 1 cents. */
const HUGE = { amount: 1000, units: 'EUR' };

describe.each(TEST_DIALECTS)('ledger hardening over HTTP (%s)', (dialect) => {
  let t: TmfTestApp;
  beforeAll(async () => {
    t = await tmfTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a top-up and an adjustment that would overflow the wallet with 422 amount_out_of_range; the wallet still reads', async () => {
    // The wallet is brought near the top by the service itself: the TMF edge refuses amounts past 2^53.
    const seeded = await topUp(t.deps.store, { id: 'big-1', accountId: '11', amountMinor: INT64_MAX - 20_000n, at: t.deps.now() }, t.deps.now());
    expect(seeded.ok).toBe(true);
    const before = await json(await t.call('GET', `${P}/bucket/11`));
    const over = await t.call('POST', `${P}/topupBalance`, { id: 'big-2', amount: HUGE, bucket: wallet11 });
    expect(over.status).toBe(422);
    expect(await json(over)).toMatchObject({ status: 422, code: 'amount_out_of_range', detail: expect.stringContaining('would leave the range the ledger holds') });
    const adjust = await t.call('POST', `${P}/adjustBalance`, { id: 'adj-big', amount: HUGE, adjustType: 'credit', bucket: wallet11 });
    expect(adjust.status).toBe(422);
    expect(await json(adjust)).toMatchObject({ code: 'amount_out_of_range' });
    const after = await t.call('GET', `${P}/bucket/11`);
    expect(after.status).toBe(200);
    expect(await json(after)).toEqual(before);
    expect((await t.call('GET', `${P}/topupBalance/big-2`)).status).toBe(404);
    expect(await checkInvariants(t.deps.store)).toEqual([]);
  });

  it('answers a TMF635 usage whose id is not well-formed Unicode as rejected invalid_event_id, on every retry', async () => {
    const usage = {
      id: 'ls-\ud800',
      usageDate: '2026-11-19T10:00:00+08:00',
      usageType: 'data',
      usageCharacteristic: [
        { name: 'imsi', value: IMSI_1 },
        { name: 'quantity', value: '1024' },
        { name: 'mcc_mnc', value: '45005' },
      ],
    };
    for (let i = 0; i < 2; i++) {
      const res = await t.call('POST', '/tmf-api/usageManagement/v4/usage', usage);
      expect(res.status).toBe(201);
      expect(await json(res)).toMatchObject({ id: 'ls-\\ud800', status: 'rejected', description: expect.stringContaining('invalid_event_id') });
    }
    expect(await checkInvariants(t.deps.store)).toEqual([]);
  });
});
