// Issue 23, points 4, 6, 9 and 10, through the real command (`npm run build` first) on both databases:
// sums past the signed 64-bit range refused, event ids that are not well-formed Unicode rejected on
// every retry, `demo` honouring --db / SIMLEDGER_DB and replacing only what it made, `import`
// stopping before anything is written when the file is not usage.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIccid } from '../src/domain/identifiers.js';
import { openStore } from '../src/store/open-store.js';
import { parseDatabaseUrl } from '../src/store/dialect.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../src/testing/test-stores.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'simledger.js');
const MAX = (1n << 63n) - 1n;
const IMSI = '454001234567890';
const ICCID = makeIccid('898520000000000001');

function cli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, ...options.env };
  if (options.env?.['SIMLEDGER_DB'] === undefined) delete env['SIMLEDGER_DB'];
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env, cwd: options.cwd, timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;

async function count(url: string, table: 'accounts' | 'usage_records' | 'topups' | 'suspense'): Promise<number> {
  const store = await openStore(url, { migrate: false });
  try {
    return Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  } finally {
    await store.close();
  }
}

/** Tables of a database, read without migrating it (a SQLite file that does not exist has none). */
async function tablesOf(url: string): Promise<number> {
  const location = parseDatabaseUrl(url);
  if (location.dialect === 'sqlite') return existsSync(location.target) ? -1 : 0;
  const client = new pg.Client({ connectionString: location.target });
  await client.connect();
  try {
    return Number((await client.query(`select count(*) as n from information_schema.tables where table_schema = current_schema()`)).rows[0].n);
  } finally {
    await client.end();
  }
}

const usageLine = (eventId: string, kind: string, quantity: number | string) =>
  JSON.stringify({ event_id: eventId, imsi: IMSI, kind, started_at: new Date(Date.now() - 3_600_000).toISOString(), quantity, mcc_mnc: '45400' });

