/**
 * Two `simledger serve` processes on one PostgreSQL database share the throttle: parallel wrong
 * passwords spread over both get 5 evaluations in all, and the right one sent last is refused.
 * Runs the built command (`npm run build` first, as `npm test` does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAN, PEOPLE } from '../src/testing/auth-test-kit.js';
import { provision } from '../src/services/provision.js';
import { openStore } from '../src/store/open-store.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-stores.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'simledger.js');

/** Starts `simledger serve` on port 0 and resolves with its URL, read from its `listening` log line. */
function serve(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', databaseUrl, '--host', '127.0.0.1', '--port', '0'], {
    env: { ...process.env, SIMLEDGER_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simledger serve exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'listening' && entry.url) resolve({ url: entry.url, child });
    });
  });
}

describe('the throttle across two server processes on one PostgreSQL database', () => {
  let database: TestDatabase;
  const servers: { url: string; child: ChildProcess }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const store = await openStore(database.url);
    try {
      expect(await provision(store, PEOPLE, Date.now())).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
    servers.push(...(await Promise.all([serve(database.url), serve(database.url)])));
  });
  afterAll(async () => {
    await Promise.all(
      servers.map(
        ({ child }) =>
          new Promise((r) => {
            child.once('exit', r);
            child.kill('SIGTERM');
          }),
      ),
    );
    await database?.drop();
  });

  it('60 parallel wrong passwords over both, the right one last: 5 evaluated, the right one refused', async () => {
    const signIn = (server: { url: string }, password: string) =>
      fetch(`${server.url}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: CHAN.phone, password }),
      });
    const answers = await Promise.all(Array.from({ length: 61 }, (_, i) => signIn(servers[i % 2]!, i === 60 ? CHAN.password : `guess ${i}`)));
    const counts = answers.reduce<Record<number, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {});
    console.log(`two servers: 61 parallel sign-ins (right one last) -> ${JSON.stringify(counts)}`);
    expect(counts).toEqual({ 401: 5, 429: 56 });
    expect(answers[60]!.status).toBe(429);
  });
});
