/**
 * Against real Kannel: bearerbox with a `fake` SMSC, smsbox with an sms-service whose get-url is
 * this test's simledger server, and Kannel's own `fakesmsc` playing the phones. The configs are
 * written to a temp dir; every process is killed at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/channels/http/app.js';
import type { AppDeps } from '../src/channels/http/env.js';
import { listen, type RunningServer } from '../src/channels/http/serve.js';
import { kannelRoute } from '../src/channels/sms/kannel-route.js';
import { KannelSmsSender } from '../src/channels/sms/kannel-sender.js';
import { LogSmsSender } from '../src/channels/sms-log-sender.js';
import { decodeUcs2 } from '../src/channels/sms/segments.js';
import { buildDemoProvisioning } from '../src/demo/demo-data.js';
import { provision } from '../src/services/provision.js';
import { openTestStore, TEST_DIALECTS } from '../src/testing/test-stores.js';
import { deliverDueAlerts } from '../src/services/alerts/deliver-alerts.js';
import { rateUsageBatch } from '../src/services/rate-usage-batch.js';
import { usageWindow } from '../src/services/usage-window.js';
import type { Store } from '../src/store/open-store.js';

const BEARERBOX = '/usr/sbin/bearerbox';
const SMSBOX = '/usr/sbin/smsbox';
const FAKESMSC = '/usr/lib/kannel/test/fakesmsc';
const NOW = Date.parse('2026-03-10T03:00:00Z');
const SECRET = 'kannel-test-secret';
const WILSON = '+85261234567'; // en
const CHEUNG = '+85251234567'; // zh-Hans
const SERVICE = '1234';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 100);
    };
    tick();
  });
}

/** One phone message as fakesmsc prints it: "from to type text" (ucs-2 text is URL-encoded UTF-16BE). */
function decodeFakeLine(line: string): { from: string; to: string; text: string } | undefined {
  const match = /Got message \d+: <(\S+) (\S+) (text|ucs-?2|data) ?(.*)>/.exec(line);
  if (!match) return undefined;
  const [, from = '', to = '', type = '', body = ''] = match;
  if (type === 'text') return { from, to, text: body };
  const bytes: number[] = [];
  const value = body.replace(/\+/g, ' ');
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '%') {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(value.charCodeAt(i));
  }
  const octets = Buffer.from(bytes);
  return { from, to, text: type === 'data' ? octets.toString('utf8') : decodeUcs2(octets) };
}

