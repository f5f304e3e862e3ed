import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeIccid } from '../domain/identifiers.js';
import { toBigInt } from '../domain/money.js';
import type { Store } from '../store/open-store.js';
import { openTestStore, TEST_DIALECTS, type TestDialect } from '../testing/test-stores.js';
import { verifyPassword } from './password-hash.js';
import { provision, type ProvisionResult } from './provision.js';

const NOW = Date.UTC(2025, 2, 1);
const ICCID_1 = makeIccid('898520000000000001');
const ICCID_2 = makeIccid('898520000000000002');
const ICCID_OM = makeIccid('899680000000000001');

function catalog() {
  return {
    tariffs: [
      { id: 'payg-hkd', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 50, voiceOutPerMinMinor: 300, voiceInPerMinMinor: 100, smsOutMinor: 150 }, JP: { dataPerMiBMinor: '20' } } },
      { id: 'payg-omr', currency: 'OMR', rates: { '*': { dataPerMiBMinor: 15 } } },
    ],
    plans: [
      {
        id: 'jp-5gb-7d',
        name: { en: 'Japan 5 GB / 7 days', 'zh-Hant': '日本 5GB 7日', ja: '日本 5GB 7日間' },
        currency: 'HKD',
        priceMinor: 8800,
        validityDays: 7,
        validityStarts: 'purchase',
        coverage: ['JP'],
        allowances: { dataBytes: '5368709120', sms: 20 },
      },
      {
        id: 'asia-1gb',
        name: 'Asia 1 GB',
        currency: 'HKD',
        priceMinor: 3000,
        validityDays: 30,
        validityStarts: 'first_use',
        coverage: ['JP', 'KR', 'HK'],
        allowances: { dataBytes: 1073741824, voiceSeconds: 3600 },
      },
      {
        id: 'om-1gb',
        name: { ar: 'عُمان ١ جيجابايت', en: 'Oman 1 GB' },
        currency: 'OMR',
        priceMinor: 2500,
        validityDays: 7,
        validityStarts: 'purchase',
        coverage: ['OM'],
        allowances: { dataBytes: 1073741824 },
      },
    ],
    accounts: [
      { id: 'acc-chan', name: '陳大文', loginPhone: '+85291234567', language: 'zh-Hant', timeZone: 'Asia/Hong_Kong', currency: 'HKD', password: 'correct horse battery' },
      { id: 'acc-said', name: 'سعيد البلوشي', language: 'ar', timeZone: 'Asia/Muscat', currency: 'OMR' },
    ],
    esims: [
      { iccid: ICCID_1, imsi: '454000000000001', msisdn: '+85261234567', accountId: 'acc-chan', tariffId: 'payg-hkd', activationCode: 'LPA:1$smdp.example.com$ABCD-1234' },
      { iccid: ICCID_2, imsi: '454000000000002', accountId: 'acc-chan', tariffId: 'payg-hkd', state: 'suspended' },
      { iccid: ICCID_OM, imsi: '422020000000001', accountId: 'acc-said', tariffId: 'payg-omr' },
    ],
    topups: [
      { id: 'tp-1', accountId: 'acc-chan', amountMinor: 20000, at: '2025-02-28T10:00:00+08:00', paymentRef: 'stripe:pi_123' },
      { id: 'tp-2', accountId: 'acc-said', amountMinor: '5000', at: '2025-02-28T09:00:00+04:00' },
    ],
    purchases: [
      { id: 'pu-1', iccid: ICCID_1, planId: 'jp-5gb-7d', at: '2025-03-01T08:00:00+08:00', paidFrom: 'wallet' },
      { id: 'pu-2', iccid: ICCID_1, planId: 'asia-1gb', at: '2025-03-01T08:05:00+08:00', paidFrom: 'external' },
      { id: 'pu-3', iccid: ICCID_OM, planId: 'om-1gb', at: '2025-03-01T08:00:00+04:00', paidFrom: 'wallet' },
    ],
  };
}

function expectOk(r: ProvisionResult) {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r.counts;
}

