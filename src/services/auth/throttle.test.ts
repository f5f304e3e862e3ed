import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, TEST_DIALECTS } from '../../testing/test-stores.js';
import { openStore, type Store } from '../../store/open-store.js';
import { ACCOUNT_FAILURES, ADDRESS_FAILURES, forget, pruneThrottle, releaseAttempt, reserveAttempt, throttled, type Limit } from './throttle.js';

const T0 = Date.UTC(2026, 0, 1);
const LOCKED = { ok: false, code: 'too_many_requests', retryAfterMs: 15 * 60_000 };

describe.each(TEST_DIALECTS)('throttle on %s', (dialect) => {
  let store: Store & { url: string };
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  const acct: Limit[] = [{ key: 'acct:a', policy: ACCOUNT_FAILURES }];

  it('lets 5 attempts through in a window; the 5th locks for 15 minutes', async () => {
    for (let i = 0; i < 4; i++) expect(await reserveAttempt(store, acct, T0 + i)).toBeUndefined();
    expect(await reserveAttempt(store, acct, T0 + 10)).toBeUndefined();
    expect(await reserveAttempt(store, acct, T0 + 10)).toEqual(LOCKED);
    expect(await reserveAttempt(store, acct, T0 + 11)).toEqual({ ...LOCKED, retryAfterMs: 15 * 60_000 - 1 });
    expect(await reserveAttempt(store, acct, T0 + 10 + 15 * 60_000)).toBeUndefined();
  });

  it('starts a new window when the old one is over', async () => {
    for (let i = 0; i < 4; i++) await reserveAttempt(store, acct, T0);
    expect(await reserveAttempt(store, acct, T0 + 15 * 60_000)).toBeUndefined();
    for (let i = 0; i < 4; i++) expect(await reserveAttempt(store, acct, T0 + 15 * 60_000)).toBeUndefined();
    expect(await reserveAttempt(store, acct, T0 + 15 * 60_000)).toEqual(LOCKED);
  });

  it('gives a success back, and a refusal by one key holds nothing on the others', async () => {
    const both: Limit[] = [{ key: 'ip:x', policy: ADDRESS_FAILURES }, ...acct];
    for (let i = 0; i < 4; i++) await reserveAttempt(store, both, T0);
    expect(await throttled(store, both, T0, async () => ({ ok: true }))).toEqual({ ok: true });
    expect(await throttled(store, both, T0, async () => ({ ok: false }))).toEqual({ ok: false });
    expect(await reserveAttempt(store, both, T0)).toEqual(LOCKED);
    const counts = await store.db.selectFrom('auth_throttle').select(['key', 'failures']).orderBy('key').execute();
    expect(counts.map((r) => [r.key, Number(r.failures)])).toEqual([
      ['acct:a', 6],
      ['ip:x', 5],
    ]);
    await releaseAttempt(store, acct);
    await releaseAttempt(store, acct);
    expect(await reserveAttempt(store, acct, T0)).toBeUndefined();
  });

  it('forgets a key, and prunes finished counters', async () => {
    for (let i = 0; i < 5; i++) await reserveAttempt(store, acct, T0);
    await forget(store, 'acct:a');
    expect(await reserveAttempt(store, acct, T0)).toBeUndefined();
    await reserveAttempt(store, [{ key: 'ip:x', policy: ACCOUNT_FAILURES }], T0);
    await pruneThrottle(store, T0 + 16 * 60_000);
    expect(await store.db.selectFrom('auth_throttle').selectAll().execute()).toEqual([]);
  });

  it('lets exactly 5 of 100 parallel attempts through, however they interleave', async () => {
    const evaluated: number[] = [];
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        throttled(store, [{ key: `ip:${i % 7}`, policy: ADDRESS_FAILURES }, ...acct], T0, async () => {
          evaluated.push(i);
          await new Promise((r) => setTimeout(r, 5));
          return { ok: false };
        }),
      ),
    );
    expect(evaluated).toHaveLength(5);
    expect(answers.filter((a) => 'retryAfterMs' in a)).toHaveLength(95);
  });

  if ({ sqlite: false, postgres: true }[dialect])
    it('holds across two connection pools (two servers) on one database', async () => {
      const other = await openStore(store.url);
      try {
        let evaluated = 0;
        const attempt = (s: Store) =>
          throttled(s, acct, T0, async () => {
            evaluated += 1;
            return { ok: false };
          });
        await Promise.all(Array.from({ length: 60 }, (_, i) => attempt(i % 2 === 0 ? store : other)));
        expect(evaluated).toBe(5);
      } finally {
        await other.close();
      }
    });
});
