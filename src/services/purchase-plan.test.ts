import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeIccid } from '../domain/identifiers.js';
import { toBigInt } from '../domain/money.js';
import type { Store } from '../store/open-store.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import { provision } from './provision.js';
import { purchasePlan } from './purchase-plan.js';
import { topUp } from './top-up-wallet.js';

const NOW = Date.UTC(2025, 2, 1);
const AT = Date.parse('2025-03-01T08:00:00+08:00');
const DAY = 86_400_000;
const ICCID = makeIccid('898520000000000011');
const ICCID_JP = makeIccid('898110000000000011');

const CATALOG = {
  tariffs: [
    { id: 'payg-hkd', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 50 } } },
    { id: 'payg-jpy', currency: 'JPY', rates: { '*': { dataPerMiBMinor: 8 } } },
  ],
  plans: [
    { id: 'jp-5gb-7d', name: 'Japan 5 GB', currency: 'HKD', priceMinor: 8800, validityDays: 7, validityStarts: 'purchase', coverage: ['JP'], allowances: { dataBytes: 5368709120, sms: 20 } },
    {
      id: 'asia-1gb',
      name: 'Asia 1 GB',
      currency: 'HKD',
      priceMinor: 3000,
      validityDays: 30,
      validityStarts: 'first_use',
      coverage: ['JP', 'KR'],
      allowances: { dataBytes: 1073741824, voiceSeconds: 3600 },
    },
    { id: 'kr-3gb', name: '韓国 3GB', currency: 'JPY', priceMinor: 1980, validityDays: 5, validityStarts: 'purchase', coverage: ['KR'], allowances: { dataBytes: 3221225472 } },
  ],
  accounts: [
    { id: 'acc-hk', name: 'Wong Ka Yan', language: 'en', timeZone: 'Asia/Hong_Kong', currency: 'HKD' },
    { id: 'acc-jp', name: '佐藤花子', language: 'ja', timeZone: 'Asia/Tokyo', currency: 'JPY' },
  ],
  esims: [
    { iccid: ICCID, imsi: '454000000000011', accountId: 'acc-hk', tariffId: 'payg-hkd' },
    { iccid: ICCID_JP, imsi: '440100000000011', accountId: 'acc-jp', tariffId: 'payg-jpy' },
  ],
};

describe.each(TEST_DIALECTS)('purchasePlan on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
    const loaded = await provision(store, CATALOG, NOW);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    await topUp(store, { id: 'tp-hk', accountId: 'acc-hk', amountMinor: 10000n, at: AT - DAY }, NOW);
  });
  afterEach(async () => {
    await store.close();
  });

  const balance = async (accountId: string) => toBigInt((await store.db.selectFrom('wallets').select('balance_minor').where('account_id', '=', accountId).executeTakeFirstOrThrow()).balance_minor);
  const ledgerSum = async (accountId: string) =>
    (await store.db.selectFrom('ledger_entries').select('amount_minor').where('account_id', '=', accountId).execute()).reduce((s, e) => s + toBigInt(e.amount_minor), 0n);

  it('creates started buckets for a `purchase` plan and debits the wallet', async () => {
    const r = await purchasePlan(store, { id: 'pu-1', iccid: ICCID, planId: 'jp-5gb-7d', at: AT, paidFrom: 'wallet' }, NOW);
    expect(r).toMatchObject({ ok: true, duplicate: false, purchase: { accountId: 'acc-hk', priceMinor: 8800n, currency: 'HKD' } });
    const buckets = await store.db.selectFrom('buckets').selectAll().where('purchase_id', '=', 'pu-1').orderBy('id').execute();
    expect(
      buckets.map((b) => [b.id, b.kind, toBigInt(b.initial), toBigInt(b.remaining), Number(b.valid_from), Number(b.valid_to), Number(b.validity_days), Number(b.purchased_at), JSON.parse(b.coverage)]),
    ).toEqual([
      ['pu-1:data', 'data', 5368709120n, 5368709120n, AT, AT + 7 * DAY, 7, AT, ['JP']],
      ['pu-1:sms', 'sms', 20n, 20n, AT, AT + 7 * DAY, 7, AT, ['JP']],
    ]);
    expect(await balance('acc-hk')).toBe(1200n);
    expect(await ledgerSum('acc-hk')).toBe(1200n);
    const entry = await store.db.selectFrom('ledger_entries').selectAll().where('ref', '=', 'purchase:pu-1').executeTakeFirstOrThrow();
    expect([toBigInt(entry.amount_minor), entry.kind, Number(entry.at)]).toEqual([-8800n, 'purchase', AT]);
  });

  it('leaves `first_use` buckets unstarted', async () => {
    const r = await purchasePlan(store, { id: 'pu-2', iccid: ICCID, planId: 'asia-1gb', at: AT, paidFrom: 'external' }, NOW);
    expect(r.ok).toBe(true);
    const buckets = await store.db.selectFrom('buckets').selectAll().where('purchase_id', '=', 'pu-2').orderBy('id').execute();
    expect(buckets.map((b) => [b.kind, b.valid_from, b.valid_to, Number(b.validity_days)])).toEqual([
      ['data', null, null, 30],
      ['voice', null, null, 30],
    ]);
    expect(await balance('acc-hk')).toBe(10000n);
  });

  it('answers a repeat with the first answer and refuses other content under the same id', async () => {
    const req = { id: 'pu-1', iccid: ICCID, planId: 'jp-5gb-7d', at: AT, paidFrom: 'wallet' as const };
    const first = await purchasePlan(store, req, NOW);
    const again = await purchasePlan(store, req, NOW + 1000);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await balance('acc-hk')).toBe(1200n);
    expect(await purchasePlan(store, { ...req, planId: 'asia-1gb' }, NOW)).toMatchObject({ ok: false, code: 'exists_with_different_payload' });
  });

  it('never overdraws the wallet', async () => {
    await purchasePlan(store, { id: 'pu-1', iccid: ICCID, planId: 'jp-5gb-7d', at: AT, paidFrom: 'wallet' }, NOW);
    const r = await purchasePlan(store, { id: 'pu-3', iccid: ICCID, planId: 'asia-1gb', at: AT, paidFrom: 'wallet' }, NOW);
    expect(r).toMatchObject({ ok: false, code: 'insufficient_balance' });
    expect(await balance('acc-hk')).toBe(1200n);
    expect(await store.db.selectFrom('buckets').select('id').where('purchase_id', '=', 'pu-3').execute()).toEqual([]);
    // Paid outside the wallet, the same plan goes through.
    expect((await purchasePlan(store, { id: 'pu-3', iccid: ICCID, planId: 'asia-1gb', at: AT, paidFrom: 'external' }, NOW)).ok).toBe(true);
  });

  it('refuses unknown lines and plans, and a wallet in another currency', async () => {
    expect(await purchasePlan(store, { id: 'x1', iccid: makeIccid('898520000000000099'), planId: 'jp-5gb-7d', at: AT, paidFrom: 'external' }, NOW)).toMatchObject({ ok: false, code: 'unknown_esim' });
    expect(await purchasePlan(store, { id: 'x2', iccid: ICCID, planId: 'nope', at: AT, paidFrom: 'external' }, NOW)).toMatchObject({ ok: false, code: 'unknown_plan' });
    expect(await purchasePlan(store, { id: 'x3', iccid: ICCID_JP, planId: 'jp-5gb-7d', at: AT, paidFrom: 'wallet' }, NOW)).toMatchObject({ ok: false, code: 'currency_mismatch' });
    expect(await store.db.selectFrom('purchases').select('id').execute()).toEqual([]);
  });
});
