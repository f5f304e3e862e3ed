// `simledger alerts list` and `simledger alerts deliver` as an operator runs them: alerts committed
// by `simledger import` (no worker running) go out in one `deliver`, and `list` shows each channel's state.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import { alertAccount, alertEvents, populateAlertWorld, setRules } from '../src/testing/alert-world.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../src/testing/test-stores.js';

const CLI = join(import.meta.dirname, '..', 'bin', 'simledger.js');

describe.each(TEST_DIALECTS)('simledger alerts (%s)', (dialect) => {
  let database: TestDatabase;
  let smsFile: string;
  let raised = 0;
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, '--db', database.url, 'alerts', ...args], {
      encoding: 'utf8',
      env: { ...process.env, SIMLEDGER_DEV_SMS_FILE: smsFile, SIMLEDGER_LOG_LEVEL: 'silent' },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const listed = (args: string[]) =>
    cli(['list', '--json', ...args])
      .stdout.split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: string; deliveries: { channel: string; state: string; attempts: number }[] });

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    smsFile = join(mkdtempSync(join(tmpdir(), 'simledger-alerts-cli-')), 'sms.ndjson');
    const store = await openStore(database.url);
    await populateAlertWorld(store, 12);
    // No quiet hours anywhere: what `deliver` sends must not depend on the hour it runs at.
    for (let i = 0; i < 12; i++) if (i % 3 !== 0) await setRules(store, alertAccount(i), [80, 100], null);
    await store.close();
    // Imported by the command (on SQLite its writer thread commits the alert rows with the batch).
    const csv = join(smsFile, '..', 'usage.csv');
    const columns = ['event_id', 'imsi', 'kind', 'direction', 'started_at', 'quantity', 'mcc_mnc'] as const;
    writeFileSync(csv, [columns.join(','), ...alertEvents(400, 12).map((e) => columns.map((c) => e[c] ?? '').join(','))].join('\n') + '\n');
    const imported = spawnSync(process.execPath, [CLI, '--db', database.url, 'import', csv, '--source', 'cli', '--json'], { encoding: 'utf8', env: { ...process.env, SIMLEDGER_IMPORT_BATCH: '100' } });
    expect(JSON.parse(imported.stdout.trim().split('\n').pop()!)).toMatchObject({ rated: 400 });
    const reopened = await openStore(database.url);
    raised = Number(
      (
        await reopened.db
          .selectFrom('alert_outbox')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    await reopened.close();
  }, 60_000);
  afterAll(async () => database.drop());

  it('lists the alerts committed by rating, none delivered yet', () => {
    expect(raised).toBeGreaterThan(10);
    expect(listed(['--limit', '1000'])).toHaveLength(raised);
    expect(listed(['--state', 'pending'])).toEqual([]);
    const text = cli(['list', '--account', 'al-0']);
    expect(text.status).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe('id\taccount\trule\tlevel\tsubject\tcreated\tdeliver_after\tdeliveries (channel:state/attempts)');
  });

  it('delivers them in one run, then lists each channel as sent', () => {
    const run = cli(['deliver']);
    expect(run.status, run.stderr).toBe(0);
    const round = JSON.parse(run.stdout) as { fannedOut: number; sent: number; failed: number };
    expect(round.fannedOut).toBe(raised);
    expect(round.failed).toBe(0);
    const sms = readFileSync(smsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { purpose: string });
    expect(sms.filter((m) => m.purpose === 'alert')).toHaveLength(round.sent);
    const sent = listed(['--state', 'sent', '--limit', '1000']);
    expect(sent).toHaveLength(raised); // every alert reaches the inbox at least
    expect(
      sent
        .flatMap((a) => a.deliveries)
        .filter((d) => d.channel === 'sms')
        .every((d) => d.state === 'sent' && d.attempts === 1),
    ).toBe(true);
    expect(JSON.parse(cli(['deliver']).stdout)).toEqual({ fannedOut: 0, sent: 0, retried: 0, failed: 0 });
  });

  it('refuses a state or limit it does not know, naming it', () => {
    const bad = cli(['list', '--state', 'lost']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--state must be one of pending, sent, failed, got "lost"');
    expect(cli(['list', '--limit', '0']).stderr).toContain('--limit must be a whole number from 1 to 10000');
  });
});
