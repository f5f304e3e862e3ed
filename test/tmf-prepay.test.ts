import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../src/services/invariants.js';
import { TEST_DIALECTS } from '../src/testing/test-stores.js';
import { json, tmfTestApp, type TmfTestApp } from './tmf-helpers.js';

const P = '/tmf-api/prepayBalanceManagement/v4';
const wallet11 = { id: '11', href: `${P}/bucket/11` };

describe.each(TEST_DIALECTS)('TMF654 prepay balance on %s', (dialect) => {
  let t: TmfTestApp;
  beforeAll(async () => {
    t = await tmfTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });
  const balance11 = async () => (await json(await t.call('GET', `${P}/bucket/11`)))['remainingValue'];

  it('maps wallets and plan buckets to TMF buckets', async () => {
    // 100.00 top-up - 15.00 plan - 0.50 of data in Korea.
    expect(await json(await t.call('GET', `${P}/bucket/11`))).toMatchObject({ usageType: 'monetary', status: 'active', remainingValue: { amount: 84.5, units: 'EUR' } });
    const res = await t.call('GET', `${P}/bucket?usageType=data`);
    expect(res.headers.get('x-total-count')).toBe('2');
    const [data] = await json(res);
    expect(data).toMatchObject({ id: 'pur-11:data', usageType: 'data', remainingValue: { units: 'bytes' }, logicalResource: [{ id: expect.any(String) }] });
    expect((await t.call('GET', `${P}/bucket/nope`)).status).toBe(404);
    const acc = await json(await t.call('GET', `${P}/accumulatedBalance/11`));
    expect(acc).toMatchObject({ totalBalance: { amount: 84.5, units: 'EUR' } });
    expect(acc['bucket'].map((b: { id: string }) => b.id)).toEqual(['11', 'pur-11:data', 'pur-11:sms', 'pur-11:voice']);
  });

  it('tops up a wallet through the top-up service, idempotent by id', async () => {
    const res = await t.call('POST', `${P}/topupBalance`, { id: 'tu-1', requestedDate: '2026-11-20T03:00:00Z', amount: { amount: 50, units: 'EUR' }, bucket: wallet11 });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ id: 'tu-1', status: 'completed', amount: { amount: 50, units: 'EUR' }, bucket: { id: '11' } });
    expect(await balance11()).toEqual({ amount: 134.5, units: 'EUR' });
    expect((await t.call('POST', `${P}/topupBalance`, { id: 'tu-1', requestedDate: '2026-11-20T03:00:00Z', amount: { amount: 50, units: 'EUR' }, bucket: wallet11 })).status).toBe(200);
    expect((await t.call('POST', `${P}/topupBalance`, { id: 'tu-1', requestedDate: '2026-11-20T03:00:00Z', amount: { amount: 60, units: 'EUR' }, bucket: wallet11 })).status).toBe(409);
    expect(await balance11()).toEqual({ amount: 134.5, units: 'EUR' });
    expect((await json(await t.call('GET', `${P}/topupBalance/tu-1`)))['id']).toBe('tu-1');
  });

  it('refuses top-ups it cannot apply', async () => {
    const post = (body: unknown) => t.call('POST', `${P}/topupBalance`, body);
    expect((await post({ amount: { amount: 1, units: 'EUR' }, bucket: { id: 'pur-11:data' } })).status).toBe(422);
    expect((await post({ amount: { amount: 1, units: 'EUR' }, bucket: { id: 'ghost' } })).status).toBe(404);
    expect((await post({ amount: { amount: 1, units: 'JPY' }, bucket: wallet11 })).status).toBe(422);
    const exact = await post({ amount: { amount: 0.001, units: 'EUR' }, bucket: wallet11 });
    expect(exact.status).toBe(400);
    expect((await json(exact))['detail']).toContain('amount.amount');
    const missing = await post({ amount: { amount: 1 }, bucket: wallet11 });
    expect(await json(missing)).toMatchObject({ status: 400, errors: [{ field: 'amount.units' }] });
    expect((await t.call('POST', `${P}/topupBalance`, { amount: { amount: 1, units: 'EUR' }, bucket: wallet11 }, t.readOnlyKey)).status).toBe(403);
  });

  it('adjusts a wallet with a signed ledger entry, never below zero', async () => {
    const debit = await t.call('POST', `${P}/adjustBalance`, {
      id: 'adj-1',
      amount: { amount: 4.5, units: 'EUR' },
      adjustType: 'debit',
      usageType: 'monetary',
      bucket: wallet11,
      reason: 'goodwill reversal',
    });
    expect(debit.status).toBe(201);
    expect(await json(debit)).toMatchObject({ id: 'adj-1', amount: { amount: -4.5, units: 'EUR' }, usageType: 'monetary' });
    expect(await balance11()).toEqual({ amount: 130, units: 'EUR' });
    expect((await t.call('POST', `${P}/adjustBalance`, { id: 'adj-1', amount: { amount: 4.5, units: 'EUR' }, adjustType: 'debit', bucket: wallet11, reason: 'goodwill reversal' })).status).toBe(200);
    expect((await t.call('POST', `${P}/adjustBalance`, { id: 'adj-1', amount: { amount: 9, units: 'EUR' }, bucket: wallet11 })).status).toBe(409);
    expect((await t.call('POST', `${P}/adjustBalance`, { id: 'adj-2', amount: { amount: -1000, units: 'EUR' }, bucket: wallet11 })).status).toBe(409);
    expect(await balance11()).toEqual({ amount: 130, units: 'EUR' });
    const ledger = await t.deps.store.db.selectFrom('ledger_entries').select(['kind', 'ref']).where('kind', '=', 'adjust').execute();
    expect(ledger).toEqual([{ kind: 'adjust', ref: 'adjust:adj-1' }]);
    expect(await checkInvariants(t.deps.store)).toEqual([]);
    expect((await t.call('GET', `${P}/adjustBalance?id=adj-1`)).headers.get('x-total-count')).toBe('1');
  });

  it('records reservations and declared buckets', async () => {
    const r = await t.call('POST', `${P}/reserveBalance`, { amount: { amount: 5, units: 'EUR' }, bucket: wallet11, relatedParty: [{ id: '11', role: 'customer' }] });
    expect(r.status).toBe(201);
    expect(await json(r)).toMatchObject({ status: 'created', relatedParty: [{ id: '11' }] });
    const b = await t.call('POST', `${P}/bucket`, { usageType: 'monetary' });
    expect(b.status).toBe(201);
    expect(await json(b)).toMatchObject({ usageType: 'monetary', status: 'active', confirmationDate: expect.any(String) });
    expect((await t.call('POST', `${P}/bucket`, { name: 'x' })).status).toBe(400);
  });
});
