// Issue 27 through the real command (`npm run build` first): `import --stream` publishes a usage
// file to one JetStream server, `worker` rates it into PostgreSQL; importing the file again adds
// nothing; bad settings are refused naming the problem.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/open-store.js';
import { freePort } from '../src/testing/free-port.js';
import { NATS_SERVER } from '../src/testing/nats-cluster.js';
import { DAY_MS, populateWorld, writeUsageCsv } from '../src/testing/synthetic-world.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-stores.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'simledger.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function count(store: Store, table: 'usage_records' | 'suspense'): Promise<number> {
  return Number(
    (
      await store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

describe('simledger import --stream and worker (PostgreSQL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simledger-stream-cli-'));
  let nats: ChildProcess;
  let stream: string;
  let database: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    const port = await freePort();
    nats = spawn(NATS_SERVER, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', join(dir, 'js')], { stdio: 'ignore' });
    stream = `nats://127.0.0.1:${port}`;
    database = await createTestDatabase('postgres');
    store = await openStore(database.url);
    await populateWorld(store, 50, Date.now() - 5 * DAY_MS);
  });

  afterAll(async () => {
    nats?.kill('SIGKILL');
    await store?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a worker without PostgreSQL or without a stream, and a stream that is not nats://', () => {
    const sqlite = cli(['worker', '--db', `sqlite:${join(dir, 'x.db')}`, '--stream', 'nats://127.0.0.1:1']);
    expect(sqlite.status).toBe(2);
    expect(sqlite.stderr).toMatch(/the worker needs PostgreSQL/);
    const noStream = cli(['worker', '--db', database.url]);
    expect(noStream.status).toBe(2);
    expect(noStream.stderr).toMatch(/needs the stream: --stream nats:\/\/HOST:PORT/);
    const csv = join(dir, 'one.csv');
    appendFileSync(csv, 'event_id,imsi,iccid,kind,direction,started_at,quantity,mcc_mnc\ne1,454000000000001,,sms,out,2026-11-20T12:00:00+08:00,1,45400\n');
    const bad = cli(['import', csv, '--db', database.url, '--stream', 'http://127.0.0.1:4222']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not a server: "http:\/\/127.0.0.1:4222"/);
  });

  it('publishes a file that a worker rates exactly once, however often it is imported', async () => {
    const csv = join(dir, 'usage.csv');
    await writeUsageCsv(csv, 2_000, 50, Date.now() - 4 * DAY_MS, 3 * DAY_MS);
    appendFileSync(csv, 'not,a,usage,row\n'); // published as it is: rating holds it, as an import would
    const first = cli(['import', csv, '--db', database.url, '--stream', stream, '--source', 'sgw', '--json']);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ events: 2_001, duplicates: 0, malformed: 0 });
    const worker = spawn(process.execPath, [CLI, 'worker', '--db', database.url, '--stream', stream, '--rescan', '200'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    worker.stdout!.on('data', (d: Buffer) => {
      log += d.toString();
    });
    worker.stderr!.on('data', (d: Buffer) => {
      log += d.toString();
    });
    try {
      for (let i = 0; i < 600 && (await count(store, 'usage_records')) + (await count(store, 'suspense')) < 2_001; i++) await sleep(100);
      const rated = await count(store, 'usage_records');
      expect(rated + (await count(store, 'suspense')), log).toBe(2_001);
      expect(rated).toBeGreaterThan(1_900);
      const again = cli(['import', csv, '--db', database.url, '--stream', stream, '--source', 'sgw', '--json']);
      expect(again.status, again.stderr).toBe(0);
      const summary = JSON.parse(again.stdout) as { messages: number; duplicates: number };
      expect(summary.duplicates).toBe(summary.messages); // the same batches, dropped by the stream's id window
      await sleep(1_000);
      expect(await count(store, 'usage_records')).toBe(rated);
    } finally {
      worker.kill('SIGTERM');
    }
  });
});
