import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/channels/http/app.js';
import type { AppDeps } from '../src/channels/http/env.js';
import { kannelRoute, kannelRoutes } from '../src/channels/sms/kannel-route.js';
import { loadServerConfig } from '../src/config/server-config.js';
import { LogSmsSender } from '../src/channels/sms-log-sender.js';
import { splitSms } from '../src/channels/sms/segments.js';
import { buildDemoProvisioning } from '../src/demo/demo-data.js';
import { provision } from '../src/services/provision.js';
import { isAlertsOptedOut } from '../src/services/sms-keywords/sms-preferences.js';
import { createVouchers } from '../src/services/vouchers.js';
import { openTestStore, TEST_DIALECTS } from '../src/testing/test-stores.js';
import type { Store } from '../src/store/open-store.js';

const NOW = Date.parse('2026-03-10T03:00:00Z');
const SECRET = 's3cret-kannel';
const GATEWAY = { incoming: { socket: { remoteAddress: '127.0.0.1' } } };
const CHAN = '+85291234567'; // zh-Hant, HKD
const WILSON = '+85261234567'; // en, HKD
const YAMADA = '+819012345678'; // ja
const PETROV = '+79161234567'; // ru
const BALUSHI = '+96891234567'; // ar

describe.each(TEST_DIALECTS)('SMS keywords through the Kannel callback (%s)', (dialect) => {
  let store: Store;
  let app: App;
  let pins: string[];

  const sms = async (from: string, text: string, env: object = GATEWAY, secret = SECRET) => {
    const query = new URLSearchParams({ from, to: '1234', text, secret });
    const res = await app.request(`/channels/sms/kannel?${query}`, {}, env);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
  };

  beforeAll(async () => {
    store = await openTestStore(dialect);
    const result = await provision(store, buildDemoProvisioning(NOW), NOW);
    expect(result.ok).toBe(true);
    pins = (await createVouchers(store, { count: 2, valueMinor: 10_000n, currency: 'HKD', expiresAt: NOW + 86_400_000, batch: 'SMS' }, NOW)).map((v) => v.pin);
    const log = pino({ level: 'silent' });
    const deps: AppDeps = {
      store,
      log,
      sms: new LogSmsSender(log),
      now: () => NOW,
      config: { publicUrl: 'http://127.0.0.1:8080', retentionMonths: 12, importBatchSize: 5_000 },
    };
    app = createApp(deps, [kannelRoute({ secret: SECRET, allow: ['127.0.0.1', '::1'] })]);
  });
  afterAll(async () => {
    await store.close();
  });

  it('answers BALANCE in the line language, as text/plain UTF-8, in one segment', async () => {
    const en = await sms(WILSON, 'BALANCE');
    expect(en.status).toBe(200);
    expect(en.type).toMatch(/^text\/plain; charset=utf-8/i);
    expect(en.body).toMatch(/^Balance HK\$[\d,]+\.\d\d\. /);
    expect(splitSms(en.body).parts).toHaveLength(1);
    expect(splitSms(en.body).encoding).toBe('gsm7');
    const zh = await sms(CHAN, '余额');
    expect(zh.body).toMatch(/^餘額HK\$[\d,]+\.\d\d。/);
    expect(splitSms(zh.body).parts).toHaveLength(1);
    expect((await sms(YAMADA, 'ｂａｌ')).body).toMatch(/^残高￥[\d,]+。/);
    expect((await sms(PETROV, 'баланс')).body).toMatch(/^Баланс [\d\s,]+₽\./);
    expect((await sms(BALUSHI, 'رصيد')).body).toMatch(/^رصيد .*ر\.ع\./);
    expect((await sms('85261234567', 'Bal.')).body).toMatch(/^Balance HK\$/);
  });

  it('answers BALANCE in one segment for every demo line with a number', async () => {
    for (const msisdn of [CHAN, WILSON, '+85251234567', YAMADA, '+821012345678', PETROV, BALUSHI, '+96899123456']) {
      const reply = await sms(msisdn, 'BAL');
      expect(splitSms(reply.body).parts, reply.body).toHaveLength(1);
    }
  });

  it('gives an unknown sender short help and no data', async () => {
    const reply = await sms('+85290000001', 'BALANCE');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('no simledger eSIM');
    expect(reply.body).not.toMatch(/\d/);
    expect((await sms('+85290000001', '餘額')).body).toContain('未連結');
    expect((await sms('garbage', 'BAL')).body).toContain('no simledger eSIM');
  });

  it('tops up by voucher PIN (full-width digits accepted), once', async () => {
    const pin = pins[0]!;
    const fullWidth = [...pin].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
    const done = await sms(WILSON, `TOPUP ${fullWidth}`);
    expect(done.body).toMatch(/^Topped up HK\$100\.00\. Balance HK\$/);
    // Sent again by the same line: told it was used, with what it credited then; nothing credited now.
    const again = await sms(WILSON, `top up ${pin}`);
    expect(again.body).toMatch(/^You already used this voucher: HK\$100\.00 added on \d\d\/\d\d\. Balance HK\$/);
    expect(again.body.split('Balance ')[1]).toBe(done.body.split('Balance ')[1]);
    // Used by another line's account, or no voucher at all: the same answer.
    const unknown = (await sms(CHAN, '儲值0000000000000000')).body;
    expect((await sms(CHAN, `儲值${pin}`)).body).toBe(unknown);
    expect(unknown).not.toMatch(/使用/);
    expect((await sms(WILSON, 'TOPUP 0000000000000000')).body).toBe('Invalid voucher PIN.');
    expect((await sms(WILSON, 'TOPUP')).body).toMatch(/^Send TOPUP/);
  });

  it('answers USAGE, PLANS and HELP', async () => {
    expect((await sms(WILSON, 'usage')).body).toMatch(/^Usage Mar 2026: data [\d.]+ (GB|MB|KB|B), calls \d+ min, SMS \d+\. Charged HK\$/);
    expect((await sms(CHAN, '用量')).body).toMatch(/^2026年3月用量：數據/);
    const plans = await sms(WILSON, 'PLANS');
    expect(plans.body).toMatch(/^Plans: .*HK\$.*Buy in the app\.$/);
    expect((await sms(WILSON, 'what?')).body).toMatch(/^Send BAL for balance/);
    expect((await sms(PETROV, 'ПОМОЩЬ')).body).toMatch(/^Команды/);
  });

  it('switches the reply language with LANG and keeps it', async () => {
    expect((await sms(YAMADA, 'LANG en')).body).toBe('Replies will now be in English.');
    expect((await sms(YAMADA, '残高')).body).toMatch(/^Balance ¥/);
    expect((await sms(YAMADA, '言語 日本語')).body).toBe('日本語で返信します。');
    expect((await sms(YAMADA, 'LANG xx')).body).toMatch(/^「言語」/);
  });

  it('stores STOP / START (alerts opt-out)', async () => {
    expect((await sms(PETROV, 'СТОП')).body).toMatch(/^Уведомления отключены/);
    expect(await isAlertsOptedOut(store, PETROV)).toBe(true);
    expect((await sms(PETROV, 'start')).body).toMatch(/^Уведомления включены/);
    expect(await isAlertsOptedOut(store, PETROV)).toBe(false);
  });

  it('refuses other addresses and a wrong secret', async () => {
    expect((await sms(WILSON, 'BAL', { incoming: { socket: { remoteAddress: '10.1.2.3' } } })).status).toBe(403);
    expect((await sms(WILSON, 'BAL', {})).status).toBe(403);
    expect((await sms(WILSON, 'BAL', GATEWAY, 'wrong')).status).toBe(403);
    expect((await sms(WILSON, 'BAL', { incoming: { socket: { remoteAddress: '::ffff:127.0.0.1' } } })).status).toBe(200);
  });
});

