import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/open-store.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import { createVouchers, hashVoucherPin, normalizeVoucherPin } from './vouchers.js';

const NOW = Date.UTC(2025, 2, 1);

describe('voucher PINs', () => {
  it('normalises spaces, dashes, full-width and Arabic-Indic digits', () => {
    expect(normalizeVoucherPin('1234 5678-9012 3456')).toBe('1234567890123456');
    expect(normalizeVoucherPin('１２３４－５６７８　９０１２３４５６')).toBe('1234567890123456');
    expect(normalizeVoucherPin('١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦')).toBe('1234567890123456');
    expect(hashVoucherPin('１２３４ 5678 9012 3456')).toBe(hashVoucherPin('1234567890123456'));
  });
});

describe.each(TEST_DIALECTS)('createVouchers on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  it('issues serials and 16-digit PINs, stores only their hashes, and continues a batch', async () => {
    const first = await createVouchers(store, { count: 3, valueMinor: 10_000n, currency: 'HKD', expiresAt: NOW + 86_400_000, batch: 'HK2503' }, NOW);
    expect(first.map((v) => v.serial)).toEqual(['V-HK2503-000001', 'V-HK2503-000002', 'V-HK2503-000003']);
    for (const v of first) expect(v.pin).toMatch(/^\d{16}$/);
    const more = await createVouchers(store, { count: 1, valueMinor: 10_000n, currency: 'HKD', expiresAt: NOW + 86_400_000, batch: 'HK2503' }, NOW);
    expect(more[0]!.serial).toBe('V-HK2503-000004');
    const rows = await store.db.selectFrom('vouchers').selectAll().orderBy('serial').execute();
    expect(rows.map((r) => r.pin_hash)).toEqual([...first, ...more].map((v) => hashVoucherPin(v.pin)));
    expect(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(first[0]!.pin);
  });

  it('throws on a bad request', async () => {
    await expect(createVouchers(store, { count: 0, valueMinor: 1n, currency: 'HKD', expiresAt: NOW + 1, batch: 'B' }, NOW)).rejects.toThrow(RangeError);
    await expect(createVouchers(store, { count: 1, valueMinor: 1n, currency: 'XYZ', expiresAt: NOW + 1, batch: 'B' }, NOW)).rejects.toThrow(RangeError);
  });
});
