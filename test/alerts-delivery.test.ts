// Alerts after commit: signed webhooks with retries (a real HTTP receiver), e-mail in Chinese and
// Arabic (a real SMTP server), quiet hours on both sides of the date line, STOP, failures shown
// to the operator, and delivery after a crash between commit and delivery.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpEmailSender } from '../src/channels/alerts/smtp-sender.js';
import { FetchWebhookPoster, SIGNATURE_HEADER, verifyWebhook } from '../src/channels/alerts/webhook-poster.js';
import { confirmEmail, requestEmailCode, setWebhook } from '../src/services/alerts/alert-contacts.js';
import { deliverDueAlerts, type DeliveryPolicy } from '../src/services/alerts/deliver-alerts.js';
import { listAlerts } from '../src/services/alerts/list-alerts.js';
import { createApiKey } from '../src/services/api-keys.js';
import type { OutgoingSms, SmsSender } from '../src/services/ports/sms-sender.js';
import { rateUsageBatch } from '../src/services/rate-usage-batch.js';
import { setSmsPreference } from '../src/services/sms-keywords/sms-preferences.js';
import { putAlertSettings, type AlertSettingsInput } from '../src/services/statements/alert-settings.js';
import { usageWindow } from '../src/services/usage-window.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { addAccount, addBucket, addEsim, addTariff, usageRow } from '../src/testing/scenario.js';
import { createTestApp, type TestApp } from '../src/testing/test-app.js';
import { TEST_DIALECTS } from '../src/testing/test-stores.js';

const T0 = Date.parse('2026-11-26T08:30:00Z');
const MIB = 1_048_576;
const DAY = 86_400_000;
const FAST: DeliveryPolicy = { batch: 100, backoffMs: 1_000, maxBackoffMs: 60_000, maxAttempts: 4 };

class PhoneSms implements SmsSender {
  readonly sent: OutgoingSms[] = [];
  async send(m: OutgoingSms): Promise<void> {
    this.sent.push(m);
  }
}

let lineNo = 0;
/** An account with one eSIM (its MSISDN) and a 100 MiB data bundle; returns the line's IMSI. */
async function subscriber(store: Store, id: string, o: { language?: string; timeZone?: string; balance?: bigint } = {}): Promise<{ imsi: string; msisdn: string }> {
  const n = ++lineNo;
  const imsi = `45409${String(n).padStart(10, '0')}`;
  const msisdn = `+8526${String(n).padStart(7, '0')}`;
  const iccid = `898520900000000${String(n).padStart(4, '0')}`;
  const { makeIccid } = await import('../src/domain/identifiers.js');
  await addAccount(store, { id, currency: 'HKD', balanceMinor: o.balance ?? 1_000n, timeZone: o.timeZone ?? 'UTC' });
  await store.db
    .updateTable('accounts')
    .set({ language: o.language ?? 'en' })
    .where('id', '=', id)
    .execute();
  const line = makeIccid(iccid.slice(0, 19));
  await addEsim(store, { iccid: line, imsi, accountId: id, tariffId: 'hk', msisdn });
  await addBucket(store, {
    purchaseId: `p-${id}`,
    iccid: line,
    kind: 'data',
    initial: 100n * BigInt(MIB),
    validFrom: T0 - DAY,
    validTo: T0 + 20 * DAY,
    validityDays: 30,
    purchasedAt: T0 - DAY,
    coverage: ['HK'],
    planId: 'hk-100',
  });
  return { imsi, msisdn };
}

let eventNo = 0;
async function use(store: Store, imsi: string, mib: number, atMs: number): Promise<void> {
  const raw = usageRow({ eventId: `d-${++eventNo}`, imsi, startedAt: atMs - 60_000, quantity: mib * MIB });
  const [r] = await rateUsageBatch(store, 'test', [{ raw, ref: 0 }], atMs, usageWindow(atMs, 12));
  expect(r?.status).toBe('rated');
}

function settings(channels: Partial<AlertSettingsInput['channels']>, o: Partial<AlertSettingsInput> = {}): AlertSettingsInput {
  return {
    dataUsedPercent: [80, 100],
    walletBelowMinor: null,
    expiryWithinHours: 24,
    quietHours: null,
    ...o,
    channels: { sms: false, email: false, webhook: false, ...channels },
  };
}

interface Received {
  key: string;
  body: string;
  verified: boolean;
}

