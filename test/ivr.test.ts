import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/channels/http/app.js';
import { ivrRoutesWith } from '../src/channels/ivr/ivr-routes.js';
import { isValidTwilioSignature, twilioSignature } from '../src/channels/ivr/twilio-signature.js';
import { makeIccid } from '../src/domain/identifiers.js';
import { provision } from '../src/services/provision.js';
import { rateUsageBatch } from '../src/services/rate-usage-batch.js';
import { usageWindow } from '../src/services/usage-window.js';
import { usageRow } from '../src/testing/scenario.js';
import { getLineBalance } from '../src/services/query-balances.js';
import { setIvrPin } from '../src/services/set-ivr-pin.js';
import { createVouchers } from '../src/services/vouchers.js';
import { createTestApp, type TestApp } from '../src/testing/test-app.js';
import { TEST_DIALECTS } from '../src/testing/test-stores.js';

const NOW = Date.UTC(2026, 10, 20, 4, 0, 0);
const GIB = 1_073_741_824;
const L1 = makeIccid('898520000000000011');
const PHONE = '+85291234567';
const TOKEN = 'test-twilio-auth-token';
const MIB = 1_048_576;
const AGENT = '+85230001999';

const WORLD = {
  tariffs: [{ id: 't-hkd', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10 } } }],
  plans: [{ id: 'hk-5gb', name: 'Hong Kong 5 GB', currency: 'HKD', priceMinor: 9800, validityDays: 7, validityStarts: 'purchase', coverage: ['HK'], allowances: { dataBytes: (5 * GIB) / 2 } }],
  accounts: [
    { id: 'acc-chan', name: 'Chan Tai Man', loginPhone: '+85291230000', language: 'zh-Hant', timeZone: 'Asia/Hong_Kong', currency: 'HKD' },
    { id: 'acc-lee', name: 'Lee', loginPhone: '+85291230001', language: 'en', timeZone: 'Asia/Hong_Kong', currency: 'HKD' },
  ],
  esims: [{ iccid: L1, imsi: '454000000000011', msisdn: PHONE, accountId: 'acc-chan', tariffId: 't-hkd' }],
  topups: [
    { id: 'opening', accountId: 'acc-chan', amountMinor: 12350, at: '2026-11-01T00:00:00Z' },
    { id: 'opening-lee', accountId: 'acc-lee', amountMinor: 5000, at: '2026-11-01T00:00:00Z' },
  ],
  purchases: [{ id: 'buy-1', iccid: L1, planId: 'hk-5gb', at: '2026-11-19T00:00:00Z', paidFrom: 'external' }],
};

/** A TwiML element: enough of XML for the documents the hotline writes. */
interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Node[];
  text: string;
}

const decode = (s: string) => s.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

