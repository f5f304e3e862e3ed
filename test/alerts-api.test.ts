// The subscriber API of alerts: contacts (e-mail verified by a code, a webhook URL and its secret,
// shown once), the inbox with its unread count, and clear errors for bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/channels/http/app.js';
import { ROUTE_MODULES } from '../src/channels/http/routes.js';
import { deliverDueAlerts } from '../src/services/alerts/deliver-alerts.js';
import type { OutgoingEmail } from '../src/services/ports/alert-ports.js';
import { rateUsageBatch } from '../src/services/rate-usage-batch.js';
import { createSession } from '../src/services/sessions.js';
import { usageWindow } from '../src/services/usage-window.js';
import { addAccount, addBucket, addEsim, addTariff, usageRow } from '../src/testing/scenario.js';
import { createTestApp, type TestApp } from '../src/testing/test-app.js';
import { TEST_DIALECTS } from '../src/testing/test-stores.js';

const NOW = Date.UTC(2026, 10, 20, 4);
const ICCID = '89852000000000000017';

describe.each(TEST_DIALECTS)('alert contacts and inbox API (%s)', (dialect) => {
  let t: TestApp;
  let app: TestApp['app'];
  const mails: OutgoingEmail[] = [];
  const who = { cookie: '', csrf: '' };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, NOW);
    app = createApp(
      {
        ...t.deps,
        email: {
          send: async (m) => {
            mails.push(m);
          },
        },
      },
      ROUTE_MODULES,
    );
    const store = t.deps.store;
    await addTariff(store, { id: 't', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10n } } });
    await addAccount(store, { id: 'acc', currency: 'HKD', balanceMinor: 1_000n });
    await addEsim(store, { iccid: ICCID, imsi: '454001234567890', accountId: 'acc', tariffId: 't', msisdn: '+85291230000' });
    await addBucket(store, {
      purchaseId: 'p',
      iccid: ICCID,
      kind: 'data',
      initial: 10n * 1_048_576n,
      validFrom: NOW - 86_400_000,
      validTo: NOW + 3 * 86_400_000,
      validityDays: 4,
      purchasedAt: NOW - 86_400_000,
      coverage: ['HK'],
    });
    const session = await createSession(store, 'acc', NOW);
    who.cookie = `__Host-simledger=${session.token}`;
    who.csrf = session.session.csrfToken;
  }, 60_000);
  afterAll(async () => t.close());

  it('verifies an e-mail address by the code sent to it; wrong codes and bad addresses are refused', async () => {
    expect(await call('PUT', '/api/v1/alert-contacts/email', { email: 'nope' })).toMatchObject({ status: 400, body: { code: 'invalid_request', errors: [{ field: 'email' }] } });
    const sent = await call('PUT', '/api/v1/alert-contacts/email', { email: 'mei@example.hk' });
    expect(sent).toMatchObject({ status: 202, body: { emailPending: 'mei@example.hk', emailVerified: false } });
    const code = /\d{6}/.exec(mails.at(-1)!.text)![0];
    expect(mails.at(-1)).toMatchObject({ to: 'mei@example.hk', subject: 'Confirm your e-mail address' });
    expect((await call('POST', '/api/v1/alert-contacts/email/confirm', { code: code === '123456' ? '654321' : '123456' })).status).toBe(401);
    expect((await call('POST', '/api/v1/alert-contacts/email/confirm', { code: 'abc' })).status).toBe(400);
    expect(await call('POST', '/api/v1/alert-contacts/email/confirm', { code })).toMatchObject({ status: 200, body: { email: 'mei@example.hk', emailVerified: true, emailPending: null } });
    expect((await call('GET', '/api/v1/alert-settings')).body['available']).toEqual({ sms: true, email: true, webhook: false, inbox: true });
  });

  it('throttles code sends per account', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('PUT', '/api/v1/alert-contacts/email', { email: `x${i}@example.hk` })).status);
    expect(statuses).toEqual([202, 202, 429, 429]); // three per 10 minutes, the first above counted
  });

  it('sets a webhook URL and answers its secret once; refuses plain http off this host', async () => {
    expect(await call('PUT', '/api/v1/alert-contacts/webhook', { url: 'http://hooks.example.hk/x' })).toMatchObject({ status: 400, body: { errors: [{ field: 'url' }] } });
    const set = await call('PUT', '/api/v1/alert-contacts/webhook', { url: 'https://hooks.example.hk/simledger' });
    expect(set.status).toBe(200);
    expect(set.body['secret']).toMatch(/^whsec_[\w-]{32}$/);
    expect((await call('GET', '/api/v1/alert-contacts')).body).toEqual({
      email: 'mei@example.hk',
      emailVerified: true,
      emailPending: 'x1@example.hk',
      webhookUrl: 'https://hooks.example.hk/simledger',
    });
    expect(JSON.stringify((await call('GET', '/api/v1/alert-contacts')).body)).not.toContain(set.body['secret']);
  });

  it('lists alerts in the inbox with the unread count, and marks them read', async () => {
    const raw = usageRow({ eventId: 'e1', imsi: '454001234567890', startedAt: NOW - 60_000, quantity: 9 * 1_048_576 });
    await rateUsageBatch(t.deps.store, 'api', [{ raw, ref: 0 }], NOW, usageWindow(NOW, 12));
    await deliverDueAlerts(t.deps.store, {}, NOW);
    const inbox = await call('GET', '/api/v1/alerts/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.body['unread']).toBe(1);
    expect(inbox.body['items']).toEqual([expect.objectContaining({ rule: 'bucket_level', read: false, text: `You have used 80% of plan-p: 1 MB left.` })]);
    expect((await call('GET', '/api/v1/alerts/inbox?limit=0')).status).toBe(400);
    expect((await call('POST', '/api/v1/alerts/inbox/read', { ids: ['x'] })).status).toBe(400);
    expect(await call('POST', '/api/v1/alerts/inbox/read', { ids: [inbox.body['items'][0].id] })).toEqual({ status: 200, body: { unread: 0 } });
    expect((await call('GET', '/api/v1/alerts/unread')).body).toEqual({ unread: 0 });
  });
});
