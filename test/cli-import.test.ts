import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import { stateDigest } from '../src/testing/state-digest.js';
import { DAY_MS, iccidOf, imsiOf, populateWorld, writeUsageCsv } from '../src/testing/synthetic-world.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../src/testing/test-stores.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'simledger.js');
const LINES = 2_000;
const EVENTS = 30_000;
/** Small batches, so the kill lands between commits of a file that takes many of them. */
const ENV = { ...process.env, SIMLEDGER_IMPORT_BATCH: '3000' };

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: ENV });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lastJsonLine(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

async function freshWorld(dialect: (typeof TEST_DIALECTS)[number], startMs: number): Promise<TestDatabase> {
  const database = await createTestDatabase(dialect);
  const store = await openStore(database.url);
  await populateWorld(store, LINES, startMs);
  await store.close();
  return database;
}

async function countRecords(url: string): Promise<number> {
  const store = await openStore(url, { migrate: false });
  try {
    const row = await store.db
      .selectFrom('usage_records')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await store.close();
  }
}

async function digestOf(url: string) {
  const store = await openStore(url, { migrate: false });
  try {
    return await stateDigest(store);
  } finally {
    await store.close();
  }
}

describe.each(TEST_DIALECTS)('simledger import from the command line (%s)', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'simledger-cli-'));
  const csv = join(dir, 'usage.csv');
  const startMs = Date.now() - 20 * DAY_MS;
  const databases: TestDatabase[] = [];

  beforeAll(async () => {
    expect(existsSync(join(import.meta.dirname, '..', 'dist', 'src', 'cli', 'main.js')), 'run `npm run build` first').toBe(true);
    await writeUsageCsv(csv, EVENTS, LINES, startMs + 60_000, 10 * DAY_MS);
    const at = new Date(startMs + 11 * DAY_MS).toISOString();
    appendFileSync(
      csv,
      [
        `ev-0000000005,${imsiOf(5)},,data,,${at},999,45400`, // same id, other content: conflict
        `bad-net,${imsiOf(1)},,data,,${at},1000,99999`,
        `bad-qty,,${iccidOf(2)},voice,out,${at},-5,44010`,
        `bad-line,454009999999999,,sms,out,${at},1,45400`,
        `"broken,quote,row`,
      ].join('\n') + '\n',
    );
  });
  afterAll(async () => {
    for (const d of databases) await d.drop();
  });

  it('imports once, is idempotent on a re-run, and survives SIGKILL mid-import with the state of one clean run', { timeout: 600_000 }, async () => {
    const clean = await freshWorld(dialect, startMs);
    const crashed = await freshWorld(dialect, startMs);
    databases.push(clean, crashed);

    const first = cli(['import', csv, '--db', clean.url, '--json']);
    expect(first.stderr).toBe('');
    const summary = lastJsonLine(first.stdout);
    expect(summary).toMatchObject({ read: EVENTS + 5, rated: EVENTS, duplicates: 0, rejected: 5 });
    expect(summary['rejectedByReason']).toEqual({
      exists_with_different_payload: 1,
      unknown_network: 1,
      invalid_quantity: 1,
      unknown_subscriber: 1,
      malformed_row: 1,
    });
    const rejects = readFileSync(`${csv}.rejects.csv`, 'utf8').trim().split('\n');
    expect(rejects[0]).toBe('line,reason,detail,event_id,imsi,iccid,kind,direction,started_at,quantity,mcc_mnc,peer,raw');
    expect(rejects.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(
      expect.arrayContaining([`${EVENTS + 3},unknown_network`, `${EVENTS + 4},invalid_quantity`, `${EVENTS + 5},unknown_subscriber`]),
    );
    const once = await digestOf(clean.url);

    const again = lastJsonLine(cli(['import', csv, '--db', clean.url, '--json']).stdout);
    expect(again).toMatchObject({ read: EVENTS + 5, rated: 0, duplicates: EVENTS + 4, rejected: 1 });
    expect((await digestOf(clean.url)).digest).toBe(once.digest);

    const child = spawn(process.execPath, [CLI, 'import', csv, '--db', crashed.url, '--json'], { stdio: 'ignore', env: ENV });
    let seen = 0;
    while (seen === 0) {
      await new Promise((r) => setTimeout(r, 25));
      seen = await countRecords(crashed.url);
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const partial = await countRecords(crashed.url);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(EVENTS);

    const resumed = lastJsonLine(cli(['import', csv, '--db', crashed.url, '--json']).stdout);
    expect(resumed['rated']).toBe(EVENTS - partial);
    const after = await digestOf(crashed.url);
    expect(after.counts).toEqual(once.counts);
    expect(after.digest).toBe(once.digest);
  });

  it('names a bad provisioning entry and applies nothing', async () => {
    const database = await createTestDatabase(dialect);
    databases.push(database);
    const file = join(dir, 'bad-provisioning.json');
    appendFileSync(
      file,
      JSON.stringify({
        tariffs: [{ id: 't1', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10 } } }],
        accounts: [{ id: 'a1', name: 'Chan Tai Man', language: 'zh-Hant', timeZone: 'Asia/Hong_Kong', currency: 'HKD' }],
        esims: [{ iccid: '89852000000000000010', imsi: '454001234567890', accountId: 'a1', tariffId: 't1' }],
      }),
    );
    const r = cli(['provision', file, '--db', database.url]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/esims\[0\].*iccid/);
    const store = await openStore(database.url);
    try {
      expect(await store.db.selectFrom('tariffs').selectAll().execute()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
