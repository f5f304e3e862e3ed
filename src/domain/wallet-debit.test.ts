import { describe, expect, it } from 'vitest';
import { INT64_MIN } from './money.js';
import { debitWallet } from './wallet-debit.js';

describe('debitWallet', () => {
  it('leaves the balance less the charge, debt once below zero', () => {
    expect(debitWallet(100n, 30n, 'x')).toEqual({ ok: true, balanceMinor: 70n, debt: false });
    expect(debitWallet(100n, 100n, 'x')).toEqual({ ok: true, balanceMinor: 0n, debt: false });
    expect(debitWallet(10n, 30n, 'x')).toEqual({ ok: true, balanceMinor: -20n, debt: true });
  });
  it('a free event touches nothing, even a wallet in debt', () => {
    expect(debitWallet(-5n, 0n, 'x')).toEqual({ ok: true, balanceMinor: -5n, debt: false });
  });
  it('refuses a charge that would leave the 64-bit range, at the bound exactly allowed', () => {
    expect(debitWallet(INT64_MIN + 5n, 5n, 'x')).toEqual({ ok: true, balanceMinor: INT64_MIN, debt: true });
    const refused = debitWallet(INT64_MIN + 5n, 6n, 'charge of event e1');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.detail).toContain('charge of event e1');
  });
});
