/** `simledger clients create | list | revoke` on both databases: the secret printed once and stored hashed. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openStore } from '../../src/store/open-store.js';
import { compareHashedSecret } from '../../src/services/oauth/oauth-clients.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../src/testing/test-stores.js';

async function run(args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  process.exitCode = 0;
  try {
    await main(['node', 'simledger', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out, err, code };
}

describe.each(TEST_DIALECTS)('simledger clients on %s', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('creates a confidential client (secret once, hashed), a public one, lists and revokes', async () => {
    const made = await run(['--db', database.url, 'clients', 'create', '--name', 'Travel Data Hub', '--redirect-uri', 'https://hub.example/cb', '--redirect-uri', 'http://127.0.0.1:4000/callback']);
    expect(made.code).toBe(0);
    const id = /client_id: (app_\S+)/.exec(made.out)?.[1];
    const secret = /client_secret: (cs_\S+)/.exec(made.out)?.[1];
    expect(id).toBeDefined();
    expect(secret).toBeDefined();
    const pub = await run(['--db', database.url, 'clients', 'create', '--name', 'Phone app', '--public', '--redirect-uri', 'http://127.0.0.1:5000/cb']);
    expect(pub.out).toContain('type: public');
    expect(pub.out).not.toContain('client_secret');

    const store = await openStore(database.url);
    try {
      const row = await store.db.selectFrom('oauth_clients').selectAll().where('client_id', '=', id!).executeTakeFirstOrThrow();
      expect(row.secret_hash).not.toContain(secret!);
      expect(compareHashedSecret(row.secret_hash!, secret!)).toBe(true);
      expect(compareHashedSecret(row.secret_hash!, `${secret!}x`)).toBe(false);
    } finally {
      await store.close();
    }

    const listed = await run(['--db', database.url, 'clients', 'list']);
    expect(listed.out).toContain(`${id}\tTravel Data Hub\tconfidential\thttps://hub.example/cb http://127.0.0.1:4000/callback`);
    expect(listed.out).not.toContain(secret!);
    expect((await run(['--db', database.url, 'clients', 'revoke', id!])).out).toContain(`revoked ${id}`);
    expect((await run(['--db', database.url, 'clients', 'revoke', id!])).code).toBe(2);
  });

  it.each([
    ['http://hub.example/cb', 'must be https'],
    ['https://hub.example/cb#frag', 'fragment'],
    ['hub.example/cb', 'not an absolute URL'],
  ])('refuses the redirect URI %s, naming why', async (uri, why) => {
    const r = await run(['--db', database.url, 'clients', 'create', '--name', 'X', '--redirect-uri', uri]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(why);
  });

  it('refuses client credentials for a public client', async () => {
    const r = await run(['--db', database.url, 'clients', 'create', '--name', 'X', '--public', '--client-credentials', '--redirect-uri', 'https://x.example/cb']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('confidential');
  });
});
