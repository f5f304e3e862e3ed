import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app.js';
import { authRoutes } from './auth-routes.js';
import { listen } from '../serve.js';
import { createTestApp, type TestApp } from '../../../testing/test-app.js';
import { TEST_DIALECTS, type TestDialect } from '../../../testing/test-stores.js';
import { CHAN, codeSentTo, provisionPeople, TANAKA, wrongCode } from '../../../testing/auth-test-kit.js';

const authWorldPeople = (t: TestApp) => provisionPeople(t.deps.store, t.clock.now());

const MINUTE_MS = 60_000;
const UNKNOWN_PHONE = '+85290000001';

/** The running case's app: freshAuthWorld makes a new one for every case. */
let t: TestApp;

function post(path: string, body: unknown, headers: Record<string, string> = {}, app: App = t.app): Promise<Response> {
  return Promise.resolve(
    app.request(`/api/v1/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );
}
const getSession = (cookie: string) => Promise.resolve(t.app.request('/api/v1/auth/session', { headers: { cookie } }));
const codeOf = async (res: Response) => ((await res.json()) as { code: string }).code;
const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;

async function signIn(phone: string, password: string) {
  const res = await post('/sign-in', { phone, password });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { accountId: string; csrfToken: string };
  return { res, cookie: cookieOf(res), csrf: body.csrfToken, accountId: body.accountId };
}
const withSession = (s: { cookie: string; csrf: string }) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf });

function freshAuthWorld(dialect: TestDialect): void {
  beforeEach(async () => {
    t = await createTestApp(dialect);
    await authWorldPeople(t);
  });
  afterEach(async () => {
    await t.close();
  });
}

describe.each(TEST_DIALECTS)('subscriber sign-in on %s', (dialect) => {
  freshAuthWorld(dialect);

  it('signs in with phone and password; the cookie is __Host-, HttpOnly, Secure, SameSite=Lax, Path=/', async () => {
    const s = await signIn(CHAN.phone, CHAN.password);
    expect(s.accountId).toBe(CHAN.id);
    const setCookie = s.res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^__Host-simledger=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/Domain=/i);
    expect(s.res.headers.get('cache-control')).toBe('no-store');
    const session = await getSession(s.cookie);
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({ accountId: CHAN.id, csrfToken: s.csrf });
    // The typed number is normalised to E.164.
    expect((await post('/sign-in', { phone: ' +852 9123 4567 ', password: CHAN.password })).status).toBe(200);
  });

  it('answers a wrong password, an unknown phone and a malformed phone identically', async () => {
    const answers = await Promise.all([
      post('/sign-in', { phone: CHAN.phone, password: 'wrong password' }),
      post('/sign-in', { phone: UNKNOWN_PHONE, password: 'wrong password' }),
      post('/sign-in', { phone: 'not a phone', password: 'wrong password' }),
    ]);
    const bodies = await Promise.all(answers.map(async (r) => ({ status: r.status, type: r.headers.get('content-type'), body: await r.json() })));
    expect(bodies[0]).toMatchObject({ status: 401, type: 'application/problem+json', body: { code: 'invalid_credentials' } });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    expect(answers[0]!.headers.get('set-cookie')).toBeNull();
    expect((await getSession('__Host-simledger=forged')).status).toBe(401);
  });

  it('rotates the session at every sign-in; sign-out ends only that one', async () => {
    const a = await signIn(CHAN.phone, CHAN.password);
    const b = await signIn(CHAN.phone, CHAN.password);
    expect(a.cookie).not.toBe(b.cookie);
    expect(a.csrf).not.toBe(b.csrf);
    const out = await post('/sign-out', {}, withSession(a));
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-simledger=; Max-Age=0; Path=\/; Secure/);
    expect((await getSession(a.cookie)).status).toBe(401);
    expect((await getSession(b.cookie)).status).toBe(200);
  });

  it('rejects sign-out and password change without the CSRF header', async () => {
    const s = await signIn(CHAN.phone, CHAN.password);
    for (const [path, body] of [
      ['/sign-out', {}],
      ['/password/change', { currentPassword: CHAN.password, newPassword: 'a new password 1' }],
    ] as const) {
      const bare = await post(path, body, { cookie: s.cookie });
      expect(bare.status).toBe(403);
      expect(await codeOf(bare)).toBe('csrf_failed');
      expect((await post(path, body, { cookie: s.cookie, 'x-csrf-token': 'guess' })).status).toBe(403);
    }
    expect((await getSession(s.cookie)).status).toBe(200);
    expect((await signIn(CHAN.phone, CHAN.password)).accountId).toBe(CHAN.id); // password unchanged
    expect((await post('/sign-out', {})).status).toBe(401);
  });

  it("signs in with an SMS code in the account's language; unknown phones get the same 202 and no SMS", async () => {
    const asked = await post('/otp/request', { phone: CHAN.phone, purpose: 'sign_in' });
    const unknown = await post('/otp/request', { phone: UNKNOWN_PHONE });
    expect(asked.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await unknown.json()).toEqual(await asked.json());
    expect(t.sms.lastTo(UNKNOWN_PHONE)).toBeUndefined();
    expect(t.sms.lastTo(CHAN.phone)!.text).toContain('驗證碼');
    const code = codeSentTo(t.sms, CHAN.phone);
    const res = await post('/otp/verify', { phone: CHAN.phone, code });
    expect(res.status).toBe(200);
    expect(cookieOf(res)).toMatch(/^__Host-simledger=/);
    expect((await getSession(cookieOf(res))).status).toBe(200);
    // single use
    const again = await post('/otp/verify', { phone: CHAN.phone, code });
    expect(again.status).toBe(401);
    expect(await codeOf(again)).toBe('invalid_code');
    expect((await post('/otp/verify', { phone: CHAN.phone, code: '12345' })).status).toBe(400);
  });

  it('lets a code expire after 10 minutes', async () => {
    await post('/otp/request', { phone: TANAKA.phone });
    expect(t.sms.lastTo(TANAKA.phone)!.text).toContain('認証コード');
    const code = codeSentTo(t.sms, TANAKA.phone);
    t.clock.advance(10 * MINUTE_MS);
    const res = await post('/otp/verify', { phone: TANAKA.phone, code });
    expect(res.status).toBe(401);
    expect(await codeOf(res)).toBe('invalid_code');
  });
});

describe.each(TEST_DIALECTS)('subscriber sign-in throttling on %s', (dialect) => {
  freshAuthWorld(dialect);

  it('kills a code after 5 wrong tries, and a resend does not reset the count', async () => {
    await post('/otp/request', { phone: CHAN.phone });
    const first = codeSentTo(t.sms, CHAN.phone);
    for (let i = 1; i <= 3; i++) expect((await post('/otp/verify', { phone: CHAN.phone, code: wrongCode(first, i) })).status).toBe(401);
    expect((await post('/otp/request', { phone: CHAN.phone })).status).toBe(202);
    const second = codeSentTo(t.sms, CHAN.phone);
    const live = await t.deps.store.db.selectFrom('otp_codes').select('failed_attempts').where('expires_at', '>', t.clock.now()).executeTakeFirstOrThrow();
    expect(Number(live.failed_attempts)).toBe(3);
    for (let i = 1; i <= 2; i++) expect((await post('/otp/verify', { phone: CHAN.phone, code: wrongCode(second, i) })).status).toBe(401);
    const locked = await post('/otp/verify', { phone: CHAN.phone, code: second });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBe(15 * 60);
    const dead = await t.deps.store.db.selectFrom('otp_codes').select('failed_attempts').where('expires_at', '>', t.clock.now()).executeTakeFirstOrThrow();
    expect(Number(dead.failed_attempts)).toBe(5);
  });

  it('throttles password guessing per account, the same way for unknown phones', async () => {
    for (const phone of [CHAN.phone, UNKNOWN_PHONE]) {
      for (let i = 0; i < 5; i++) expect((await post('/sign-in', { phone, password: `guess ${i}` })).status).toBe(401);
    }
    const known = await post('/sign-in', { phone: CHAN.phone, password: CHAN.password });
    const unknown = await post('/sign-in', { phone: UNKNOWN_PHONE, password: CHAN.password });
    expect(known.status).toBe(429);
    expect(known.headers.get('retry-after')).toBe('900');
    expect(unknown.headers.get('retry-after')).toBe('900');
    expect(await unknown.json()).toEqual(await known.json());
    expect((await signIn(TANAKA.phone, TANAKA.password)).accountId).toBe(TANAKA.id); // other accounts are not locked
    t.clock.advance(15 * MINUTE_MS);
    expect((await signIn(CHAN.phone, CHAN.password)).accountId).toBe(CHAN.id);
  });

  it('throttles password and code guessing per client address (X-Forwarded-For only behind a trusted proxy)', async () => {
    const proxied = createApp(t.deps, [(app, deps) => authRoutes(app, deps, { trustProxy: true })]);
    const from = (ip: string) => ({ 'x-forwarded-for': `198.51.100.9, ${ip}` });
    for (let i = 0; i < 10; i++) {
      expect((await post('/sign-in', { phone: `+8529000${String(1000 + i)}`, password: 'guess' }, from('203.0.113.7'), proxied)).status).toBe(401);
      expect((await post('/otp/verify', { phone: `+8529100${String(1000 + i)}`, code: '000000' }, from('203.0.113.7'), proxied)).status).toBe(401);
    }
    const blocked = await post('/sign-in', { phone: CHAN.phone, password: CHAN.password }, from('203.0.113.7'), proxied);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('900');
    expect((await post('/otp/verify', { phone: CHAN.phone, code: '000000' }, from('203.0.113.7'), proxied)).status).toBe(429);
    expect((await post('/sign-in', { phone: CHAN.phone, password: CHAN.password }, from('203.0.113.8'), proxied)).status).toBe(200);
    // The default app does not trust the header: without a socket every request is `unknown`.
    await post('/sign-in', { phone: CHAN.phone, password: 'wrong' }, from('192.0.2.1'));
    const keys = (await t.deps.store.db.selectFrom('auth_throttle').select('key').execute()).map((r) => r.key);
    expect(keys).toContain('ip:unknown');
    expect(keys).not.toContain('ip:192.0.2.1');
  });

  it('limits code requests per phone (no SMS bombing), the same for unknown phones', async () => {
    for (const phone of [CHAN.phone, UNKNOWN_PHONE]) {
      for (let i = 0; i < 3; i++) expect((await post('/otp/request', { phone })).status).toBe(202);
    }
    expect(t.sms.sent.filter((m) => m.to === CHAN.phone)).toHaveLength(3);
    const known = await post('/otp/request', { phone: CHAN.phone });
    const unknown = await post('/otp/request', { phone: UNKNOWN_PHONE });
    expect(known.status).toBe(429);
    expect(known.headers.get('retry-after')).toBe('600');
    expect(await unknown.json()).toEqual(await known.json());
    expect(t.sms.sent.filter((m) => m.to === CHAN.phone)).toHaveLength(3);
    t.clock.advance(10 * MINUTE_MS);
    expect((await post('/otp/request', { phone: CHAN.phone })).status).toBe(202);
  });
});

describe.each(TEST_DIALECTS)('subscriber password and phone changes on %s', (dialect) => {
  freshAuthWorld(dialect);

  it('resets a forgotten password by SMS code and ends every session', async () => {
    const before = await signIn(CHAN.phone, CHAN.password);
    const unknown = await post('/password/forgot', { phone: UNKNOWN_PHONE });
    const asked = await post('/password/forgot', { phone: CHAN.phone });
    expect(asked.status).toBe(202);
    expect(await unknown.json()).toEqual(await asked.json());
    expect(t.sms.lastTo(UNKNOWN_PHONE)).toBeUndefined();
    const code = codeSentTo(t.sms, CHAN.phone);
    expect((await post('/otp/verify', { phone: CHAN.phone, code })).status).toBe(401); // not a sign-in code
    const wrong = await post('/password/reset', { phone: CHAN.phone, code: wrongCode(code), newPassword: 'brand new secret' });
    expect(wrong.status).toBe(401);
    expect(await codeOf(wrong)).toBe('invalid_code');
    expect((await post('/password/reset', { phone: CHAN.phone, code, newPassword: 'short' })).status).toBe(400);
    expect((await post('/password/reset', { phone: CHAN.phone, code, newPassword: 'brand new secret' })).status).toBe(204);
    expect((await getSession(before.cookie)).status).toBe(401);
    expect((await post('/sign-in', { phone: CHAN.phone, password: CHAN.password })).status).toBe(401);
    expect((await signIn(CHAN.phone, 'brand new secret')).accountId).toBe(CHAN.id);
    expect((await post('/password/reset', { phone: CHAN.phone, code, newPassword: 'another secret' })).status).toBe(401);
  });

  it('changes the password only with the current one, and ends the other sessions', async () => {
    const here = await signIn(CHAN.phone, CHAN.password);
    const elsewhere = await signIn(CHAN.phone, CHAN.password);
    const wrong = await post('/password/change', { currentPassword: 'not it', newPassword: 'a new password 1' }, withSession(here));
    expect(wrong.status).toBe(401);
    expect(await codeOf(wrong)).toBe('reauthentication_required');
    expect((await post('/password/change', { newPassword: 'a new password 1' }, withSession(here))).status).toBe(400);
    expect((await post('/password/change', { currentPassword: CHAN.password, newPassword: 'a new password 1' }, withSession(here))).status).toBe(204);
    expect((await getSession(here.cookie)).status).toBe(200);
    expect((await getSession(elsewhere.cookie)).status).toBe(401);
    expect((await signIn(CHAN.phone, 'a new password 1')).accountId).toBe(CHAN.id);
  });

  it('changes the login phone with the password and a code sent to the new phone', async () => {
    const newPhone = '+85251234567';
    const s = await signIn(CHAN.phone, CHAN.password);
    const noReauth = await post('/phone/change/request', { password: 'wrong', newPhone }, withSession(s));
    expect(noReauth.status).toBe(401);
    expect(await codeOf(noReauth)).toBe('reauthentication_required');
    expect(t.sms.lastTo(newPhone)).toBeUndefined();
    expect((await post('/phone/change/request', { password: CHAN.password, newPhone: '12' }, withSession(s))).status).toBe(400);
    expect((await post('/phone/change/request', { password: CHAN.password, newPhone }, { cookie: s.cookie })).status).toBe(403);

    const sentToOld = t.sms.sent.filter((m) => m.to === CHAN.phone).length;
    expect((await post('/phone/change/request', { password: CHAN.password, newPhone }, withSession(s))).status).toBe(202);
    expect(t.sms.sent.filter((m) => m.to === CHAN.phone)).toHaveLength(sentToOld);
    const code = codeSentTo(t.sms, newPhone);
    expect((await post('/phone/change/confirm', { code: wrongCode(code) }, withSession(s))).status).toBe(401);
    expect((await post('/phone/change/confirm', { code }, withSession(s))).status).toBe(204);
    expect((await post('/sign-in', { phone: CHAN.phone, password: CHAN.password })).status).toBe(401);
    expect((await signIn(newPhone, CHAN.password)).accountId).toBe(CHAN.id);
  });

  it("refuses another account's phone with the generic answer and sends it nothing", async () => {
    const s = await signIn(CHAN.phone, CHAN.password);
    const taken = await post('/phone/change/request', { password: CHAN.password, newPhone: TANAKA.phone }, withSession(s));
    const free = await post('/phone/change/request', { password: CHAN.password, newPhone: '+85251234567' }, withSession(s));
    expect(taken.status).toBe(202);
    expect(await taken.json()).toEqual(await free.json());
    expect(t.sms.lastTo(TANAKA.phone)).toBeUndefined();
    const confirm = await post('/phone/change/confirm', { code: '123456' }, withSession(s));
    expect(confirm.status).toBe(401);
    const owner = await t.deps.store.db.selectFrom('accounts').select('id').where('login_phone', '=', TANAKA.phone).executeTakeFirstOrThrow();
    expect(owner.id).toBe(TANAKA.id);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const path of ['sign-in', 'otp/request', 'otp/verify', 'password/forgot', 'password/reset', 'session', 'sign-out', 'password/change', 'phone/change/request', 'phone/change/confirm']) {
      expect(doc.paths).toHaveProperty([`/api/v1/auth/${path}`]);
    }
  });
});

describe('subscriber sign-in through a real socket', () => {
  it("signs in over HTTP and counts failures against the socket's address", async () => {
    const t = await createTestApp('sqlite');
    await authWorldPeople(t);
    const server = await listen(t.app, '127.0.0.1', 0, t.deps.log);
    try {
      const post = (path: string, body: unknown) =>
        fetch(`${server.url}/api/v1/auth${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.99' },
          body: JSON.stringify(body),
        });
      expect((await post('/sign-in', { phone: CHAN.phone, password: 'wrong' })).status).toBe(401);
      const ok = await post('/sign-in', { phone: CHAN.phone, password: CHAN.password });
      expect(ok.status).toBe(200);
      const setCookie = ok.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/^__Host-simledger=.+; HttpOnly; Secure; SameSite=Lax/);
      const session = await fetch(`${server.url}/api/v1/auth/session`, { headers: { cookie: setCookie.split(';')[0]! } });
      expect(await session.json()).toMatchObject({ accountId: CHAN.id });
      const keys = (await t.deps.store.db.selectFrom('auth_throttle').select('key').execute()).map((r) => r.key);
      expect(keys).toContain('ip:127.0.0.1');
      expect(keys).not.toContain('ip:192.0.2.99');
    } finally {
      await server.close();
      await t.close();
    }
  });
});
