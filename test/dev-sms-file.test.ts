/**
 * With no SMS gateway, the server writes each SMS to the file it names at start and never puts a
 * code in its log: a developer signs in with the code read from that file.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { redactSmsText } from '../src/channels/sms-log-sender.js';
import { loadServerConfig } from '../src/config/server-config.js';
import { startServer, type Running } from '../src/main.js';
import { PEOPLE, TANAKA } from '../src/testing/auth-test-kit.js';
import { provision } from '../src/services/provision.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../src/testing/test-stores.js';

describe('the development SMS sender', () => {
  it('masks every run of 4 or more digits in what it logs', () => {
    expect(redactSmsText('Your simledger code is 482913. Valid 10 minutes.')).toBe('Your simledger code is ******. Valid 10 minutes.');
    expect(redactSmsText('認証コード：004211（10分間有効）')).toBe('認証コード：******（10分間有効）');
    expect(redactSmsText('Balance HK$12.50')).toBe('Balance HK$12.50');
  });

  it('needs no file when a gateway is configured, and defaults to one in the temp folder', () => {
    expect(loadServerConfig({}, {}).sms?.devSmsFile).toBe(join(tmpdir(), 'simledger-sms.ndjson'));
    expect(loadServerConfig({}, { SIMLEDGER_DEV_SMS_FILE: '/var/tmp/codes.ndjson' }).sms?.devSmsFile).toBe('/var/tmp/codes.ndjson');
    expect(loadServerConfig({ smpp: 'smpp://id:pw@127.0.0.1:2775' }, {}).sms?.devSmsFile).toBeUndefined();
    expect(() => loadServerConfig({ smpp: 'smpp://id:secret-pw@host/x/y' }, {})).toThrow(/smpp:\/\/id:\*\*\*@host/);
  });
});

describe.each(TEST_DIALECTS)('codes through a real server with no SMS gateway (%s)', (dialect) => {
  let database: TestDatabase;
  let running: Running;
  let dir: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    dir = mkdtempSync(join(tmpdir(), 'simledger-sms-'));
    const config = loadServerConfig({ db: database.url, host: '127.0.0.1', port: '0' }, { SIMLEDGER_LOG_LEVEL: 'debug', SIMLEDGER_DEV_SMS_FILE: join(dir, 'sms.ndjson') });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    running = await startServer(config, pino({ level: 'trace' }, sink));
    expect(await provision(running.deps.store, PEOPLE, Date.now())).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    await running?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the file at start, writes the code there (owner-only), and signs in with it; the log holds no code', async () => {
    const file = join(dir, 'sms.ndjson');
    expect(logLines.some((l) => l.includes('no SMS gateway') && l.includes(file))).toBe(true);
    const post = (path: string, body: unknown) =>
      fetch(`${running.server.url}/api/v1/auth${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('/otp/request', { phone: TANAKA.phone })).status).toBe(202);
    const sms = await vi.waitFor(() => {
      const [line] = readFileSync(file, 'utf8').trim().split('\n');
      return JSON.parse(line!) as { to: string; purpose: string; text: string };
    });
    expect(sms).toMatchObject({ to: TANAKA.phone, purpose: 'otp' });
    expect(statSync(file).mode & 0o077).toBe(0);
    const code = /\d{6}/.exec(sms.text)![0];
    const signedIn = await post('/otp/verify', { phone: TANAKA.phone, code });
    expect(signedIn.status).toBe(200);
    const kept = logLines.map((l) => JSON.parse(l) as { msg: string; sms?: { text: string } }).filter((l) => l.msg === 'sms kept (no gateway)');
    expect(kept.map((l) => l.sms!.text)).toEqual([sms.text.replace(code, '******')]);
    const log = logLines.join('');
    expect(log).not.toContain(sms.text);
    expect(log).not.toMatch(new RegExp(`[^\\d]${code}[^\\d]`));
  });
});
