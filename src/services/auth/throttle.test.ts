import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, TEST_DIALECTS } from '../../testing/test-stores.js';
import type { Store } from '../../store/open-store.js';
import { ACCOUNT_FAILURES, countAttempt, forget, lockOf, pruneThrottle, type Limit } from './throttle.js';

const T0 = Date.UTC(2026, 0, 1);

describe.each(TEST_DIALECTS)('throttle on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => { store = await openTestStore(dialect); });
  afterEach(async () => { await store.close(); });

  const acct: Limit[] = [{ key: 'acct:a', policy: ACCOUNT_FAILURES }];

  it('locks after the 5th failure in the window, for 15 minutes', async () => {
    for (let i = 0; i < 4; i++) await countAttempt(store, acct, T0 + i);
    expect(await lockOf(store, acct, T0 + 10)).toBeUndefined();
    await countAttempt(store, acct, T0 + 10);
    expect(await lockOf(store, acct, T0 + 10)).toEqual({ ok: false, code: 'too_many_requests', retryAfterMs: 15 * 60_000 });
    expect(await lockOf(store, acct, T0 + 10 + 15 * 60_000)).toBeUndefined();
  });

  it('starts a new window when the old one is over', async () => {
    for (let i = 0; i < 4; i++) await countAttempt(store, acct, T0);
    await countAttempt(store, acct, T0 + 15 * 60_000);
    expect(await lockOf(store, acct, T0 + 15 * 60_000)).toBeUndefined();
  });

  it('forgets a key, and prunes finished counters', async () => {
    for (let i = 0; i < 5; i++) await countAttempt(store, acct, T0);
    await forget(store, 'acct:a');
    expect(await lockOf(store, acct, T0)).toBeUndefined();
    await countAttempt(store, [{ key: 'ip:x', policy: ACCOUNT_FAILURES }], T0);
    await pruneThrottle(store, T0 + 16 * 60_000);
    expect(await store.db.selectFrom('auth_throttle').selectAll().execute()).toEqual([]);
  });
});