/** A webhook receiver that checks each signature and answers 503 to the first `failFirst` requests. */
async function receiver(secret: () => string, failFirst: number, now: () => number): Promise<{ server: Server; url: string; got: Received[] }> {
  const got: Received[] = [];
  let seen = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      seen++;
      if (seen <= failFirst) {
        res.writeHead(503).end();
        return;
      }
      const verified = verifyWebhook(secret(), body, req.headers[SIGNATURE_HEADER.toLowerCase()] as string, Math.floor(now() / 1000));
      got.push({ key: String(req.headers['idempotency-key']), body, verified });
      res.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}

describe.each(TEST_DIALECTS)('alert delivery (%s)', (dialect) => {
  let t: TestApp;
  let store: Store;
  beforeAll(async () => {
    t = await createTestApp(dialect, T0);
    store = t.deps.store;
    await addTariff(store, { id: 'hk', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10n } } });
    await store.db
      .insertInto('plans')
      .values({
        id: 'hk-100',
        currency: 'HKD',
        price_minor: 5000,
        validity_days: 30,
        validity_starts: 'purchase',
        coverage: '["HK"]',
        allowances: '{}',
        names: JSON.stringify({ en: 'Hong Kong 100 MB', 'zh-Hans': '香港100MB', ar: 'هونغ كونغ 100 م.ب' }),
        payload_hash: '',
      })
      .execute();
  }, 60_000);
  afterAll(async () => t.close());

  it('webhooks: signed, retried with backoff, delivered after a crash between commit and delivery, deduplicable by key', async () => {
    let secret = '';
    let now = T0;
    const hook = await receiver(
      () => secret,
      1,
      () => now,
    );
    try {
      const { imsi } = await subscriber(store, 'hooked');
      const set = await setWebhook(store, 'hooked', hook.url, T0);
      if (!set.ok || set.secret === null) throw new Error('webhook not set');
      secret = set.secret;
      expect((await putAlertSettings(store, 'hooked', settings({ webhook: true }), T0)).ok).toBe(true);
      // Committed by rating with no worker running: 80 %, 100 % and "now pay-as-you-go".
      await use(store, imsi, 85, T0);
      await use(store, imsi, 20, T0);
      const raised = await listAlerts(store, { accountId: 'hooked', limit: 10 });
      expect(raised.map((a) => `${a.rule} ${a.level}`).sort()).toEqual(['bucket_level 100', 'bucket_level 80', 'payg 0']);

      // A worker on its own connection dies right after the first webhook left, before recording it.
      const doomed = await openStore(t.deps.store.url);
      const poster = new FetchWebhookPoster(() => now);
      let posted = 0;
      const dying = {
        post: async (w: Parameters<FetchWebhookPoster['post']>[0]) => {
          await poster.post(w);
          if (++posted === 1) await doomed.close();
        },
      };
      await expect(deliverDueAlerts(doomed, { webhook: dying }, now, FAST)).rejects.toThrow();
      expect(hook.got.length).toBe(1); // the first try got 503, the second went through and was never recorded

      // After the restart: every alert goes out, the unrecorded one again under the same key.
      for (let round = 0; round < 6; round++, now += 60_000) await deliverDueAlerts(store, { webhook: poster }, now, FAST);
      const keys = hook.got.map((g) => g.key);
      expect(hook.got.every((g) => g.verified)).toBe(true);
      expect(new Set(keys)).toEqual(new Set(raised.map((a) => `alert-${a.id}`)));
      expect(keys.length).toBe(4);
      const body = JSON.parse(hook.got.find((g) => g.key === `alert-${raised.find((a) => a.rule === 'payg')!.id}`)!.body) as Record<string, any>;
      expect(body).toMatchObject({ rule: 'payg', accountId: 'hooked', figures: { rateMinor: '10', currency: 'HKD', kind: 'data' } });
      expect(body['text']).toBe('Hong Kong 100 MB has ended: you are now pay-as-you-go at HK$0.10/MB.');
      const after = await listAlerts(store, { accountId: 'hooked', limit: 10 });
      expect(after.flatMap((a) => a.deliveries.filter((d) => d.channel === 'webhook').map((d) => d.state))).toEqual(['sent', 'sent', 'sent']);
      // A signature under another secret, or of another body, does not verify.
      expect(verifyWebhook('whsec_other', hook.got[0]!.body, `t=${Math.floor(now / 1000)},v1=${'0'.repeat(64)}`, Math.floor(now / 1000))).toBe(false);
    } finally {
      hook.server.close();
    }
  }, 60_000);

  it('a receiver that keeps failing: backoff, then failed, as the operator API shows', async () => {
    let now = T0;
    const hook = await receiver(
      () => 'x',
      1_000,
      () => now,
    );
    try {
      const { imsi } = await subscriber(store, 'down');
      await setWebhook(store, 'down', hook.url, T0);
      await putAlertSettings(store, 'down', settings({ webhook: true }), T0);
      await use(store, imsi, 81, T0);
      const times: number[] = [];
      for (let round = 0; round < 30; round++, now += 1_000) {
        const r = await deliverDueAlerts(store, { webhook: new FetchWebhookPoster(() => now) }, now, FAST);
        if (r.retried + r.failed > 0) times.push(now - T0);
      }
      expect(times).toEqual([0, 1_000, 3_000, 7_000]); // waits of 1, 2 and 4 s, then the 4th attempt gives up
      const key = (await createApiKey(store, { name: 'support', scopes: ['support:read'] }, T0)).secret;
      const res = await t.app.request('/api/v1/operator/alerts?account=down&state=failed', { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      const { alerts } = (await res.json()) as { alerts: { rule: string; deliveries: { channel: string; state: string; attempts: number; lastError: string }[] }[] };
      expect(alerts.map((a) => a.rule)).toEqual(['bucket_level']);
      expect(alerts[0]!.deliveries.find((d) => d.channel === 'webhook')).toMatchObject({ state: 'failed', attempts: 4, lastError: 'the receiver answered HTTP 503' });
      const bad = await t.app.request('/api/v1/operator/alerts?state=lost', { headers: { authorization: `Bearer ${key}` } });
      expect(bad.status).toBe(400);
    } finally {
      hook.server.close();
    }
  }, 60_000);

  it('e-mail: the address verified by a code, then alerts in Chinese and Arabic, received by an SMTP server', async () => {
    const mails: Awaited<ReturnType<typeof simpleParser>>[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, done) {
        simpleParser(stream).then((m) => {
          mails.push(m);
          done();
        }, done);
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const email = new SmtpEmailSender(`smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, 'simledger <alerts@simledger.test>');
    const arrived = async (n: number) => {
      for (let i = 0; i < 200 && mails.length < n; i++) await new Promise((r) => setTimeout(r, 25));
      expect(mails.length).toBe(n);
    };
    try {
      const people = [
        { id: 'wang', language: 'zh-Hans', to: 'wang@example.cn', verify: '确认您的电子邮件地址', subject: '香港100MB已用80%', text: '您的香港100MB已用80%，剩余20 MB。' },
        {
          id: 'amal',
          language: 'ar',
          to: 'amal@example.om',
          verify: 'تأكيد بريدك الإلكتروني',
          subject: `تم استخدام ${pct('ar-OM')} من هونغ كونغ 100 م.ب`,
          text: `لقد استخدمت ${pct('ar-OM')} من هونغ كونغ 100 م.ب، والمتبقي ${new Intl.NumberFormat('ar-OM').format(20)} م.ب.`,
        },
      ];
      const deps = { store, sms: new PhoneSms(), now: () => T0, log: { error: () => undefined }, email };
      for (const [i, p] of people.entries()) {
        const { imsi } = await subscriber(store, p.id, { language: p.language, timeZone: p.language === 'ar' ? 'Asia/Muscat' : 'Asia/Shanghai' });
        // E-mail cannot be switched on before an address is verified.
        expect(await putAlertSettings(store, p.id, settings({ email: true }), T0)).toEqual({ ok: false, code: 'channel_unavailable' });
        expect(await requestEmailCode(deps, p.id, 'not an address', 'test')).toEqual({ ok: false, code: 'invalid_email' });
        expect(await requestEmailCode(deps, p.id, p.to, 'test')).toEqual({ ok: true });
        await arrived(2 * i + 1);
        const codeMail = mails[2 * i]!;
        expect(codeMail.subject).toBe(p.verify);
        const code = /\d{6}/.exec(codeMail.text ?? '')?.[0] ?? '';
        expect(await confirmEmail(deps, p.id, '000000' === code ? '111111' : '000000')).toEqual({ ok: false, code: 'invalid_code' });
        expect(await confirmEmail(deps, p.id, code)).toEqual({ ok: true, email: p.to });
        expect((await putAlertSettings(store, p.id, settings({ email: true }), T0)).ok).toBe(true);
        await use(store, imsi, 80, T0);
        const round = await deliverDueAlerts(store, { email }, T0, FAST);
        expect(round.sent).toBe(1);
        await arrived(2 * i + 2);
        const alert = mails[2 * i + 1]!;
        const [raised] = await listAlerts(store, { accountId: p.id, limit: 1 });
        expect(alert.to && 'text' in alert.to ? alert.to.text : '').toBe(p.to);
        expect(alert.messageId).toBe(`<alert-${raised!.id}@simledger>`);
        expect(alert.subject).toBe(p.subject);
        expect(alert.text?.trim()).toBe(p.text);
      }
    } finally {
      email.close();
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  }, 60_000);

  it('quiet hours on both sides of the date line hold a warning until the local morning; debt and STOP', async () => {
    const phone = new PhoneSms();
    const night = { start: '22:00', end: '08:00' };
    const kiri = await subscriber(store, 'kiri', { timeZone: 'Pacific/Kiritimati', balance: 200n }); // 22:30 there
    const pago = await subscriber(store, 'pago', { timeZone: 'Pacific/Pago_Pago', balance: 200n }); // 21:30 the day before
    const stop = await subscriber(store, 'stop', { balance: 200n });
    for (const id of ['kiri', 'pago', 'stop']) await putAlertSettings(store, id, settings({ sms: true }, { walletBelowMinor: 150n, dataUsedPercent: [], quietHours: night }), T0);
    await setSmsPreference(store, stop.msisdn, { alertsOptOut: true }, T0);
    // 100 MiB of bundle, then 10 MiB charged at 10 a MiB: the wallet falls from 200 to 100, below 150.
    for (const line of [kiri, pago, stop]) await use(store, line.imsi, 110, T0);
    await deliverDueAlerts(store, { sms: phone }, T0, FAST);
    const texts = (msisdn: string) => phone.sent.filter((m) => m.to === msisdn).map((m) => m.text);
    // "Now pay-as-you-go" is urgent and goes at once; the low balance waits in Kiritimati only.
    expect(texts(pago.msisdn)).toEqual(expect.arrayContaining(['Your balance is HK$1.00, below HK$1.50. Top up to stay connected.']));
    expect(texts(kiri.msisdn)).toEqual(['Hong Kong 100 MB has ended: you are now pay-as-you-go at HK$0.10/MB.']);
    expect(texts(stop.msisdn)).toEqual([]);
    const morning = Date.parse('2026-11-26T18:00:00Z'); // 08:00 on Nov 27 in Kiritimati
    await deliverDueAlerts(store, { sms: phone }, morning - 1, FAST);
    expect(texts(kiri.msisdn)).toHaveLength(1);
    await deliverDueAlerts(store, { sms: phone }, morning, FAST);
    expect(texts(kiri.msisdn)).toEqual(['Hong Kong 100 MB has ended: you are now pay-as-you-go at HK$0.10/MB.', 'Your balance is HK$1.00, below HK$1.50. Top up to stay connected.']);
    // Debt is urgent: into debt at 23:00 in Kiritimati, told at once.
    await use(store, kiri.imsi, 20, T0 + 30 * 60_000);
    await deliverDueAlerts(store, { sms: phone }, T0 + 30 * 60_000, FAST);
    expect(texts(kiri.msisdn).at(-1)).toBe('Your balance is -HK$1.00. Please top up.');
    // STOP: its alerts reach the inbox only.
    const stopped = await listAlerts(store, { accountId: 'stop', limit: 10 });
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped.every((a) => a.deliveries.map((d) => d.channel).join() === 'inbox')).toBe(true);
  }, 60_000);
  it("a bundle about to expire: swept once by the worker, in the account's zone and words", async () => {
    const phone = new PhoneSms();
    const { msisdn } = await subscriber(store, 'soon', { timeZone: 'Asia/Hong_Kong' });
    await putAlertSettings(store, 'soon', settings({ sms: true }), T0);
    const ends = T0 + 20 * DAY; // the bundle's end (see subscriber)
    await deliverDueAlerts(store, { sms: phone }, ends - 25 * 3_600_000, FAST);
    expect(phone.sent.filter((m) => m.to === msisdn)).toEqual([]);
    for (const at of [ends - 23 * 3_600_000, ends - 22 * 3_600_000, ends - 3_600_000]) await deliverDueAlerts(store, { sms: phone }, at, FAST);
    expect(phone.sent.filter((m) => m.to === msisdn).map((m) => m.text)).toEqual(['Hong Kong 100 MB ends on Dec 16, 2026, 4:30 PM with 100 MB left.']);
    expect((await listAlerts(store, { accountId: 'soon', limit: 10 })).map((a) => `${a.rule} ${a.level}`)).toEqual(['bucket_expiring 24']);
  }, 60_000);
});

function pct(locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent' }).format(0.8);
}
