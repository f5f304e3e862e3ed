import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../src/testing/test-stores.js';
import { IMSI_1 } from './tmf-fixture.js';
import { json, tmfTestApp, type TmfTestApp } from './tmf-helpers.js';

const USAGE = '/tmf-api/usageManagement/v4/usage';
const usage = (id: string, quantity: string, mccMnc = '45005') => ({
  id,
  usageDate: '2026-11-19T10:00:00+08:00',
  usageType: 'data',
  usageSpecification: { id: 'data' },
  usageCharacteristic: [
    { name: 'imsi', value: IMSI_1 },
    { name: 'quantity', value: quantity },
    { name: 'mcc_mnc', value: mccMnc },
  ],
});

describe.each(TEST_DIALECTS)('TMF635 usage on %s', (dialect) => {
  let t: TmfTestApp;
  beforeAll(async () => {
    t = await tmfTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('needs an operator key with the scope', async () => {
    expect((await t.call('GET', USAGE, undefined, null)).status).toBe(401);
    expect((await t.call('GET', USAGE, undefined, 'sk_wrong')).status).toBe(401);
    expect((await t.call('POST', USAGE, usage('x', '1'), t.readOnlyKey)).status).toBe(403);
  });

  it('rates a posted usage through the rating engine, once', async () => {
    const res = await t.call('POST', USAGE, usage('tmf-1', String(3 * 1024 * 1024)));
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ id: 'tmf-1', status: 'rated', usageType: 'data', usageSpecification: { id: 'data' } });
    // 3 MiB in Korea, outside the plan's coverage: 3 blocks x 0.10 EUR from the wallet.
    expect(body['ratedProductUsage'][0]).toMatchObject({ taxIncludedRatingAmount: { unit: 'EUR', value: 0.3 }, isBilled: false });
    expect(body['href']).toBe(`http://127.0.0.1:8080${USAGE}/tmf-1`);
    expect((await t.call('POST', USAGE, usage('tmf-1', String(3 * 1024 * 1024)))).status).toBe(200);
    const conflict = await t.call('POST', USAGE, usage('tmf-1', '5'));
    expect(conflict.status).toBe(409);
    expect(await json(conflict)).toMatchObject({ code: 'exists_with_different_payload', reason: expect.any(String) });
    expect(await json(await t.call('GET', `${USAGE}/tmf-1`))).toMatchObject({ id: 'tmf-1', status: 'rated' });
  });

  it('names the bundle that paid: a ratedProductUsage per bucket drawn, its units as a characteristic', async () => {
    const body = await json(await t.call('POST', USAGE, usage('tmf-home', String(2 * 1024 * 1024), '45400')));
    const draws = body['ratedProductUsage'].filter((r: { ratingAmountType: string }) => r.ratingAmountType === 'bucket');
    expect(draws).toHaveLength(1);
    expect(draws[0]).toMatchObject({ usageRatingTag: 'bucket', productRef: { '@referredType': 'Bucket', id: expect.stringMatching(/:data$/) }, taxIncludedRatingAmount: { value: 0 } });
    const bucketId = draws[0].productRef.id as string;
    expect(decodeURIComponent(draws[0].productRef.href)).toContain(`/prepayBalanceManagement/v4/bucket/${bucketId}`);
    const characteristic = (name: string) => body['usageCharacteristic'].find((c: { name: string }) => c.name === name)?.value;
    expect(characteristic(`bucketDraw:${bucketId}`)).toBe(2 * 1024 * 1024);
    expect(characteristic('bucketUnits')).toBe(2 * 1024 * 1024);
    expect(body['ratedProductUsage'][0]).toMatchObject({ ratingAmountType: 'total', taxIncludedRatingAmount: { value: 0 } });
    // Read back alike, one usage or a page of them.
    expect((await json(await t.call('GET', `${USAGE}/tmf-home`)))['ratedProductUsage']).toEqual(body['ratedProductUsage']);
  });

  it('holds an event it cannot rate in suspense and answers it as rejected', async () => {
    const res = await t.call('POST', USAGE, {
      ...usage('tmf-bad', '10'),
      usageCharacteristic: [
        { name: 'imsi', value: '454009999999999' },
        { name: 'quantity', value: '10' },
        { name: 'mcc_mnc', value: '45400' },
      ],
    });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ id: 'tmf-bad', status: 'rejected', description: expect.stringContaining('unknown_subscriber') });
    const listed = await t.call('GET', `${USAGE}?status=rejected`);
    expect((await json(listed)).map((u: { id: string }) => u.id)).toContain('tmf-bad');
  });

  it('lists with filters, fields and paging headers', async () => {
    const all = await t.call('GET', `${USAGE}?limit=2`);
    expect(all.status).toBe(200);
    expect(all.headers.get('x-total-count')).toBeNull();
    expect(all.headers.get('x-result-count')).toBe('2');
    // Following the next links walks every usage once: rated records newest first, then held events.
    const seen: string[] = (await json(all)).map((u: { id: string }) => u.id);
    for (let link = all.headers.get('link'); link !== null;) {
      const url = new URL(/<([^>]+)>; rel="next"/.exec(link)![1]!);
      const next = await t.call('GET', url.pathname + url.search);
      seen.push(...(await json(next)).map((u: { id: string }) => u.id));
      link = next.headers.get('link');
    }
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(new Set(seen).size).toBe(seen.length);
    const whole = await t.call('GET', `${USAGE}?limit=1000`);
    expect(Number(whole.headers.get('x-total-count'))).toBe(seen.length);
    expect((await json(whole)).map((u: { id: string }) => u.id)).toEqual(seen);
    const unknownFilter = await t.call('GET', `${USAGE}?description=x`);
    expect(unknownFilter.status).toBe(400);
    expect((await json(unknownFilter))['detail']).toMatch(/description: .*supported: id, status, relatedParty.id, usageType/);
    expect((await json(await t.call('GET', `${USAGE}?offset=10001`)))['detail']).toMatch(/follow the Link rel="next"/);
    expect((await t.call('GET', `${USAGE}?after=bm9wZQ`)).status).toBe(400);
    const ids = await json(await t.call('GET', `${USAGE}?fields=id&usageType=data`));
    expect(Object.keys(ids[0]).sort()).toEqual(['@type', 'href', 'id']);
    const seeded = await json(await t.call('GET', `${USAGE}/seed-file:e1`));
    expect(seeded).toMatchObject({ status: 'rated', relatedParty: [{ id: '11' }] });
  });

  it('answers bad input, unknown ids and changes with problems', async () => {
    const bad = await t.call('POST', USAGE, { ...usage('tmf-2', '1'), usageDate: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(await json(bad)).toMatchObject({ code: 'invalid_request', errors: [{ field: 'usageDate' }] });
    expect((await t.call('GET', `${USAGE}?limit=x`)).status).toBe(400);
    expect((await t.call('GET', `${USAGE}?colour=red`)).status).toBe(400);
    expect((await t.call('GET', `${USAGE}/nope`)).status).toBe(404);
    const patch = await t.call('PATCH', `${USAGE}/tmf-1`, { status: 'billed' });
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('GET');
    expect((await t.call('DELETE', `${USAGE}/tmf-1`)).status).toBe(405);
  });

  it('answers malformed JSON with 400 and documents its routes', async () => {
    const res = await t.app.request(USAGE, { method: 'POST', headers: { authorization: `Bearer ${t.fullKey}`, 'content-type': 'application/json' }, body: '{' });
    expect(res.status).toBe(400);
    const doc = await json(await t.app.request('/openapi.json'));
    expect(Object.keys(doc['paths'])).toEqual(expect.arrayContaining([USAGE, '/tmf-api/prepayBalanceManagement/v4/topupBalance', '/tmf-api/customerBillManagement/v4/customerBill/{id}']));
  });

  it('keeps built-in and posted usage specifications', async () => {
    const created = await json(await t.call('POST', '/tmf-api/usageManagement/v4/usageSpecification', { name: 'Roaming data' }));
    const list = await json(await t.call('GET', '/tmf-api/usageManagement/v4/usageSpecification?name=Roaming%20data'));
    expect(list.map((s: { id: string }) => s.id)).toEqual([created['id']]);
    expect((await t.call('DELETE', '/tmf-api/usageManagement/v4/usageSpecification/data')).status).toBe(405);
    expect((await t.call('POST', '/tmf-api/usageManagement/v4/usageSpecification', {})).status).toBe(400);
  });
});
