import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/config/server-config.js';
import { createApp, type App } from '../src/channels/http/app.js';
import { ussdRoutesWith, USSD_IDLE_MS } from '../src/channels/ussd/ussd-routes.js';
import {
  askPinScreen,
  askVoucherScreen,
  balanceScreen,
  byeScreen,
  dataScreen,
  failedScreen,
  languageSavedScreen,
  languageScreen,
  menuScreen,
  pinScreen,
  recordsScreen,
  replyBody,
  topUpScreen,
  unknownNumberScreen,
  USSD_SCREEN_MAX,
  type Screen,
} from '../src/channels/ussd/ussd-screens.js';
import { USSD_LANGUAGES } from '../src/channels/ussd/ussd-texts.js';
import { makeIccid } from '../src/domain/identifiers.js';
import { startServer } from '../src/main.js';
import { provision } from '../src/services/provision.js';
import { getLineBalance, type BucketView } from '../src/services/query-balances.js';
import type { UsageRecordView } from '../src/services/query-usage.js';
import { rateUsageBatch } from '../src/services/rate-usage-batch.js';
import { usageWindow } from '../src/services/usage-window.js';
import { createVouchers } from '../src/services/vouchers.js';
import { usageRow } from '../src/testing/scenario.js';
import { createTestApp, type TestApp } from '../src/testing/test-app.js';
import { createTestDatabase, TEST_DIALECTS } from '../src/testing/test-stores.js';

const NOW = Date.UTC(2026, 10, 20, 4, 0, 0);
const GIB = 1_073_741_824;
const L1 = makeIccid('898520000000000001');
const L2 = makeIccid('898520000000000002');
const PHONE = '+85291234567';

const WORLD = {
  tariffs: [{ id: 't-hkd', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10, voiceOutPerMinMinor: 100, smsOutMinor: 50 } } }],
  plans: [{ id: 'hk-5gb', name: { en: 'Hong Kong 5 GB' }, currency: 'HKD', priceMinor: 9800, validityDays: 7, validityStarts: 'purchase', coverage: ['HK'], allowances: { dataBytes: 5 * GIB } }],
  accounts: [{ id: 'acc-chan', name: 'Chan Tai Man', loginPhone: '+85291230000', language: 'en', timeZone: 'Asia/Hong_Kong', currency: 'HKD' }],
  esims: [
    { iccid: L1, imsi: '454000000000001', msisdn: PHONE, accountId: 'acc-chan', tariffId: 't-hkd' },
    { iccid: L2, imsi: '454000000000002', accountId: 'acc-chan', tariffId: 't-hkd' },
  ],
  topups: [{ id: 'opening', accountId: 'acc-chan', amountMinor: 12350, at: '2026-11-01T00:00:00Z' }],
  purchases: [{ id: 'buy-1', iccid: L1, planId: 'hk-5gb', at: '2026-11-19T00:00:00Z', paidFrom: 'external' }],
};
const EVENTS = [
  { eventId: 'd1', iccid: L1, startedAt: '2026-11-19T02:00:00Z', quantity: GIB / 2, mccMnc: '45400' },
  { eventId: 'v1', iccid: L1, startedAt: '2026-11-19T03:00:00Z', quantity: 125, kind: 'voice', mccMnc: '45400' },
  { eventId: 's1', iccid: L1, startedAt: '2026-11-19T04:00:00Z', quantity: 1, kind: 'sms', mccMnc: '45400' },
];

async function seed(t: { deps: { store: TestApp['deps']['store'] } }, now: number) {
  const store = t.deps.store;
  expect(await provision(store, WORLD, now)).toMatchObject({ ok: true });
  const rated = await rateUsageBatch(
    store,
    'test',
    EVENTS.map((e, ref) => ({ raw: usageRow(e), ref })),
    now,
    usageWindow(now, 12),
  );
  expect(rated.map((r) => r.status)).toEqual(['rated', 'rated', 'rated']);
}

function form(fields: Record<string, string>): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() };
}

const ussdForm = (sessionId: string, text: string, phoneNumber = PHONE) => form({ sessionId, serviceCode: '*100#', phoneNumber, networkCode: '45400', text });

