// findKnownEvents answers the same whichever way it reads: it scans the index range of a
// batch's ids when that range holds no more rows than the batch has ids, else probes id by id.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rateUsageBatch } from './rate-usage-batch.js';
import { usageWindow } from './usage-window.js';
import { addAccount, addEsim, addTariff, usageRow } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import type { Store } from '../store/open-store.js';

const NOW = Date.UTC(2026, 10, 20, 4);
const IMSI = '454001234567890';

describe.each(TEST_DIALECTS)('known event ids (%s)', (dialect) => {
  let store: Store;
  const findKnownEvents = (db: Store['db'], source: string, ids: string[]) => store.ledger.reads(db).findKnownEvents(source, ids);
  beforeEach(async () => {
    store = await openTestStore(dialect);
    await addTariff(store, { id: 't', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 100n } } });
    await addAccount(store, { id: 'a', currency: 'HKD', balanceMinor: 1_000n });
    await addEsim(store, { iccid: '89852000000000000017', imsi: IMSI, accountId: 'a', tariffId: 't' });
    const row = (id: string, imsi = IMSI) => ({ raw: usageRow({ eventId: id, imsi, kind: 'data', startedAt: NOW - 3_600_000, quantity: 1_000, mccMnc: '45400' }), ref: 1 });
    // Rated e01-e09, held h1 (unknown line), and e05 again with other content (a conflict).
    const rows = [...Array.from({ length: 9 }, (_, i) => row(`e0${i + 1}`)), row('h1', '454009999999999')];
    await rateUsageBatch(store, 's', rows, NOW, usageWindow(NOW, 12));
    await rateUsageBatch(store, 's', [{ ...row('e05'), raw: { ...row('e05').raw, quantity: '2000' } }], NOW, usageWindow(NOW, 12));
  });
  afterEach(() => store.close());

  it('finds ids whose range holds only them', async () => {
    const known = await findKnownEvents(store.db, 's', ['e05', 'e06']);
    expect([...known.keys()].sort()).toEqual(['e05', 'e06']);
    expect(known.get('e05')).toMatchObject({ rated: true });
    expect(known.get('e05')?.conflictHashes?.size).toBe(1);
  });

  it('finds ids whose range holds many other stored ids (read id by id)', async () => {
    const known = await findKnownEvents(store.db, 's', ['e00', 'e07', 'e99', 'h1']);
    expect([...known.keys()].sort()).toEqual(['e07', 'h1']);
    expect(known.get('e07')).toMatchObject({ rated: true });
    expect(known.get('h1')).toMatchObject({ rated: false });
  });

  it('finds nothing of another source, nor ids never seen', async () => {
    expect((await findKnownEvents(store.db, 'other', ['e05'])).size).toBe(0);
    expect((await findKnownEvents(store.db, 's', ['x1', 'x2'])).size).toBe(0);
    expect((await findKnownEvents(store.db, 's', [])).size).toBe(0);
  });
});
