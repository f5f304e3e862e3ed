import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../src/testing/test-stores.js';
import { ICCID_1, ICCID_2 } from './tmf-fixture.js';
import { json, tmfTestApp, type TmfTestApp } from './tmf-helpers.js';

const B = '/tmf-api/customerBillManagement/v4';
const C = '/tmf-api/usageConsumption/v4';

describe.each(TEST_DIALECTS)('TMF678 and TMF677 on %s', (dialect) => {
  let t: TmfTestApp;
  beforeAll(async () => {
    t = await tmfTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('bills each account per calendar month of its time zone, from the ledger', async () => {
    // The clock is 2026-11-20; account 11 (Paris) bought its plan and used 5 MiB in Korea in October.
    const bill = await json(await t.call('GET', `${B}/customerBill/B-2026-10-11`));
    expect(bill).toMatchObject({
      state: 'settled',
      billingAccount: { id: '11' },
      amountDue: { unit: 'EUR', value: 15.5 },
      remainingAmount: { value: 0 },
      billingPeriod: { startDateTime: '2026-09-30T22:00:00.000Z', endDateTime: '2026-10-31T23:00:00.000Z' },
    });
    expect(bill['billDocument'][0]['id']).toBe('B-2026-10-11-statement');
    const list = await t.call('GET', `${B}/customerBill?billingAccount.id=A0815&fields=state`);
    expect((await json(list)).map((b: { id: string }) => b.id)).toEqual(['B-2026-11-A0815', 'B-2026-10-A0815']);
    expect((await t.call('GET', `${B}/customerBill/B-2030-01-11`)).status).toBe(404);
    expect((await t.call('GET', `${B}/customerBill/whatever`)).status).toBe(404);
  });

  it('changes a bill state and validates it', async () => {
    const res = await t.call('PATCH', `${B}/customerBill/B-2026-10-11`, { state: 'onHold' });
    expect(res.status).toBe(200);
    expect((await json(res))['state']).toBe('onHold');
    const bad = await t.call('PATCH', `${B}/customerBill/B-2026-10-11`, { state: 'paid' });
    expect(bad.status).toBe(400);
    expect((await json(bad))['errors'][0]['field']).toBe('state');
    expect((await t.call('PATCH', `${B}/customerBill/B-2026-10-11`, { state: 'sent' }, t.readOnlyKey)).status).toBe(403);
  });

  it('lists one applied rate per charged usage and wallet purchase', async () => {
    const rates = await json(await t.call('GET', `${B}/appliedCustomerBillingRate`));
    const ids = rates.map((r: { id: string }) => r.id);
    expect(ids.filter((id: string) => id.startsWith('purchase-')).sort()).toEqual(['purchase-pur-11', 'purchase-pur-a0815']);
    expect(ids.filter((id: string) => /^usage-\d+$/.test(id))).toHaveLength(2);
    const billed = await json(await t.call('GET', `${B}/appliedCustomerBillingRate?isBilled=false`));
    expect(billed.map((r: { name: string }) => r.name)).toEqual(['sms in RU']);
    expect((await json(await t.call('GET', `${B}/appliedCustomerBillingRate/purchase-pur-11`)))['bill']['id']).toBe('B-2026-10-11');
    expect((await t.call('GET', `${B}/appliedCustomerBillingRate/usage-999999`)).status).toBe(404);
  });

  it('bills on demand for a known account', async () => {
    const res = await t.call('POST', `${B}/customerBillOnDemand`, { billingAccount: { id: '11' } });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ state: 'done', customerBill: { id: 'B-2026-11-11' } });
    expect((await t.call('POST', `${B}/customerBillOnDemand`, { billingAccount: { id: 'ghost' } })).status).toBe(404);
    expect((await t.call('POST', `${B}/customerBillOnDemand`, {})).status).toBe(400);
    expect((await t.call('GET', `${B}/customerBill/B-2026-11-11`)).status).toBe(200);
  });

  it("reports each line's consumption with remaining and used", async () => {
    const list = await t.call('GET', `${C}/usageConsumptionReport`);
    expect(list.headers.get('x-total-count')).toBe('2');
    const r = await json(await t.call('GET', `${C}/usageConsumptionReport/${ICCID_1}`));
    const data = r['bucket'].find((b: { usageType: string }) => b.usageType === 'data');
    expect(data['bucketCounter'][0]).toMatchObject({ counterType: 'used', value: { amount: 104857600, units: 'bytes' } });
    expect(r['bucket'].at(-1)).toMatchObject({ id: '11', usageType: 'monetary' });
    // Effective as of the latest usage rated for the line, said in words beside the figures.
    expect(r['description']).toMatch(/^Usage counted up to \S+Z; last record arrived \S+Z\.$/);
    expect(r['effectiveDate']).toBe(/up to (\S+Z);/.exec(r['description'])![1]);
    const byBucket = await json(await t.call('GET', `${C}/usageConsumptionReport?bucket.id=pur-a0815:voice`));
    expect(byBucket.map((x: { id: string }) => x.id)).toEqual([ICCID_2]);
    expect((await t.call('GET', `${C}/usageConsumptionReport/8900000000000000000`)).status).toBe(404);
  });

  it('answers a usage consumption query', async () => {
    const res = await t.call('POST', `${C}/queryUsageConsumption`, { searchCriteria: { logicalResource: [{ id: ICCID_2 }] } });
    expect(res.status).toBe(201);
    const q = await json(res);
    expect(q['usageConsumption'][0]['id']).toBe(ICCID_2);
    expect((await t.call('GET', `${C}/queryUsageConsumption/${q['id']}`)).status).toBe(200);
    expect((await t.call('POST', `${C}/queryUsageConsumption`, { searchCriteria: {} })).status).toBe(400);
    expect((await t.call('DELETE', `${C}/queryUsageConsumption/${q['id']}`)).status).toBe(204);
    expect((await t.call('GET', `${C}/queryUsageConsumption/${q['id']}`)).status).toBe(404);
  });
});