async function snapshot(store: Store) {
  const wallets = await store.db.selectFrom('wallets').select(['account_id', 'balance_minor']).orderBy('account_id').execute();
  const buckets = await store.db.selectFrom('buckets').selectAll().orderBy('id').execute();
  const ledger = await store.db.selectFrom('ledger_entries').select(['account_id', 'amount_minor', 'ref']).orderBy('ref').execute();
  const norm = (rows: object[]) => JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' || typeof v === 'number' ? String(v) : v));
  return { wallets: norm(wallets), buckets: norm(buckets), ledger: norm(ledger) };
}

async function count(store: Store, table: 'accounts' | 'esims' | 'tariffs' | 'plans' | 'wallets' | 'topups' | 'purchases' | 'buckets' | 'ledger_entries') {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

let store: Store;
function useStore(dialect: TestDialect): void {
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });
}

describe.each(TEST_DIALECTS)('provision on %s', (dialect) => {
  useStore(dialect);

  it('loads a whole file and reports what it created', async () => {
    const counts = expectOk(await provision(store, catalog(), NOW));
    expect(counts).toEqual({
      tariffs: { created: 2, updated: 0, unchanged: 0 },
      plans: { created: 3, updated: 0, unchanged: 0 },
      accounts: { created: 2, updated: 0, unchanged: 0 },
      esims: { created: 3, updated: 0, unchanged: 0 },
      topups: { created: 2, updated: 0, unchanged: 0 },
      purchases: { created: 3, updated: 0, unchanged: 0 },
    });
    const chan = await store.db.selectFrom('accounts').selectAll().where('id', '=', 'acc-chan').executeTakeFirstOrThrow();
    expect(chan.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', chan.password_hash!)).toBe(true);
    const wallet = await store.db.selectFrom('wallets').selectAll().where('account_id', '=', 'acc-chan').executeTakeFirstOrThrow();
    expect(toBigInt(wallet.balance_minor)).toBe(20000n - 8800n);
    const omWallet = await store.db.selectFrom('wallets').selectAll().where('account_id', '=', 'acc-said').executeTakeFirstOrThrow();
    expect(toBigInt(omWallet.balance_minor)).toBe(2500n);
    const esim = await store.db.selectFrom('esims').selectAll().where('iccid', '=', ICCID_2).executeTakeFirstOrThrow();
    expect(esim.state).toBe('suspended');
    const plan = await store.db.selectFrom('plans').selectAll().where('id', '=', 'asia-1gb').executeTakeFirstOrThrow();
    expect(JSON.parse(plan.names)).toEqual({ en: 'Asia 1 GB' });
    const tariff = await store.db.selectFrom('tariffs').selectAll().where('id', '=', 'payg-hkd').executeTakeFirstOrThrow();
    expect(JSON.parse(tariff.rates)).toEqual({ '*': { dataPerMiBMinor: '50', smsOutMinor: '150', voiceInPerMinMinor: '100', voiceOutPerMinMinor: '300' }, JP: { dataPerMiBMinor: '20' } });
  });

  it('is idempotent: a second load changes nothing', async () => {
    expectOk(await provision(store, catalog(), NOW));
    const before = await snapshot(store);
    const counts = expectOk(await provision(store, catalog(), NOW + 60_000));
    for (const c of Object.values(counts)) expect(c.created + c.updated).toBe(0);
    expect(counts.esims.unchanged).toBe(3);
    expect(counts.purchases.unchanged).toBe(3);
    expect(await snapshot(store)).toEqual(before);
  });

  it('updates a fixed catalog entry, account and eSIM', async () => {
    expectOk(await provision(store, catalog(), NOW));
    const file = catalog();
    file.tariffs[0]!.rates['*'].dataPerMiBMinor = 45;
    file.accounts[0]!.name = '陳大明';
    file.esims[1]!.state = 'active';
    const counts = expectOk(await provision(store, { tariffs: file.tariffs, accounts: file.accounts, esims: file.esims }, NOW));
    expect(counts.tariffs).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(counts.accounts).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(counts.esims).toEqual({ created: 0, updated: 1, unchanged: 2 });
    const esim = await store.db.selectFrom('esims').select('state').where('iccid', '=', ICCID_2).executeTakeFirstOrThrow();
    expect(esim.state).toBe('active');
    const chan = await store.db.selectFrom('accounts').select('name').where('id', '=', 'acc-chan').executeTakeFirstOrThrow();
    expect(chan.name).toBe('陳大明');
  });

  it('names a bad entry by section, index, id and field, and applies nothing', async () => {
    const file = catalog();
    file.esims[2]!.imsi = '45400000000001';
    const result = await provision(store, file, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ section: 'esims', index: 2, id: ICCID_OM, field: 'esims[2].imsi', code: 'invalid', reason: 'IMSI must be 15 digits' }]);
    expect(await count(store, 'tariffs')).toBe(0);
    expect(await count(store, 'accounts')).toBe(0);
  });

  it('refuses a NUL character in a name on either database, naming the field', async () => {
    const file = catalog();
    file.accounts[0]!.name = 'Chan\u0000Tai Man';
    const result = await provision(store, file, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ section: 'accounts', index: 0, field: 'accounts[0].name', reason: 'must not contain a NUL character (U+0000)' });
    expect(await count(store, 'accounts')).toBe(0);
  });

  it('refuses amounts above 2^63 - 1 and top-ups that sum past it, naming the entry, with amount_out_of_range; applies nothing', async () => {
    const file = catalog();
    file.topups[0]!.amountMinor = '9223372036854775808';
    const tooBig = await provision(store, file, NOW);
    expect(tooBig.ok || tooBig.errors).toEqual([
      {
        section: 'topups',
        index: 0,
        id: 'tp-1',
        field: 'topups[0].amountMinor',
        code: 'amount_out_of_range',
        reason: 'must be between 1 and 9223372036854775807',
      },
    ]);
    const summed = catalog();
    summed.topups.push({ id: 'tp-3', accountId: 'acc-said', amountMinor: '9223372036854775000', at: '2025-02-28T09:00:00+04:00' });
    const over = await provision(store, summed, NOW);
    expect(over.ok || over.errors).toEqual([expect.objectContaining({ section: 'topups', index: 2, id: 'tp-3', field: 'topups[2].amountMinor', code: 'amount_out_of_range' })]);
    for (const table of ['accounts', 'wallets', 'topups', 'ledger_entries'] as const) expect(await count(store, table)).toBe(0);
  });

  it('refuses ids, names and codes that are not well-formed Unicode (a lone surrogate), naming the field', async () => {
    const file = catalog();
    file.accounts[1]!.id = 'acc-\ud800';
    file.plans[1]!.name = 'Asia \udc00';
    const result = await provision(store, file, NOW);
    const reason = 'must be well-formed Unicode text (it holds a lone UTF-16 surrogate)';
    expect(result.ok || result.errors).toEqual([
      { section: 'plans', index: 1, id: 'asia-1gb', field: 'plans[1].name', code: 'invalid', reason },
      { section: 'accounts', index: 1, id: 'acc-\ud800', field: 'accounts[1].id', code: 'invalid', reason },
    ]);
  });

  it('reports unknown fields and references', async () => {
    const bad = { plans: [{ ...catalog().plans[0]!, priceMinr: 1 }], esims: [{ ...catalog().esims[0]!, accountId: 'acc-nobody' }] };
    const result = await provision(store, bad, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual(expect.objectContaining({ section: 'plans', index: 0, field: 'plans[0].priceMinr', reason: 'unknown field' }));
    const refs = await provision(store, { tariffs: catalog().tariffs, esims: [{ ...catalog().esims[0]!, accountId: 'acc-nobody' }] }, NOW);
    expect(refs.ok).toBe(false);
    if (refs.ok) return;
    expect(refs.errors).toEqual([expect.objectContaining({ section: 'esims', index: 0, field: 'esims[0].accountId', code: 'unknown_reference' })]);
    expect(await count(store, 'tariffs')).toBe(0);
  });
});