describe('Kannel callback configuration', () => {
  const deps = (config: object) => ({ log: pino({ level: 'silent' }), now: () => NOW, config: { publicUrl: 'http://127.0.0.1:8080', ...config } }) as unknown as AppDeps;
  const call = (app: App, remoteAddress: string | undefined) =>
    app.request('/channels/sms/kannel?from=%2B85261234567&secret=x', {}, remoteAddress === undefined ? {} : { incoming: { socket: { remoteAddress } } });

  it('is not mounted without a secret', async () => {
    const app = createApp(deps({}), [kannelRoutes]);
    const res = await app.request('/channels/sms/kannel?from=1&text=BAL&secret=', {}, GATEWAY);
    expect(res.status).toBe(404);
  });

  it('reads the secret and the allow list from the server config: loopback by default, IPv4 and IPv6 blocks, bad entries named', () => {
    const env = { SIMLEDGER_LOG_LEVEL: 'silent', SIMLEDGER_KANNEL_SECRET: 'x' };
    expect(loadServerConfig({}, env)).toMatchObject({ kannelSecret: 'x', kannelAllow: ['127.0.0.0/8', '::1'] });
    expect(loadServerConfig({}, { SIMLEDGER_KANNEL_ALLOW: ' 10.0.0.0/16, fd00::/8 ,2001:db8::7' }).kannelAllow).toEqual(['10.0.0.0/16', 'fd00::/8', '2001:db8::7']);
    expect(() => loadServerConfig({}, { SIMLEDGER_KANNEL_ALLOW: 'kannel.local' })).toThrow(/SIMLEDGER_KANNEL_ALLOW: "kannel.local" is not an IP address or CIDR block/);
    expect(() => loadServerConfig({}, { SIMLEDGER_KANNEL_ALLOW: 'fd00::/129' })).toThrow(/SIMLEDGER_KANNEL_ALLOW: "fd00::\/129"/);
    expect(loadServerConfig({}, { SIMLEDGER_CHROMIUM: '/opt/chromium/chrome' }).chromiumPath).toBe('/opt/chromium/chrome');
    expect(loadServerConfig({}, {}).chromiumPath).toBe('/usr/bin/chromium');
  });

  it('hears only the allowed addresses, IPv4 and IPv6, whatever the socket family', async () => {
    // Address and secret are checked before the text: an allowed caller without a text gets 400, a refused one 403.
    const app = createApp(deps({ kannelSecret: 'x', kannelAllow: ['10.0.0.0/16', 'fd00::/8', '2001:db8::7'] }), [kannelRoutes]);
    const statusOf = async (address: string | undefined) => (await call(app, address)).status;
    expect(await statusOf('10.0.5.7')).toBe(400);
    expect(await statusOf('::ffff:10.0.5.7')).toBe(400);
    expect(await statusOf('fd12:3456::1')).toBe(400);
    expect(await statusOf('2001:db8::7')).toBe(400);
    expect(await statusOf('2001:DB8:0:0:0:0:0:7')).toBe(400);
    expect(await statusOf('10.1.5.7')).toBe(403);
    expect(await statusOf('2001:db8::8')).toBe(403);
    expect(await statusOf('::1')).toBe(403);
    expect(await statusOf(undefined)).toBe(403);
  });

  it('defaults to loopback, IPv4 and IPv6', async () => {
    const app = createApp(deps({ kannelSecret: 'x' }), [kannelRoutes]);
    expect((await call(app, '127.0.0.1')).status).toBe(400);
    expect((await call(app, '::1')).status).toBe(400);
    expect((await call(app, '192.0.2.1')).status).toBe(403);
  });
});