function parseTwiml(xml: string): Node {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const root: Node = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  for (const m of xml.replace(/^<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([A-Za-z]+)((?:\s+[A-Za-z]+="[^"]*")*)\s*(\/?)>|([^<]+)/g)) {
    const top = stack[stack.length - 1]!;
    if (m[5] !== undefined) {
      top.text += decode(m[5]);
      continue;
    }
    if (m[1] === '/') {
      expect(stack.pop()!.name).toBe(m[2]);
      continue;
    }
    const attrs = Object.fromEntries([...m[3]!.matchAll(/([A-Za-z]+)="([^"]*)"/g)].map((a) => [a[1]!, decode(a[2]!)]));
    const node: Node = { name: m[2]!, attrs, children: [], text: '' };
    top.children.push(node);
    if (m[4] !== '/') stack.push(node);
  }
  expect(stack).toHaveLength(1);
  const [response] = root.children;
  expect(response?.name).toBe('Response');
  return response!;
}

const all = (n: Node, name: string): Node[] => [...(n.name === name ? [n] : []), ...n.children.flatMap((c) => all(c, name))];
const saying = (n: Node) =>
  all(n, 'Say')
    .map((s) => s.text)
    .join(' ');

describe('X-Twilio-Signature', () => {
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const documented = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212' };

  it("computes Twilio's documented example (auth token 12345) exactly", () => {
    expect(twilioSignature('12345', url, Object.entries(documented))).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
    expect(isValidTwilioSignature('12345', url, Object.entries(documented), 'GvWf1cFY/Q7PnoempGyD5oXAezc=')).toBe(true);
  });

  it("with the numbers +12349013030 the same algorithm gives another value (the brief's numbers are not the docs')", () => {
    const other = { ...documented, Caller: '+12349013030', From: '+12349013030' };
    expect(twilioSignature('12345', url, Object.entries(other))).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('refuses a changed parameter, URL, token, or a missing signature; sorts repeated names by value', () => {
    const sig = 'GvWf1cFY/Q7PnoempGyD5oXAezc=';
    expect(isValidTwilioSignature('12345', url, Object.entries({ ...documented, Digits: '9999' }), sig)).toBe(false);
    expect(isValidTwilioSignature('12345', url.replace('https', 'http'), Object.entries(documented), sig)).toBe(false);
    expect(isValidTwilioSignature('54321', url, Object.entries(documented), sig)).toBe(false);
    expect(isValidTwilioSignature('12345', url, Object.entries(documented), undefined)).toBe(false);
    expect(isValidTwilioSignature('12345', url, Object.entries(documented), sig.slice(0, -1))).toBe(false);
    expect(
      twilioSignature('k', 'u', [
        ['a', '2'],
        ['b', '1'],
        ['a', '1'],
      ]),
    ).toBe(
      twilioSignature('k', 'u', [
        ['a', '1'],
        ['a', '2'],
        ['b', '1'],
      ]),
    );
  });
});

describe.each(TEST_DIALECTS)('hotline IVR on %s', (dialect) => {
  let t: TestApp;
  let app: App;
  let withAgent: App;
  let withSipAgent: App;
  let withoutAgent: App;
  let pins: string[] = [];
  let callCount = 0;

  /** Posts as Twilio would: the signature over publicUrl + path and the form params. */
  async function post(path: string, params: Record<string, string>, signature?: string) {
    const sig = signature ?? twilioSignature(TOKEN, `${t.deps.config.publicUrl}${path}`, Object.entries(params));
    const res = await app.request(path, {
      method: 'POST',
      body: new URLSearchParams(params).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(sig === '' ? {} : { 'x-twilio-signature': sig }) },
    });
    return res;
  }

  /** One phone call: follows <Gather action> with the keyed digits, or <Redirect> when nothing is keyed. */
  function call(from: string) {
    const base = { CallSid: `CA${(callCount += 1).toString().padStart(32, '0')}`, AccountSid: 'AC0', From: from, To: '+85230001000', Direction: 'inbound' };
    let doc: Node | undefined;
    const fetchTwiml = async (path: string, extra: Record<string, string> = {}) => {
      const res = await post(path, { ...base, ...extra });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
      doc = parseTwiml(await res.text());
      return doc;
    };
    return {
      start: () => fetchTwiml('/channels/ivr/voice'),
      /** Keys digits into the current <Gather>. */
      press: (digits: string) => {
        const [g] = all(doc!, 'Gather');
        expect(g, 'a Gather to answer').toBeDefined();
        return fetchTwiml(g!.attrs['action']!, { Digits: digits });
      },
      /** Follows the <Redirect> (nothing keyed, or after a spoken answer). */
      follow: () => {
        const [r] = all(doc!, 'Redirect');
        expect(r, 'a Redirect to follow').toBeDefined();
        return fetchTwiml(r!.text.trim());
      },
    };
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, NOW);
    expect(await provision(t.deps.store, WORLD, NOW)).toMatchObject({ ok: true });
    pins = (await createVouchers(t.deps.store, { count: 2, valueMinor: 10_000n, currency: 'HKD', expiresAt: NOW + 86_400_000, batch: 'ivr' }, NOW)).map((v) => v.pin);
    expect(await setIvrPin(t.deps.store, 'acc-lee', '2580', NOW)).toEqual({ ok: true });
    withAgent = createApp(t.deps, [ivrRoutesWith({ authToken: TOKEN, agent: { kind: 'number', number: AGENT } })]);
    withSipAgent = createApp(t.deps, [ivrRoutesWith({ authToken: TOKEN, agent: { kind: 'sip', uri: 'sip:agents@pbx.example.com' } })]);
    withoutAgent = createApp(t.deps, [ivrRoutesWith({ authToken: TOKEN })]);
    app = withAgent;
  });
  afterAll(async () => {
    await t.close();
  });

  it('offers seven languages, each in its own language and voice', async () => {
    const doc = await call(PHONE).start();
    const [g] = all(doc, 'Gather');
    expect(g!.attrs).toMatchObject({ input: 'dtmf', numDigits: '1', action: '/channels/ivr/language' });
    expect(all(g!, 'Say').map((s) => [s.attrs['language'], s.text])).toEqual([
      ['en-US', 'For English, press 1.'],
      ['cmn-CN', '普通话请按2。'],
      ['yue-HK', '廣東話請按3。'],
      ['ja-JP', '日本語は4を押してください。'],
      ['ko-KR', '한국어는 5번을 누르세요.'],
      ['ru-RU', 'Для русского языка нажмите 6.'],
      ['ar-XA', 'للعربية، اضغط 7.'],
    ]);
    expect(all(doc, 'Redirect')[0]!.text).toBe('/channels/ivr/voice');
  });

  it('a caller on an eSIM line hears balance and data, then tops up by keypad', async () => {
    const c = call(PHONE);
    await c.start();
    let doc = await c.press('1');
    expect(all(doc, 'Gather')[0]!.attrs['action']).toBe('/channels/ivr/menu');
    doc = await c.press('1');
    expect(all(doc, 'Say').map((s) => s.attrs['language'])).toEqual(['en-US']);
    expect(saying(doc)).toBe('Your balance is 123.50 Hong Kong dollars.');
    await c.follow();
    doc = await c.press('2');
    expect(saying(doc)).toBe('You have 2.5 gigabytes of data left, valid until November 26, 2026.');
    await c.follow();
    doc = await c.press('3');
    expect(all(doc, 'Gather')[0]!.attrs).toMatchObject({ input: 'dtmf', numDigits: '16', finishOnKey: '#', action: '/channels/ivr/topup' });
    doc = await c.press(pins[0]!);
    expect(saying(doc)).toBe('Thank you. 100 Hong Kong dollars has been added to your balance.');
    const line = await getLineBalance(t.deps.store, L1, NOW);
    expect(line.ok && line.wallet.balanceMinor).toBe(22_350n);
    await c.follow();
    doc = await c.press('3');
    doc = await c.press('0000111122223333');
    expect(saying(doc)).toBe('Invalid voucher PIN.');
    await c.follow();
    doc = await c.press('1');
    expect(saying(doc)).toBe('Your balance is 223.50 Hong Kong dollars.');
  });

  it('speaks Cantonese with yue-HK when 3 is chosen', async () => {
    const c = call(PHONE);
    await c.start();
    await c.press('3');
    const doc = await c.press('1');
    expect(all(doc, 'Say').map((s) => [s.attrs['language'], s.text])).toEqual([['yue-HK', '你的餘額是223.50 港幣。']]);
  });

  it('asks an unknown caller for account number and PIN; a wrong PIN is refused, the right one lets in', async () => {
    const c = call('+447700900123');
    await c.start();
    let doc = await c.press('1');
    expect(all(doc, 'Gather')[0]!.attrs).toMatchObject({ action: '/channels/ivr/account', finishOnKey: '#' });
    expect(saying(doc)).toMatch(/account number/);
    doc = await c.press('85291230001');
    expect(all(doc, 'Gather')[0]!.attrs['action']).toBe('/channels/ivr/pin');
    doc = await c.press('1111');
    expect(saying(doc)).toBe('Sorry, that account number or PIN is not correct.');
    doc = await c.follow();
    await c.press('85291230001');
    doc = await c.press('2580');
    expect(all(doc, 'Gather')[0]!.attrs['action']).toBe('/channels/ivr/menu');
    doc = await c.press('1');
    expect(saying(doc)).toBe('Your balance is 50 Hong Kong dollars.');
    await c.follow();
    doc = await c.press('2');
    expect(saying(doc)).toBe('You have no data plan. Data is charged to your balance.');
  });

  it('locks the account for the hotline after 3 wrong PINs, even for the right one, for 15 minutes', async () => {
    const c = call('+447700900124');
    await c.start();
    await c.press('1');
    let doc: Node | undefined;
    for (const wrong of ['1111', '2222', '3333']) {
      await c.press('85291230001');
      doc = await c.press(wrong);
      if (wrong !== '3333') await c.follow();
    }
    expect(saying(doc!)).toMatch(/Too many wrong attempts/);
    expect(all(doc!, 'Hangup')).toHaveLength(1);
    const again = call('+447700900125');
    await again.start();
    await again.press('1');
    await again.press('85291230001');
    doc = await again.press('2580');
    expect(saying(doc)).toMatch(/Too many wrong attempts/);
    t.clock.advance(16 * 60_000);
    const later = call('+447700900126');
    await later.start();
    await later.press('1');
    await later.press('85291230001');
    doc = await later.press('2580');
    expect(all(doc, 'Gather')[0]!.attrs['action']).toBe('/channels/ivr/menu');
  });

  it('ends the call after three prompts with nothing keyed', async () => {
    const c = call(PHONE);
    await c.start();
    await c.follow();
    await c.follow();
    const doc = await c.follow();
    expect(all(doc, 'Hangup')).toHaveLength(1);
  });

  it("0 transfers to an agent: <Dial> to the configured number, whose whisper names the caller's verified account", async () => {
    const c = call(PHONE);
    await c.start();
    await c.press('1');
    const doc = await c.press('0');
    expect(all(doc, 'Say').map((s) => s.text)).toEqual(['Please hold while we connect you to an agent.', 'Thank you for calling. Goodbye.']);
    const [dialled] = all(doc, 'Dial');
    const [number] = all(dialled!, 'Number');
    expect(number!.text).toBe(AGENT);
    expect(number!.attrs).toMatchObject({ url: '/channels/ivr/whisper?lang=en&account=acc-chan', method: 'POST' });
    expect(all(doc, 'Hangup')).toHaveLength(1);
    // Twilio runs the whisper on the agent's leg (its own CallSid) before connecting the caller.
    const whisper = await post(number!.attrs['url']!, { CallSid: 'CAagentleg', From: '+85230001000', To: AGENT });
    expect(whisper.status).toBe(200);
    expect(saying(parseTwiml(await whisper.text()))).toBe('Hotline caller. Verified account acc-chan. Language: English.');
    const forged = await post(
      number!.attrs['url']!.replace('acc-chan', 'acc-lee'),
      { CallSid: 'CAagentleg' },
      twilioSignature(TOKEN, `${t.deps.config.publicUrl}${number!.attrs['url']}`, [['CallSid', 'CAagentleg']]),
    );
    expect(forged.status).toBe(403);
  });

  it('0 passes the account and language as SIP headers to a SIP agent, and says so when no agent is configured', async () => {
    app = withSipAgent;
    try {
      const c = call(PHONE);
      await c.start();
      await c.press('4');
      const doc = await c.press('0');
      expect(all(doc, 'Sip')[0]!.text).toBe('sip:agents@pbx.example.com?X-Simledger-Language=ja&X-Simledger-Account=acc-chan');
      expect(saying(doc)).toMatch(/^オペレーターにおつなぎします。/);
      app = withoutAgent;
      const d = call(PHONE);
      await d.start();
      await d.press('1');
      const none = await d.press('0');
      expect(saying(none)).toBe('Sorry, no agent can take your call right now. Please try again later.');
      expect(all(none, 'Dial')).toHaveLength(0);
      expect(all(none, 'Redirect')[0]!.text).toBe('/channels/ivr/main');
    } finally {
      app = withAgent;
    }
  });

  it('4 reads the last records, newest first, with their charge or "in your plan"; then back to the menu', async () => {
    const c = call(PHONE);
    await c.start();
    await c.press('1');
    expect(saying(await c.press('4'))).toBe('You have no usage records yet.');
    const rows = [
      { eventId: 'ivr-e1', iccid: L1, startedAt: '2026-11-19T10:00:00+08:00', quantity: 300 * MIB, mccMnc: '45400' },
      { eventId: 'ivr-e2', iccid: L1, startedAt: '2026-11-19T12:00:00+08:00', quantity: 2 * MIB, mccMnc: '44010' },
    ];
    const rated = await rateUsageBatch(
      t.deps.store,
      'test',
      rows.map((e, ref) => ({ raw: usageRow(e), ref })),
      NOW,
      usageWindow(NOW, 12),
    );
    expect(rated.map((r) => r.status)).toEqual(['rated', 'rated']);
    await c.follow();
    const doc = await c.press('4');
    expect(all(doc, 'Say').map((s) => s.text)).toEqual([
      'Your last 2 records.',
      'November 19, 2026: Data, 2 megabytes, charged 0.20 Hong Kong dollars.',
      'November 19, 2026: Data, 300 megabytes, in your plan.',
    ]);
    const menu = await c.follow();
    expect(all(menu, 'Gather')[0]!.attrs['action']).toBe('/channels/ivr/menu');
    // Balance and data now say how far usage is counted: the latest usage rated, the zone named.
    const counted = all(await c.press('1'), 'Say').map((s) => s.text);
    expect(counted[1]).toMatch(/^Usage is counted up to Nov(ember)? 19, 2026.*12:00.*GMT\+8\.$/);
    await c.follow();
    expect(
      all(await c.press('2'), 'Say')
        .map((s) => s.text)
        .at(-1),
    ).toBe(counted[1]);
    const ru = call(PHONE);
    await ru.start();
    await ru.press('6');
    const spoken = all(await ru.press('4'), 'Say').map((s) => s.text);
    expect(spoken[0]).toBe('Последние записи: 2 записи.');
    expect(spoken[1]).toMatch(/^19 ноября 2026 г\.: Интернет, 2 мегабайта, списано /);
    expect(spoken[2]).toBe('19 ноября 2026 г.: Интернет, 300 мегабайт, в пакете.');
  });

  it('refuses forged, missing and replayed-elsewhere signatures with 403 on every endpoint', async () => {
    const params = { CallSid: 'CA-forged', From: PHONE, To: '+85230001000', Digits: '1' };
    for (const step of ['voice', 'language', 'login', 'account', 'pin', 'main', 'menu', 'topup']) {
      const path = `/channels/ivr/${step}`;
      expect((await post(path, params, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=')).status).toBe(403);
      expect((await post(path, params, '')).status).toBe(403);
      const signedForVoice = twilioSignature(TOKEN, `${t.deps.config.publicUrl}/channels/ivr/voice`, Object.entries(params));
      if (step !== 'voice') expect((await post(path, params, signedForVoice)).status).toBe(403);
    }
    const good = twilioSignature(TOKEN, `${t.deps.config.publicUrl}/channels/ivr/topup`, Object.entries(params));
    expect((await post('/channels/ivr/topup', { ...params, Digits: pins[1]! }, good)).status).toBe(403);
    const wrongToken = twilioSignature('another-token', `${t.deps.config.publicUrl}/channels/ivr/voice`, Object.entries(params));
    expect((await post('/channels/ivr/voice', params, wrongToken)).status).toBe(403);
  });

  it('signs the query string too', async () => {
    const params = { CallSid: 'CAquery', From: PHONE, To: '+85230001000' };
    const withQuery = twilioSignature(TOKEN, `${t.deps.config.publicUrl}/channels/ivr/voice?lang=en`, Object.entries(params));
    expect((await post('/channels/ivr/voice?lang=en', params, withQuery)).status).toBe(200);
    const withoutQuery = twilioSignature(TOKEN, `${t.deps.config.publicUrl}/channels/ivr/voice`, Object.entries(params));
    expect((await post('/channels/ivr/voice?lang=en', params, withoutQuery)).status).toBe(403);
  });

  it('answers 404 when no auth token is configured (the default server config)', async () => {
    const params = { CallSid: 'CA1', From: PHONE };
    const sig = twilioSignature(TOKEN, `${t.deps.config.publicUrl}/channels/ivr/voice`, Object.entries(params));
    const res = await t.app.request('/channels/ivr/voice', {
      method: 'POST',
      body: new URLSearchParams(params).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
    });
    expect(res.status).toBe(404);
  });
});
