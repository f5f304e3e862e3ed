import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import type { Store } from './open-store.js';
import { warmHotTables } from './warm-cache.js';

describe.each(TEST_DIALECTS)('warming the balance tables on %s', (dialect) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(dialect);
  });
  afterEach(async () => {
    await store.close();
  });

  it('reads every hot table without error (PostgreSQL: through pg_prewarm, which it installs)', async () => {
    await warmHotTables(store);
    if (dialect !== 'postgres') return;
    const { rows } = await sql<{ n: unknown }>`select count(*) as n from pg_extension where extname = 'pg_prewarm'`.execute(store.db);
    expect(Number(rows[0]!.n)).toBe(1); // each test database starts without it
  });
});