describe.each(TEST_DIALECTS)('simledger hardening from the command line (%s)', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'simledger-hardening-'));
  const databases: TestDatabase[] = [];
  const fresh = async () => {
    const d = await createTestDatabase(dialect);
    databases.push(d);
    return d.url;
  };
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  /** One HKD line whose SMS costs 2^63 - 1 each, with a wallet 10 short of the top of the range. */
  async function world(): Promise<string> {
    const url = await fresh();
    const provisioning = file(
      `world-${databases.length}.json`,
      JSON.stringify({
        tariffs: [{ id: 't1', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 100, smsOutMinor: MAX.toString() } } }],
        accounts: [{ id: 'a1', name: 'Chan Tai Man', language: 'zh-Hant', timeZone: 'Asia/Hong_Kong', currency: 'HKD' }],
        esims: [{ iccid: ICCID, imsi: IMSI, accountId: 'a1', tariffId: 't1' }],
        topups: [{ id: 'u1', accountId: 'a1', amountMinor: (MAX - 10n).toString(), at: '2025-01-01T00:00:00Z' }],
      }),
    );
    expect(cli(['provision', provisioning, '--db', url])).toMatchObject({ status: 0, stderr: '' });
    return url;
  }

  beforeAll(() => {
    expect(existsSync(join(import.meta.dirname, '..', 'dist', 'src', 'cli', 'main.js')), 'run `npm run build` first').toBe(true);
  });
  afterAll(async () => {
    for (const d of databases) await d.drop();
  });

  it('4: a top-up or a rated charge past 2^63 - 1 is refused (amount_out_of_range), nothing applied; check and export stay good', { timeout: 300_000 }, async () => {
    const url = await world();
    const more = file('more.json', JSON.stringify({ topups: [{ id: 'u2', accountId: 'a1', amountMinor: 11, at: '2025-01-02T00:00:00Z' }] }));
    const refused = cli(['provision', more, '--db', url]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('topups[0] (id u2) topups[0].amountMinor: amountMinor 11 added to a balance of 9223372036854775797 would leave the range');
    expect(refused.stderr).toContain('(amount_out_of_range)');
    expect(await count(url, 'topups')).toBe(1);

    const usage = file('charges.ndjson', [usageLine('sms-huge', 'sms', 2), usageLine('data-ok', 'data', 1_048_576)].join('\n') + '\n');
    const imported = cli(['import', usage, '--db', url, '--json']);
    expect(imported.stderr).toBe('');
    expect(lastJson(imported.stdout)).toMatchObject({ read: 2, rated: 1, rejected: 1, rejectedByReason: { amount_out_of_range: 1 } });
    expect(readFileSync(`${usage}.rejects.csv`, 'utf8')).toMatch(/amount_out_of_range,the charge for 2 sms units at tariff t1's rate for HK is above 9223372036854775807/);

    expect(lastJson(cli(['check', '--db', url]).stdout)).toEqual({ ok: true, violations: [] });
    const exported = cli(['export', 'balances', '--db', url]);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain(`"balanceMinor":${MAX - 110n}`);
  });

  it('6: an event id with a lone surrogate is rejected invalid_event_id on every import; the rest of the file is rated once', { timeout: 300_000 }, async () => {
    const url = await world();
    // JSON's \ud800 escape: the id holds a lone surrogate once parsed.
    const usage = file('surrogate.ndjson', [usageLine('ls-\ud800', 'data', 1_048_576), usageLine('ls-ok', 'data', 2_097_152)].join('\n') + '\n');
    expect(readFileSync(usage, 'utf8')).toContain('"ls-\\ud800"');
    const first = cli(['import', usage, '--db', url, '--json']);
    expect(first.stderr).toBe('');
    expect(lastJson(first.stdout)).toMatchObject({ read: 2, rated: 1, duplicates: 0, rejected: 1, rejectedByReason: { invalid_event_id: 1 } });
    const again = cli(['import', usage, '--db', url, '--json']);
    expect(again.status).toBe(0);
    expect(lastJson(again.stdout)).toMatchObject({ read: 2, rated: 0, duplicates: 1, rejected: 1, rejectedByReason: { invalid_event_id: 1 } });
    expect(readFileSync(`${usage}.rejects.csv`, 'utf8')).toContain('invalid_event_id,"event_id ""ls-\\ud800"" is not well-formed Unicode (a lone UTF-16 surrogate)"');
    expect(await count(url, 'usage_records')).toBe(1);
    expect(lastJson(cli(['check', '--db', url]).stdout)).toEqual({ ok: true, violations: [] });
  });

  it('10: a file that is not usage stops the import with what was expected, exit 2, before the database is opened', { timeout: 300_000 }, async () => {
    const url = dialect === 'sqlite' ? `sqlite:${join(dir, 'never-created.db')}` : await fresh();
    const random = Buffer.alloc(4096);
    for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) % 251; // NUL bytes among others
    const cases: [string, string | Buffer, RegExp][] = [
      ['random.csv', random, /random\.csv: not a usage file \(csv\): byte \d+ is NUL: a binary file, or UTF-16 without a byte order mark/],
      [
        'utf16.csv',
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('event_id,imsi,kind,started_at,quantity,mcc_mnc\n', 'utf16le')]),
        /it is UTF-16 \(little-endian\) text \(byte order mark\); usage files are UTF-8/,
      ],
      ['latin1.csv', Buffer.from('event_id,imsi,kind,started_at,quantity,mcc_mnc\ne\xe9,1,data,x,1,45400\n', 'latin1'), /its first bytes are not valid UTF-8/],
      [
        'other.csv',
        'order_id,customer,total\n1,Chan,100\n',
        /line 1 is not a usage header: it lacks event_id, imsi or iccid, kind, started_at, quantity, mcc_mnc \(it reads "order_id,customer,total"\); expected a CSV header naming/,
      ],
      ['other.ndjson', '{"order_id":1,"total":100}\n', /the first record has none of the usage fields \(it has order_id, total\); expected one JSON object per line with event_id/],
    ];
    for (const [name, content, why] of cases) {
      const r = cli(['import', file(name, content), '--db', url]);
      expect(r.status, name).toBe(2);
      expect(r.stderr, name).toMatch(why);
      expect(r.stderr, name).toMatch(/; nothing imported\n$/);
      expect(existsSync(join(dir, `${name}.rejects.csv`)), name).toBe(false);
    }
    expect(await tablesOf(url)).toBe(0);
  });

  it('9: demo honours --db (before or after demo) and SIMLEDGER_DB, replaces only a database it made, and leaves any other alone', { timeout: 600_000 }, async () => {
    const demoUrl = dialect === 'sqlite' ? `sqlite:${join(dir, 'my-demo.db')}` : await fresh();
    const loaded = cli(['demo', '--no-serve', '--db', demoUrl]);
    expect(loaded.stderr).toBe('');
    expect(loaded.stdout).toContain(`simledger demo in ${demoUrl}: 17 accounts`);
    const records = await count(demoUrl, 'usage_records');
    expect(records).toBeGreaterThan(1_000);
    // A second run replaces what the first made, whichever way the database is named.
    const reloaded = cli(['demo', '--no-serve'], { env: { SIMLEDGER_DB: demoUrl } });
    expect(reloaded.stderr).toBe('');
    expect(await count(demoUrl, 'accounts')).toBe(17);
    // The demo's usage runs up to the clock, so a run a minute later may hold a record more; a demo
    // loaded on top of the first would hold about twice as many.
    const again = await count(demoUrl, 'usage_records');
    expect(Math.abs(again - records)).toBeLessThan(records / 100);

    const mine = await world();
    const before = dialect === 'sqlite' ? statSync(parseDatabaseUrl(mine).target).mtimeMs : 0;
    for (const args of [
      ['--db', mine, 'demo', '--no-serve'],
      ['demo', '--no-serve', '--db', mine],
    ]) {
      const refused = cli(args);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(`simledger: demo: ${mine} is not a demo database (it holds data (accounts) and was not made by simledger demo); it is left as it is.`);
    }
    expect(cli(['demo', '--no-serve'], { env: { SIMLEDGER_DB: mine } }).status).toBe(2);
    expect(await count(mine, 'accounts')).toBe(1);
    expect(await count(mine, 'topups')).toBe(1);
    if (dialect === 'sqlite') {
      expect(statSync(parseDatabaseUrl(mine).target).mtimeMs).toBe(before);
      const notes = file('notes.db', 'my notes, not a database\n');
      const r = cli(['demo', '--no-serve', '--db', `sqlite:${notes}`]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('is not a SQLite database (file is not a database); it is left as it is.');
      expect(readFileSync(notes, 'utf8')).toBe('my notes, not a database\n');
    }
  });

  if (dialect === 'sqlite')
    it('9: with neither --db nor SIMLEDGER_DB, demo loads ./simledger-demo.db (what npm start runs)', { timeout: 300_000 }, () => {
      const cwd = mkdtempSync(join(tmpdir(), 'simledger-npm-start-'));
      const r = cli(['demo', '--no-serve'], { cwd });
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('simledger demo in sqlite:./simledger-demo.db: 17 accounts');
      expect(existsSync(join(cwd, 'simledger-demo.db'))).toBe(true);
    });
});
