import { describe, expect, it } from 'vitest';
import { makeIccid } from '../domain/identifiers.js';
import { canonicalJson, payloadHash, provisioningSchema } from './provisioning-schema.js';

describe('provisioning schema', () => {
  it('turns amounts into bigint, including digit strings above 2^53', () => {
    const r = provisioningSchema.parse({
      plans: [{ id: 'big', name: 'Big', currency: 'KRW', priceMinor: '9007199254740993', validityDays: 30, validityStarts: 'purchase', coverage: ['KR'], allowances: { dataBytes: 1073741824 } }],
    });
    expect(r.plans![0]!.priceMinor).toBe(9007199254740993n);
    expect(r.plans![0]!.name).toEqual({ en: 'Big' });
    expect(provisioningSchema.safeParse({ topups: [{ id: 't', accountId: 'a', amountMinor: 2 ** 60, at: '2025-03-01T00:00:00Z' }] }).success).toBe(false);
  });

  it('checks identifiers, zones, currencies and instants', () => {
    const esim = { iccid: makeIccid('898520000000000001'), imsi: '454000000000001', accountId: 'a', tariffId: 't' };
    expect(provisioningSchema.parse({ esims: [esim] }).esims![0]!.state).toBe('active');
    expect(provisioningSchema.safeParse({ esims: [{ ...esim, iccid: '8985200000000000011' }] }).success).toBe(false);
    expect(provisioningSchema.safeParse({ esims: [{ ...esim, imsi: '999000000000001' }] }).success).toBe(false);
    expect(provisioningSchema.safeParse({ esims: [{ ...esim, activationCode: 'LPA:1$smdp.example.com$K2-1X' }] }).success).toBe(true);
    const account = { id: 'a', name: 'A', language: 'ko', timeZone: 'Asia/Seoul', currency: 'KRW' };
    expect(provisioningSchema.safeParse({ accounts: [account] }).success).toBe(true);
    expect(provisioningSchema.safeParse({ accounts: [{ ...account, timeZone: 'Asia/Atlantis' }] }).success).toBe(false);
    expect(provisioningSchema.safeParse({ accounts: [{ ...account, currency: 'XYZ' }] }).success).toBe(false);
    expect(provisioningSchema.parse({ accounts: [{ ...account, loginPhone: '+82 10-1234-5678' }] }).accounts![0]!.loginPhone).toBe('+821012345678');
    expect(provisioningSchema.safeParse({ topups: [{ id: 't', accountId: 'a', amountMinor: 1, at: '2025-03-01T00:00:00' }] }).success).toBe(false);
    expect(provisioningSchema.parse({ topups: [{ id: 't', accountId: 'a', amountMinor: 1, at: '2025-03-01T08:00:00+08:00' }] }).topups![0]!.at).toBe(Date.UTC(2025, 2, 1));
  });

  it('hashes content independent of key order', () => {
    expect(canonicalJson({ b: 1n, a: [{ d: undefined, c: 'x' }] })).toBe('{"a":[{"c":"x"}],"b":"1"}');
    expect(payloadHash({ a: 1, b: 2 })).toBe(payloadHash({ b: 2, a: 1 }));
  });
});