describe.each(TEST_DIALECTS)('provision on %s: currencies, identities and invariants', (dialect) => {
  useStore(dialect);

  it('refuses a tariff in another currency than the account (currency_mismatch)', async () => {
    const file = catalog();
    file.esims[2]!.tariffId = 'payg-hkd';
    const result = await provision(store, file, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([expect.objectContaining({ section: 'esims', index: 2, id: ICCID_OM, field: 'esims[2].tariffId', code: 'currency_mismatch' })]);
    expect(await count(store, 'esims')).toBe(0);
  });

  it('refuses a wallet purchase of a plan in another currency', async () => {
    const file = catalog();
    file.purchases[2]!.planId = 'jp-5gb-7d';
    const result = await provision(store, file, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([expect.objectContaining({ section: 'purchases', index: 2, id: 'pu-3', field: 'purchases[2].planId', code: 'currency_mismatch' })]);
  });

  it('fails the whole load when a wallet purchase lacks funds', async () => {
    const file = catalog();
    file.topups[1]!.amountMinor = '2499';
    const result = await provision(store, file, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([expect.objectContaining({ section: 'purchases', index: 2, id: 'pu-3', code: 'insufficient_balance' })]);
    for (const table of ['accounts', 'wallets', 'topups', 'purchases', 'buckets', 'ledger_entries'] as const) expect(await count(store, table)).toBe(0);
  });

  it('refuses an IMSI or login phone already used by another id, and ids repeated in the file', async () => {
    expectOk(await provision(store, catalog(), NOW));
    const third = makeIccid('898520000000000003');
    const result = await provision(
      store,
      {
        accounts: [{ ...catalog().accounts[1]!, id: 'acc-new', loginPhone: '+85291234567' }],
        esims: [{ iccid: third, imsi: '454000000000001', accountId: 'acc-chan', tariffId: 'payg-hkd' }],
        topups: [
          { id: 't9', accountId: 'acc-chan', amountMinor: 1, at: '2025-03-01T00:00:00Z' },
          { id: 't9', accountId: 'acc-chan', amountMinor: 1, at: '2025-03-01T00:00:00Z' },
        ],
      },
      NOW,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([expect.objectContaining({ section: 'topups', index: 1, code: 'duplicate_id' })]);
    const used = await provision(
      store,
      {
        accounts: [{ ...catalog().accounts[1]!, id: 'acc-new', loginPhone: '+85291234567' }],
        esims: [{ iccid: third, imsi: '454000000000001', accountId: 'acc-chan', tariffId: 'payg-hkd' }],
      },
      NOW,
    );
    expect(used.ok).toBe(false);
    if (used.ok) return;
    expect(used.errors.map((e) => [e.field, e.code])).toEqual([
      ['accounts[0].loginPhone', 'already_used'],
      ['esims[0].imsi', 'already_used'],
    ]);
  });

  it('refuses a top-up or purchase id reused with other content', async () => {
    expectOk(await provision(store, catalog(), NOW));
    const file = catalog();
    file.topups[0]!.amountMinor = 30000;
    file.purchases[1]!.at = '2025-03-02T08:05:00+08:00';
    const result = await provision(store, file, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.field, e.code])).toEqual([
      ['topups[0].id', 'exists_with_different_payload'],
      ['purchases[1].id', 'exists_with_different_payload'],
    ]);
  });

  it('keeps every wallet equal to the sum of its ledger entries', async () => {
    expectOk(await provision(store, catalog(), NOW));
    const wallets = await store.db.selectFrom('wallets').select(['account_id', 'balance_minor']).execute();
    for (const w of wallets) {
      const entries = await store.db.selectFrom('ledger_entries').select('amount_minor').where('account_id', '=', w.account_id).execute();
      expect(entries.reduce((s, e) => s + toBigInt(e.amount_minor), 0n)).toBe(toBigInt(w.balance_minor));
    }
  });

  it('loads 20,000 accounts and eSIMs in one file quickly', async () => {
    const n = 20_000;
    const accounts = Array.from({ length: n }, (_, i) => ({ id: `acc-${i}`, name: `Traveler ${i}`, language: 'en', timeZone: 'Asia/Hong_Kong', currency: 'HKD' }));
    const esims = Array.from({ length: n }, (_, i) => ({
      iccid: makeIccid(`8985201${String(i).padStart(11, '0')}`),
      imsi: `45400${String(i).padStart(10, '0')}`,
      accountId: `acc-${i}`,
      tariffId: 'payg-hkd',
    }));
    const started = performance.now();
    const counts = expectOk(await provision(store, { tariffs: catalog().tariffs, accounts, esims }, NOW));
    expect(counts.esims.created).toBe(n);
    expect(performance.now() - started).toBeLessThan(30_000);
    const again = expectOk(await provision(store, { tariffs: catalog().tariffs, accounts, esims }, NOW));
    expect(again.accounts.unchanged).toBe(n);
    expect(await count(store, 'wallets')).toBe(n);
  });
});