function ucs2Url(text: string): string {
  return [...Buffer.from(text, 'utf16le').swap16()].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

describe.each(TEST_DIALECTS)('real Kannel bearerbox + smsbox + fakesmsc (%s)', (dialect) => {
  const processes: ChildProcess[] = [];
  let dir: string;
  let store: Store;
  let server: RunningServer;
  let smscPort: number;
  let sendsmsPort: number;

  const start = (command: string, args: string[], output?: string[]): ChildProcess => {
    const child = spawn(command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => output?.push(...chunk.toString('utf8').split('\n'));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    processes.push(child);
    return child;
  };

  /** Runs fakesmsc with one message until it has printed `replies` replies, then stops it. */
  const phone = async (message: string, replies: number): Promise<{ from: string; to: string; text: string }[]> => {
    const output: string[] = [];
    const child = start(FAKESMSC, ['-H', '127.0.0.1', '-r', String(smscPort), '-m', '1', message], output);
    try {
      await waitFor(() => output.filter((l) => l.includes('Got message')).length >= replies, `${replies} replies to "${message}"\n${output.join('\n')}`);
      return output.map(decodeFakeLine).filter((m) => m !== undefined);
    } finally {
      child.kill('SIGKILL');
    }
  };

  beforeAll(async () => {
    const missing = [BEARERBOX, SMSBOX, FAKESMSC].filter((p) => !existsSync(p));
    if (missing.length > 0) {
      throw new Error(`Kannel is not installed (${missing.join(', ')} missing): run scripts/install-system-deps.sh (Debian packages kannel, kannel-extras)`);
    }
    dir = mkdtempSync(join(tmpdir(), 'simledger-kannel-'));
    store = await openTestStore(dialect);
    expect((await provision(store, buildDemoProvisioning(NOW), NOW)).ok).toBe(true);
    const log = pino({ level: 'silent' });
    const deps: AppDeps = {
      store,
      log,
      sms: new LogSmsSender(log),
      now: () => NOW,
      config: { publicUrl: 'http://127.0.0.1', retentionMonths: 12, importBatchSize: 5_000 },
    };
    server = await listen(createApp(deps, [kannelRoute({ secret: SECRET, allow: ['127.0.0.1', '::1'] })]), '127.0.0.1', 0, log);
    const [adminPort, boxPort] = [await freePort(), await freePort()];
    smscPort = await freePort();
    sendsmsPort = await freePort();
    writeFileSync(
      join(dir, 'kannel.conf'),
      `
group = core
admin-port = ${adminPort}
admin-password = admin
admin-allow-ip = "127.0.0.1"
smsbox-port = ${boxPort}
box-allow-ip = "127.0.0.1"
log-file = "${join(dir, 'bearerbox.log')}"
log-level = 1

group = smsc
smsc = fake
smsc-id = fake
port = ${smscPort}
connect-allow-ip = "127.0.0.1"

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = ${boxPort}
sendsms-port = ${sendsmsPort}
global-sender = ${SERVICE}
mo-recode = true
log-file = "${join(dir, 'smsbox.log')}"
log-level = 1

group = sms-service
keyword = default
catch-all = true
get-url = "${server.url}/channels/sms/kannel?from=%p&to=%P&text=%a&coding=%c&charset=%C&secret=${SECRET}"
accept-x-kannel-headers = true
max-messages = 5
concatenation = true

group = sendsms-user
username = simledger
password = sendsms-pw
max-messages = 5
concatenation = true
`,
    );
    start(BEARERBOX, [join(dir, 'kannel.conf')]);
    await waitFor(() => false || existsSync(join(dir, 'bearerbox.log')), 'bearerbox');
    await new Promise((r) => setTimeout(r, 500));
    start(SMSBOX, [join(dir, 'kannel.conf')]);
    const smsboxUp = async () =>
      fetch(`http://127.0.0.1:${sendsmsPort}/`).then(
        () => true,
        () => false,
      );
    let up = false;
    await waitFor(() => {
      void smsboxUp().then((v) => {
        up = v;
      });
      return up;
    }, 'smsbox sendsms port');
  }, 60_000);

  afterAll(async () => {
    for (const child of processes) if (child.exitCode === null) child.kill('SIGKILL');
    await server?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('answers BALANCE (GSM-7) from a demo number at fakesmsc', async () => {
    const replies = await phone(`${WILSON} ${SERVICE} text BALANCE`, 1);
    expect(replies[0]).toMatchObject({ to: WILSON });
    expect(replies[0]!.text).toMatch(/^Balance HK\$[\d,]+\.\d\d\. Data /);
  });

  it('answers 余额 (UCS-2) in Chinese at fakesmsc', async () => {
    const replies = await phone(`${CHEUNG} ${SERVICE} ucs2 ${ucs2Url('余额')}`, 1);
    expect(replies[0]).toMatchObject({ to: CHEUNG });
    expect(replies[0]!.text).toMatch(/^余额HK\$[\d,]+\.\d\d。流量剩余/);
  });

  it('sends outgoing SMS through sendsms (KannelSmsSender)', async () => {
    const output: string[] = [];
    const child = start(FAKESMSC, ['-H', '127.0.0.1', '-r', String(smscPort), '-m', '0', `${WILSON} ${SERVICE} text nop`], output);
    try {
      await new Promise((r) => setTimeout(r, 1_000));
      const sender = new KannelSmsSender({ sendsmsUrl: `http://127.0.0.1:${sendsmsPort}/cgi-bin/sendsms`, username: 'simledger', password: 'sendsms-pw', from: SERVICE });
      await sender.send({ to: WILSON, text: 'Your simledger code is 123456', purpose: 'otp' });
      await sender.send({ to: CHEUNG, text: '您的验证码是 654321', purpose: 'otp' });
      await waitFor(() => output.filter((l) => l.includes('Got message')).length >= 2, `two messages at fakesmsc\n${output.join('\n')}`);
      const got = output.map(decodeFakeLine).filter((m) => m !== undefined);
      expect(got).toEqual(
        expect.arrayContaining([
          { from: SERVICE, to: WILSON, text: 'Your simledger code is 123456' },
          { from: SERVICE, to: CHEUNG, text: '您的验证码是 654321' },
        ]),
      );
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('delivers alerts through sendsms: a bundle used up, in English and Chinese', async () => {
    const output: string[] = [];
    const child = start(FAKESMSC, ['-H', '127.0.0.1', '-r', String(smscPort), '-m', '0', `${WILSON} ${SERVICE} text nop`], output);
    try {
      await new Promise((r) => setTimeout(r, 1_000));
      for (const msisdn of [WILSON, CHEUNG]) {
        // Use up the line's Hong Kong data: the 100 % level is urgent, so quiet hours do not hold it.
        const line = await store.db.selectFrom('esims').select(['iccid', 'imsi']).where('msisdn', '=', msisdn).executeTakeFirstOrThrow();
        const bucket = await store.db
          .selectFrom('buckets')
          .select(['id', 'remaining', 'coverage'])
          .where('iccid', '=', line.iccid)
          .where('kind', '=', 'data')
          .where('remaining', '>', 0)
          .where('valid_to', '>', NOW)
          .where('valid_from', '<=', NOW - 60_000)
          .execute();
        const hk = bucket.find((b) => (JSON.parse(b.coverage) as string[]).includes('HK'))!;
        const raw = { event_id: `alert-${msisdn}`, imsi: line.imsi, kind: 'data', started_at: new Date(NOW - 60_000).toISOString(), quantity: String(hk.remaining), mcc_mnc: '45400' };
        expect((await rateUsageBatch(store, 'kannel-alerts', [{ raw, ref: 0 }], NOW, usageWindow(NOW, 12)))[0]?.status).toBe('rated');
      }
      const sender = new KannelSmsSender({ sendsmsUrl: `http://127.0.0.1:${sendsmsPort}/cgi-bin/sendsms`, username: 'simledger', password: 'sendsms-pw', from: SERVICE });
      const round = await deliverDueAlerts(store, { sms: sender }, NOW);
      expect(round.failed).toBe(0);
      expect(round.sent).toBeGreaterThanOrEqual(2);
      await waitFor(() => output.filter((l) => l.includes('Got message')).length >= round.sent, `${round.sent} alerts at fakesmsc\n${output.join('\n')}`);
      const got = output.map(decodeFakeLine).filter((m) => m !== undefined);
      expect(
        got.find((m) => m.to === WILSON && / is used up\. Further use is charged to your balance\.$/.test(m.text)),
        JSON.stringify(got),
      ).toBeDefined();
      expect(
        got.find((m) => m.to === CHEUNG && /已用完，之后的用量将从余额扣费。$/.test(m.text)),
        JSON.stringify(got),
      ).toBeDefined();
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