describe.each(TEST_DIALECTS)('USSD *100# on %s', (dialect) => {
  let t: TestApp;
  let app: App;
  let address: string | undefined = '127.0.0.1';
  let pins: string[] = [];

  async function ussd(sessionId: string, text: string, phoneNumber = PHONE) {
    const res = await app.request('/channels/ussd', ussdForm(sessionId, text, phoneNumber));
    return { status: res.status, body: await res.text() };
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, NOW);
    await seed(t, NOW);
    pins = (await createVouchers(t.deps.store, { count: 2, valueMinor: 10_000n, currency: 'HKD', expiresAt: NOW + 86_400_000, batch: 'u' }, NOW)).map((v) => v.pin);
    app = createApp(t.deps, [ussdRoutesWith({ clientAddress: () => address })]);
  });
  afterAll(async () => {
    await t.close();
  });

  it("opens with the main menu (CON) in the line's language", async () => {
    const r = await ussd('s-open', '');
    expect(r.status).toBe(200);
    expect(r.body).toBe('CON simledger *100#\n1 Balance\n2 Data left\n3 Last 5 records\n4 Top up (voucher)\n5 Language\n6 Hotline PIN\n0 Exit');
  });

  it('1 shows the wallet balance and ends', async () => {
    await ussd('s-bal', '');
    expect((await ussd('s-bal', '1')).body).toBe('END Balance: HK$120.00\nAs of 11/20, 12:00\nCounted to 11/19, 12:00 GMT+8.');
  });

  it('2 shows the data left per bucket of the line', async () => {
    await ussd('s-data', '');
    expect((await ussd('s-data', '2')).body).toBe('END Data left:\n4.5 GB to 11/26\nCounted to 11/19, 12:00 GMT+8.');
  });

  it('3 shows the last records, newest first, with what the wallet paid', async () => {
    await ussd('s-rec', '');
    const body = (await ussd('s-rec', '3')).body;
    expect(body).toBe('END Last records:\n11/19 SMS 1 HK$0.50\n11/19 Call 2:05 HK$3.00\n11/19 Data 512 MB');
  });

  it('4 asks the voucher PIN, then credits the wallet and ends', async () => {
    expect((await ussd('s-top', '')).body).toMatch(/^CON /);
    expect((await ussd('s-top', '4')).body).toBe('CON Enter the 16-digit voucher PIN:');
    expect((await ussd('s-top', `4*${pins[0]}`)).body).toBe('END Top-up done: HK$100.00 added.');
    const line = await getLineBalance(t.deps.store, L1, NOW);
    expect(line.ok && line.wallet.balanceMinor).toBe(22_000n);
  });

  it("4 with a wrong PIN ends with one answer and credits nothing; the line's own used PIN answers its top-up again", async () => {
    await ussd('s-bad', '');
    await ussd('s-bad', '4');
    expect((await ussd('s-bad', '4*1111222233334444')).body).toBe('END Invalid voucher PIN.');
    await ussd('s-used', '');
    await ussd('s-used', '4');
    expect((await ussd('s-used', `4*${pins[0]}`)).body).toBe('END Top-up done: HK$100.00 added.');
    const line = await getLineBalance(t.deps.store, L1, NOW);
    expect(line.ok && line.wallet.balanceMinor).toBe(22_000n);
  });

  it('5 lists seven languages and saves the choice; the next session speaks it', async () => {
    await ussd('s-lang', '');
    expect((await ussd('s-lang', '5')).body).toBe('CON Choose language:\n1 简体中文\n2 繁體中文\n3 English\n4 日本語\n5 한국어\n6 Русский\n7 العربية\n0 Back');
    expect((await ussd('s-lang', '5*9')).body).toMatch(/^CON Invalid choice\.\nChoose language:/);
    expect((await ussd('s-lang', '5*9*4')).body).toBe('END 言語を日本語にしました。');
    expect((await ussd('s-lang2', '')).body).toMatch(/^CON simledger \*100#\n1 残高\n/);
    expect((await ussd('s-lang2', '1')).body).toBe('END 残高：HK$220.00\n11/20 12:00時点\n11/19 12:00（GMT+8）までの利用を反映。');
    await ussd('s-lang3', '');
    await ussd('s-lang3', '5');
    expect((await ussd('s-lang3', '5*3')).body).toBe('END Language set to English.');
  });

  it('5 then 0 goes back to the main menu', async () => {
    await ussd('s-back', '');
    await ussd('s-back', '5');
    expect((await ussd('s-back', '5*0')).body).toMatch(/^CON simledger \*100#\n1 Balance/);
    expect((await ussd('s-back', '5*0*0')).body).toBe('END Thank you. Goodbye.');
  });

  it('an invalid choice re-shows the menu with a short error; the next choice still works', async () => {
    await ussd('s-inv', '');
    expect((await ussd('s-inv', '9')).body).toBe('CON Invalid choice.\nsimledger *100#\n1 Balance\n2 Data left\n3 Last 5 records\n4 Top up (voucher)\n5 Language\n6 Hotline PIN\n0 Exit');
    expect((await ussd('s-inv', '9*1')).body).toMatch(/^END Balance: HK\$220\.00/);
  });

  it('0 exits', async () => {
    await ussd('s-exit', '');
    expect((await ussd('s-exit', '0')).body).toBe('END Thank you. Goodbye.');
  });

  it('6 sets the hotline PIN (refusing obvious ones)', async () => {
    await ussd('s-pin', '');
    expect((await ussd('s-pin', '6')).body).toBe('CON New hotline PIN (4-8 digits):');
    expect((await ussd('s-pin', '6*1234')).body).toBe('END PIN not saved: use 4-8 digits, not 1234 or 1111.');
    await ussd('s-pin2', '');
    await ussd('s-pin2', '6');
    expect((await ussd('s-pin2', '6*2580')).body).toBe('END Hotline PIN saved.');
    const row = await t.deps.store.db.selectFrom('ivr_pins').selectAll().where('account_id', '=', 'acc-chan').executeTakeFirstOrThrow();
    expect(row.pin_hash).toMatch(/^scrypt\$/);
  });

  it('a session idle past 180 s starts fresh at the main menu', async () => {
    await ussd('s-exp', '');
    t.clock.advance(USSD_IDLE_MS + 1_000);
    expect((await ussd('s-exp', '1')).body).toMatch(/^CON simledger \*100#\n1 Balance/);
    expect((await ussd('s-exp', '1*1')).body).toMatch(/^END Balance: /);
  });

  it('a session within 180 s keeps its place', async () => {
    await ussd('s-live', '');
    await ussd('s-live', '4');
    t.clock.advance(USSD_IDLE_MS - 1_000);
    expect((await ussd('s-live', '4*0000111122223333')).body).toBe('END Invalid voucher PIN.');
  });

  it('choices dialled with the code (*100*1#) are answered at once', async () => {
    expect((await ussd('s-short', '1')).body).toMatch(/^END Balance: HK\$220\.00/);
  });

  it("an unknown number gets END with a short help text in its country's language", async () => {
    expect((await ussd('s-unk', '', '+819099998888')).body).toBe('END この番号にsimledger eSIMはありません。ヘルプ：電話窓口または simledger.dev/help');
    expect((await ussd('s-unk2', '', '447700900123')).body).toBe('END This number has no simledger eSIM. Help: call the hotline or visit simledger.dev/help');
    expect((await ussd('s-unk3', '', 'not a number')).body).toMatch(/^END This number has no simledger eSIM/);
  });

  it('a live session id reused for another number is not continued', async () => {
    await ussd('s-steal', '');
    await ussd('s-steal', '4');
    expect((await ussd('s-steal', '4*1', '+819099998888')).body).toMatch(/^END この番号に/);
  });

  it('refuses addresses that are not a configured gateway (403), and requests without a socket', async () => {
    address = '10.0.0.5';
    expect((await ussd('s-ip', '')).status).toBe(403);
    address = undefined;
    expect((await ussd('s-ip', '')).status).toBe(403);
    address = '127.0.0.1';
    const res = await t.app.request('/channels/ussd', ussdForm('s-ip', ''));
    expect(res.status).toBe(403);
    const gatewayApp = createApp(t.deps, [ussdRoutesWith({ clientAddress: () => '::ffff:10.1.2.3', allow: ['10.0.0.0/8', '2001:db8::/32'] })]);
    expect(await (await gatewayApp.request('/channels/ussd', ussdForm('s-ip2', ''))).text()).toMatch(/^CON simledger/);
    const v6App = createApp(t.deps, [ussdRoutesWith({ clientAddress: () => '2001:db8::7', allow: ['10.0.0.0/8', '2001:db8::/32'] })]);
    expect((await v6App.request('/channels/ussd', ussdForm('s-ip3', ''))).status).toBe(200);
  });

  it('answers 400 without sessionId or phoneNumber', async () => {
    const res = await app.request('/channels/ussd', form({ text: '' }));
    expect(res.status).toBe(400);
  });
});

describe.each(TEST_DIALECTS)('USSD over a real socket on %s (loopback is the default gateway)', (dialect) => {
  it('answers a gateway on 127.0.0.1 through startServer', async () => {
    const database = await createTestDatabase(dialect);
    const running = await startServer(loadServerConfig({ db: database.url, host: '127.0.0.1', port: '0' }, { SIMLEDGER_LOG_LEVEL: 'silent' }));
    try {
      const now = Date.now();
      await seed(running, now);
      const res = await fetch(`${running.server.url}/channels/ussd`, ussdForm('socket-1', ''));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toMatch(/^CON simledger \*100#\n1 Balance/);
      const balance = await (await fetch(`${running.server.url}/channels/ussd`, ussdForm('socket-1', '1'))).text();
      expect(balance).toMatch(/^END Balance: HK\$120\.00/);
    } finally {
      await running.stop();
      await database.drop();
    }
  });
});

describe('USSD screens fit 182 characters in every language, with the largest realistic numbers', () => {
  const AT = Date.UTC(2026, 11, 31, 15, 59, 0);
  const big = (i: number): BucketView => ({
    bucketId: `b${i}`,
    purchaseId: `p${i}`,
    planId: 'x',
    kind: 'data',
    initial: 1000n * BigInt(GIB),
    remaining: 1000n * BigInt(GIB) - 1n,
    validFrom: AT - 1,
    validTo: AT + 30 * 86_400_000,
    status: i % 2 === 0 ? 'active' : 'not_started',
  });
  const record = (kind: 'data' | 'voice' | 'sms', quantity: bigint, amountMinor: bigint): UsageRecordView => ({
    id: '1',
    eventId: 'e',
    iccid: L1,
    kind,
    direction: 'out',
    startedAt: AT,
    quantity,
    mccMnc: '45006',
    country: 'KR',
    bucketUnits: 0n,
    chargedBlocks: 1n,
    amountMinor,
    debt: false,
  });
  const RECORDS = [
    record('data', 1_073_741_823n, 9_999_999n),
    record('voice', 599_999n, 9_999_999n),
    record('sms', 999n, 9_999_999n),
    record('data', 1_073_741_823n, 9_999_999n),
    record('data', 999n * BigInt(GIB), 9_999_999n),
  ];
  const WALLETS: [string, bigint][] = [
    ['KRW', -99_999_999n],
    ['JPY', 99_999_999n],
    ['OMR', -99_999_999_999n],
    ['HKD', -9_999_999_99n],
    ['RUB', 99_999_999_99n],
  ];
  const lengths: Record<string, number> = {};

  it.each(USSD_LANGUAGES)('%s', (lang) => {
    const screens: [string, Screen][] = [
      ['menu', menuScreen(lang)],
      ['menu+error', menuScreen(lang, true)],
      ['languages+error', languageScreen(lang, true)],
      ['ask voucher', askVoucherScreen(lang)],
      ['ask pin', askPinScreen(lang)],
      ['bye', byeScreen(lang)],
      ['failed', failedScreen(lang)],
      ['unknown number', unknownNumberScreen(lang)],
      ['language saved', languageSavedScreen(lang)],
      ['pin saved', pinScreen(lang, true)],
      ['pin refused', pinScreen(lang, false)],
      ['data, 6 buckets of 1000 GB', dataScreen(lang, [0, 1, 2, 3, 4, 5].map(big), 'Pacific/Kiritimati')],
      ['records, 5 with KRW 9,999,999 each', recordsScreen(lang, RECORDS, 'KRW', 'Asia/Seoul')],
      ...WALLETS.map(([currency, minor]): [string, Screen] => [`balance ${currency}`, balanceScreen(lang, { currency, balanceMinor: minor }, AT, 'Asia/Tehran')]),
      ...WALLETS.map(([currency]): [string, Screen] => [`top-up ${currency}`, topUpScreen(lang, { ok: true, amountMinor: 99_999_999n, currency })]),
      ...['invalid_voucher', 'too_many_requests'].map((code): [string, Screen] => [`top-up ${code}`, topUpScreen(lang, { ok: false, code })]),
    ];
    for (const [name, screen] of screens) {
      const body = replyBody(screen);
      // The guard in replyBody must not have cut anything: the screen fits as written.
      expect(body, `${lang} ${name}`).toBe(`${screen.end ? 'END' : 'CON'} ${screen.text}`);
      expect(body.length, `${lang} ${name}`).toBeLessThanOrEqual(USSD_SCREEN_MAX);
      lengths[name] = Math.max(lengths[name] ?? 0, body.length);
    }
    const records = recordsScreen(lang, RECORDS, 'KRW', 'Asia/Seoul').text.split('\n');
    // Arabic records are in Arabic-Indic digits (docs/display-conventions.md).
    expect(records.filter((l) => /[\d\u0660-\u0669]/.test(l)).length).toBe(5);
    const longest = Math.max(...screens.map(([, s]) => replyBody(s).length));
    console.log(`USSD ${lang}: longest screen ${longest} chars; ${screens.map(([n, s]) => `${n}=${replyBody(s).length}`).join(', ')}`);
  });
});
