import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INT64_MAX, toBigInt } from '../domain/money.js';
import type { Store } from '../store/open-store.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import { provision } from './provision.js';
import { redeemVoucher, topUp } from './top-up-wallet.js';
import { createVouchers } from './vouchers.js';

const NOW = Date.UTC(2025, 2, 1);
const DAY = 86_400_000;

const ACCOUNTS = {
  accounts: [
    { id: 'acc-om', name: 'Fatma Al-Harthy', language: 'ar', timeZone: 'Asia/Muscat', currency: 'OMR' },
    { id: 'acc-hk', name: 'Lee Siu Ming', language: 'zh-Hant', timeZone: 'Asia/Hong_Kong', currency: 'HKD' },
  ],
};

describe.each(TEST_DIALECTS)('top-ups on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
    const loaded = await provision(store, ACCOUNTS, NOW);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  });
  afterEach(async () => {
    await store.close();
  });

  const balance = async (accountId: string) => toBigInt((await store.db.selectFrom('wallets').select('balance_minor').where('account_id', '=', accountId).executeTakeFirstOrThrow()).balance_minor);
  const ledger = async (accountId: string) => store.db.selectFrom('ledger_entries').select(['amount_minor', 'kind', 'ref']).where('account_id', '=', accountId).execute();

  it('credits once per id; a different payload under the same id is refused', async () => {
    const req = { id: 'tp-1', accountId: 'acc-om', amountMinor: 5_500n, currency: 'OMR', paymentRef: 'bank:OM-7781', at: NOW };
    const first = await topUp(store, req, NOW);
    expect(first).toEqual({
      ok: true,
      duplicate: false,
      topup: { topupId: 'tp-1', accountId: 'acc-om', amountMinor: 5_500n, currency: 'OMR', method: 'operator', voucherSerial: null, paymentRef: 'bank:OM-7781', at: NOW },
    });
    expect(await topUp(store, req, NOW + 5)).toEqual({ ...first, duplicate: true });
    expect(await topUp(store, { ...req, amountMinor: 6_000n }, NOW)).toMatchObject({ ok: false, code: 'exists_with_different_payload' });
    expect(await balance('acc-om')).toBe(5_500n);
    expect((await ledger('acc-om')).map((e) => [toBigInt(e.amount_minor), e.kind, e.ref])).toEqual([[5_500n, 'topup', 'topup:tp-1']]);
  });

  it('refuses unknown accounts, other currencies and non-positive amounts', async () => {
    expect(await topUp(store, { id: 'a', accountId: 'nobody', amountMinor: 1n, at: NOW }, NOW)).toMatchObject({ ok: false, code: 'unknown_account' });
    expect(await topUp(store, { id: 'b', accountId: 'acc-om', amountMinor: 100n, currency: 'HKD', at: NOW }, NOW)).toMatchObject({ ok: false, code: 'currency_mismatch' });
    expect(await topUp(store, { id: 'c', accountId: 'acc-om', amountMinor: 0n, at: NOW }, NOW)).toMatchObject({ ok: false, code: 'invalid_amount' });
    expect(await store.db.selectFrom('topups').select('id').execute()).toEqual([]);
  });

  it('redeems a voucher once; the same id or the same account again gets the first answer, another account voucher_used', async () => {
    const [card] = await createVouchers(store, { count: 1, valueMinor: 2_000n, currency: 'OMR', expiresAt: NOW + 30 * DAY, batch: 'OM25' }, NOW);
    const spaced = `${card!.pin.slice(0, 4)} ${card!.pin.slice(4, 8)}-${card!.pin.slice(8)}`;
    const first = await redeemVoucher(store, { id: 'sms-1', accountId: 'acc-om', pin: spaced, at: NOW + DAY }, NOW + DAY);
    expect(first).toMatchObject({ ok: true, duplicate: false, topup: { amountMinor: 2_000n, method: 'voucher', voucherSerial: card!.serial } });
    expect(await redeemVoucher(store, { id: 'sms-1', accountId: 'acc-om', pin: card!.pin, at: NOW + 2 * DAY }, NOW + 2 * DAY)).toEqual({ ...first, duplicate: true });
    expect(await redeemVoucher(store, { id: 'sms-2', accountId: 'acc-om', pin: card!.pin, at: NOW + DAY }, NOW + DAY)).toEqual({ ...first, duplicate: true });
    expect(await redeemVoucher(store, { id: 'sms-3', accountId: 'acc-hk', pin: card!.pin, at: NOW + DAY }, NOW + DAY)).toMatchObject({ ok: false, code: 'voucher_used' });
    expect(await balance('acc-om')).toBe(2_000n);
    const voucher = await store.db.selectFrom('vouchers').selectAll().executeTakeFirstOrThrow();
    expect([voucher.redeemed_topup_id, Number(voucher.redeemed_at)]).toEqual(['sms-1', NOW + DAY]);
  });

  it('refuses expired, unknown and other-currency vouchers without effect', async () => {
    const [omr] = await createVouchers(store, { count: 1, valueMinor: 1_000n, currency: 'OMR', expiresAt: NOW + DAY, batch: 'OM' }, NOW);
    const [hkd] = await createVouchers(store, { count: 1, valueMinor: 10_000n, currency: 'HKD', expiresAt: NOW + DAY, batch: 'HK' }, NOW);
    expect(await redeemVoucher(store, { id: 'r1', accountId: 'acc-om', pin: omr!.pin, at: NOW + DAY }, NOW + DAY)).toMatchObject({ ok: false, code: 'voucher_expired' });
    expect(await redeemVoucher(store, { id: 'r2', accountId: 'acc-om', pin: '0000000000000000', at: NOW }, NOW)).toMatchObject({ ok: false, code: 'invalid_voucher' });
    expect(await redeemVoucher(store, { id: 'r3', accountId: 'acc-om', pin: hkd!.pin, at: NOW }, NOW)).toMatchObject({ ok: false, code: 'currency_mismatch' });
    expect(await redeemVoucher(store, { id: 'r4', accountId: 'nobody', pin: hkd!.pin, at: NOW }, NOW)).toMatchObject({ ok: false, code: 'unknown_account' });
    expect(await balance('acc-om')).toBe(0n);
    expect((await redeemVoucher(store, { id: 'r5', accountId: 'acc-hk', pin: hkd!.pin, at: NOW }, NOW)).ok).toBe(true);
    expect(await balance('acc-hk')).toBe(10_000n);
  });

  it('refuses a credit that would take the balance past 2^63 - 1, by top-up or by voucher, with nothing applied', async () => {
    expect((await topUp(store, { id: 'big', accountId: 'acc-hk', amountMinor: INT64_MAX - 10n, at: NOW }, NOW)).ok).toBe(true);
    const over = await topUp(store, { id: 'over', accountId: 'acc-hk', amountMinor: 11n, at: NOW }, NOW);
    expect(over).toMatchObject({ ok: false, code: 'amount_out_of_range', detail: expect.stringMatching(/^amountMinor 11 added to a balance of 9223372036854775797 /) });
    expect(await topUp(store, { id: 'huge', accountId: 'acc-om', amountMinor: INT64_MAX + 1n, at: NOW }, NOW)).toMatchObject({ ok: false, code: 'amount_out_of_range' });
    const [card] = await createVouchers(store, { count: 1, valueMinor: 11n, currency: 'HKD', expiresAt: NOW + DAY, batch: 'HK' }, NOW);
    expect(await redeemVoucher(store, { id: 'v-over', accountId: 'acc-hk', pin: card!.pin, at: NOW }, NOW)).toMatchObject({ ok: false, code: 'amount_out_of_range' });
    expect((await store.db.selectFrom('vouchers').select('redeemed_topup_id').executeTakeFirstOrThrow()).redeemed_topup_id).toBeNull();
    expect(await topUp(store, { id: 'fits', accountId: 'acc-hk', amountMinor: 10n, at: NOW }, NOW)).toMatchObject({ ok: true });
    expect(await balance('acc-hk')).toBe(INT64_MAX);
    expect((await store.db.selectFrom('topups').select('id').orderBy('id').execute()).map((t) => t.id)).toEqual(['big', 'fits']);
  });
});
