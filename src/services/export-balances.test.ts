import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/open-store.js';
import { addAccount, addBucket, addEsim, addTariff } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import { exportBalances, toJson } from './export-balances.js';

describe('toJson', () => {
  it('writes bigints as exact JSON numbers', () => {
    expect(toJson({ a: 9_007_199_254_740_993n, b: [-12n, 0n], c: 'x"y', d: null, e: undefined, f: 1.5, g: true })).toBe('{"a":9007199254740993,"b":[-12,0],"c":"x\\"y","d":null,"f":1.5,"g":true}');
    expect(toJson([undefined, 1n])).toBe('[null,1]');
    expect(toJson(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
    expect(toJson({ a: [], b: {} })).toBe('{"a":[],"b":{}}');
  });

  it('indents like JSON.stringify', () => {
    const value = { wallets: [{ id: 'a', n: 1 }], empty: [], nested: { x: 'y' } };
    expect(toJson(value, 2)).toBe(JSON.stringify(value, null, 2));
    expect(toJson({ big: 123456789012345678901234567890n }, 2)).toBe('{\n  "big": 123456789012345678901234567890\n}');
  });
});

describe.each(TEST_DIALECTS)('exportBalances on %s', (dialect) => {
  let store: Store;
  const from = Date.parse('2026-04-01T00:00:00Z');

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await addAccount(store, { id: 'b-acc', currency: 'JPY', balanceMinor: 9_007_199_254_740_993n });
    await addAccount(store, { id: 'a-acc', currency: 'HKD', balanceMinor: -250n });
    await addTariff(store, { id: 't', currency: 'HKD', rates: {} });
    await addEsim(store, { iccid: '8985200000000000201', imsi: '454000000000201', accountId: 'a-acc', tariffId: 't' });
    const base = { iccid: '8985200000000000201', coverage: ['HK'], validityDays: 7, purchasedAt: from };
    await addBucket(store, { ...base, purchaseId: 'p2', kind: 'sms', initial: 50n, validFrom: null, validTo: null });
    await addBucket(store, { ...base, purchaseId: 'p1', kind: 'data', initial: 5_368_709_120n, remaining: 1n, validFrom: from, validTo: from + 7 * 86_400_000 });
  });
  afterAll(async () => {
    await store.close();
  });

  it('exports every wallet and bucket, sorted by id', async () => {
    const exported = await exportBalances(store);
    expect(exported).toEqual({
      wallets: [
        { accountId: 'a-acc', currency: 'HKD', balanceMinor: -250n },
        { accountId: 'b-acc', currency: 'JPY', balanceMinor: 9_007_199_254_740_993n },
      ],
      buckets: [
        {
          bucketId: 'p1:data',
          purchaseId: 'p1',
          iccid: '8985200000000000201',
          planId: 'plan-p1',
          kind: 'data',
          initial: 5_368_709_120n,
          remaining: 1n,
          validFrom: '2026-04-01T00:00:00.000Z',
          validTo: '2026-04-08T00:00:00.000Z',
        },
        { bucketId: 'p2:sms', purchaseId: 'p2', iccid: '8985200000000000201', planId: 'plan-p2', kind: 'sms', initial: 50n, remaining: 50n, validFrom: null, validTo: null },
      ],
    });
    expect(toJson(exported)).toContain('"balanceMinor":9007199254740993');
  });
});
