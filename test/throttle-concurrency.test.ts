/**
 * Throttles under concurrency, through the app: parallel guesses never get more evaluations than
 * the limit, whatever their interleaving. Password and PIN evaluations are counted at the scrypt
 * check itself (a counting wrapper around verifyPassword); code and voucher evaluations by their
 * answers (an evaluated guess answers 401/422, a refused one 429 before anything is looked up).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { message } from '../src/messages/catalogue.js';
import { createApp, type App } from '../src/channels/http/app.js';
import { kannelRoute } from '../src/channels/sms/kannel-route.js';
import { actionRoutes } from '../src/channels/http/subscriber/actions.js';
import { authRoutes } from '../src/channels/http/subscriber/auth-routes.js';
import { makeIccid } from '../src/domain/identifiers.js';
import { CHAN, codeSentTo, provisionPeople, TANAKA, wrongCode } from '../src/testing/auth-test-kit.js';
import { provision } from '../src/services/provision.js';
import { createSession } from '../src/services/sessions.js';
import { setIvrPin } from '../src/services/set-ivr-pin.js';
import { verifyAccountPin } from '../src/services/verify-account-pin.js';
import { createVouchers } from '../src/services/vouchers.js';
import { createTestApp, type TestApp } from '../src/testing/test-app.js';
import { TEST_DIALECTS } from '../src/testing/test-stores.js';

const scrypt = vi.hoisted(() => ({ checks: 0 }));
vi.mock('../src/services/password-hash.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/services/password-hash.js')>();
  return {
    ...real,
    verifyPassword: (password: string, stored: string) => {
      scrypt.checks += 1;
      return real.verifyPassword(password, stored);
    },
  };
});

const LINE_PHONE = '+85261234567';
const LINE = {
  tariffs: [{ id: 't-hkd', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10 } } }],
  esims: [{ iccid: makeIccid('898520000000000099'), imsi: '454000000000099', msisdn: LINE_PHONE, accountId: CHAN.id, tariffId: 't-hkd' }],
};
const KANNEL_SECRET = 'kannel-secret';

const statuses = (responses: Response[]) => responses.reduce<Record<number, number>>((n, r) => ({ ...n, [r.status]: (n[r.status] ?? 0) + 1 }), {});

describe.each(TEST_DIALECTS)('throttles under concurrency on %s', (dialect) => {
  let t: TestApp;
  /** The auth and voucher routes taking the client address from X-Forwarded-For, as behind a proxy. */
  let app: App;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    await provisionPeople(t.deps.store, t.clock.now());
    expect(await provision(t.deps.store, LINE, t.clock.now())).toMatchObject({ ok: true });
    const deps = { ...t.deps, config: { ...t.deps.config, trustProxy: true } };
    app = createApp(deps, [(a, d) => authRoutes(a, d), actionRoutes, kannelRoute({ secret: KANNEL_SECRET, allow: ['127.0.0.1'] })]);
    scrypt.checks = 0;
  });
  afterEach(async () => {
    await t.close();
  });

  const post = (path: string, body: unknown, from = '203.0.113.1', headers: Record<string, string> = {}) =>
    Promise.resolve(
      app.request(path, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from, ...headers },
      }),
    );
  const parallel = (n: number, request: (i: number) => Promise<Response>) => Promise.all(Array.from({ length: n }, (_, i) => request(i)));

  it('100 parallel wrong passwords for one account: 5 evaluated, 95 refused with Retry-After; then the right one is refused', async () => {
    const answers = await parallel(100, (i) => post('/api/v1/auth/sign-in', { phone: CHAN.phone, password: `guess ${i}` }));
    console.log(`${dialect}: 100 parallel wrong passwords on one account -> ${scrypt.checks} evaluated (limit 5), ${JSON.stringify(statuses(answers))}`);
    expect(scrypt.checks).toBe(5);
    expect(statuses(answers)).toEqual({ 401: 5, 429: 95 });
    expect(answers.find((r) => r.status === 429)!.headers.get('retry-after')).toBe('900');
    expect((await post('/api/v1/auth/sign-in', { phone: CHAN.phone, password: CHAN.password }, '198.51.100.1')).status).toBe(429);
  });

  it('100 parallel wrong passwords from one address on 100 phones: 20 evaluated', async () => {
    const answers = await parallel(100, (i) => post('/api/v1/auth/sign-in', { phone: `+8529${String(1_000_000 + i)}`, password: 'guess' }));
    console.log(`${dialect}: 100 parallel wrong passwords from one address -> ${scrypt.checks} evaluated (limit 20)`);
    expect(scrypt.checks).toBe(20);
    expect(statuses(answers)).toEqual({ 401: 20, 429: 80 });
  });

  it('30 parallel sign-ins from 30 addresses, 29 wrong and the right one last: 5 evaluated, the right one refused', async () => {
    const answers = await parallel(30, (i) => post('/api/v1/auth/sign-in', { phone: CHAN.phone, password: i === 29 ? CHAN.password : `guess ${i}` }, `192.0.2.${i + 1}`));
    console.log(`${dialect}: 30 addresses, right password last -> ${scrypt.checks} evaluated, right one answered ${answers[29]!.status}`);
    expect(scrypt.checks).toBe(5);
    expect(statuses(answers)).toEqual({ 401: 5, 429: 25 });
    expect(answers[29]!.status).toBe(429);
    expect(answers[29]!.headers.get('set-cookie')).toBeNull();
  });

  it('parallel wrong SMS sign-in codes: 5 evaluated, then the right code is refused', async () => {
    await post('/api/v1/auth/otp/request', { phone: CHAN.phone });
    const code = codeSentTo(t.sms, CHAN.phone);
    const answers = await parallel(50, (i) => post('/api/v1/auth/otp/verify', { phone: CHAN.phone, code: wrongCode(code, i + 1) }, `192.0.2.${i + 1}`));
    expect(statuses(answers)).toEqual({ 401: 5, 429: 45 });
    const tries = await t.deps.store.db.selectFrom('otp_codes').select('failed_attempts').executeTakeFirstOrThrow();
    expect(Number(tries.failed_attempts)).toBe(5);
    expect((await post('/api/v1/auth/otp/verify', { phone: CHAN.phone, code }, '198.51.100.1')).status).toBe(429);
  });

  it('parallel wrong password-reset codes: 5 evaluated, the password unchanged', async () => {
    await post('/api/v1/auth/password/forgot', { phone: TANAKA.phone });
    const code = codeSentTo(t.sms, TANAKA.phone);
    const answers = await parallel(50, (i) => post('/api/v1/auth/password/reset', { phone: TANAKA.phone, code: wrongCode(code, i + 1), newPassword: 'taken over 1' }, `192.0.2.${i + 1}`));
    expect(statuses(answers)).toEqual({ 401: 5, 429: 45 });
    expect((await post('/api/v1/auth/password/reset', { phone: TANAKA.phone, code, newPassword: 'taken over 1' }, '198.51.100.1')).status).toBe(429);
    t.clock.advance(15 * 60_000);
    expect((await post('/api/v1/auth/sign-in', { phone: TANAKA.phone, password: TANAKA.password })).status).toBe(200);
  });

  it('parallel code requests for one phone send 3 SMS, no more', async () => {
    const answers = await parallel(30, (i) => post('/api/v1/auth/otp/request', { phone: CHAN.phone }, `192.0.2.${i + 1}`));
    expect(statuses(answers)).toEqual({ 202: 3, 429: 27 });
    await vi.waitFor(() => expect(t.sms.sent.filter((m) => m.to === CHAN.phone)).toHaveLength(3));
  });

  it('parallel wrong current passwords of a signed-in session: 5 evaluated', async () => {
    const s = await createSession(t.deps.store, CHAN.id, t.clock.now());
    const session = { cookie: `__Host-simledger=${s.token}`, 'x-csrf-token': s.session.csrfToken };
    const answers = await parallel(30, (i) => post('/api/v1/auth/password/change', { currentPassword: `guess ${i}`, newPassword: 'a new password 1' }, `192.0.2.${i + 1}`, session));
    expect(scrypt.checks).toBe(5);
    expect(statuses(answers)).toEqual({ 401: 5, 429: 25 });
  });

  it('parallel wrong hotline PINs: 3 evaluated', async () => {
    expect(await setIvrPin(t.deps.store, CHAN.id, '2580', t.clock.now())).toEqual({ ok: true });
    scrypt.checks = 0;
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        verifyAccountPin(t.deps.store, { accountNumber: CHAN.phone.slice(1), pin: i === 29 ? '2580' : String(1000 + i), caller: `+4477009001${String(i).padStart(2, '0')}` }, t.clock.now()),
      ),
    );
    expect(scrypt.checks).toBe(3);
    expect(answers.filter((a) => !a.ok && a.code === 'too_many_requests')).toHaveLength(27);
    expect(answers[29]).toMatchObject({ ok: false, code: 'too_many_requests' });
  });

  it('600 wrong voucher PINs from one account and address: 5 evaluated, 595 refused with Retry-After; the real PIN then waits', async () => {
    const [card] = await createVouchers(t.deps.store, { count: 1, valueMinor: 10_000n, currency: 'HKD', expiresAt: t.clock.now() + 86_400_000, batch: 'T' }, t.clock.now());
    const s = await createSession(t.deps.store, CHAN.id, t.clock.now());
    const session = { cookie: `__Host-simledger=${s.token}`, 'x-csrf-token': s.session.csrfToken };
    const answers = await parallel(600, (i) => post('/api/v1/topups/voucher', { id: `guess-${i}`, pin: String(1_000_000_000_000_000n + BigInt(i)) }, '203.0.113.9', session));
    console.log(`${dialect}: 600 parallel wrong voucher PINs -> ${JSON.stringify(statuses(answers))}`);
    expect(statuses(answers)).toEqual({ 422: 5, 429: 595 });
    const refused = answers.find((r) => r.status === 429)!;
    expect(refused.headers.get('retry-after')).toBe('900');
    expect(await refused.json()).toMatchObject({ code: 'too_many_requests' });
    expect((await post('/api/v1/topups/voucher', { id: 'real', pin: card!.pin }, '198.51.100.1', session)).status).toBe(429);
    t.clock.advance(15 * 60_000);
    expect((await post('/api/v1/topups/voucher', { id: 'real', pin: card!.pin }, '198.51.100.1', session)).status).toBe(201);
  });

  it('parallel wrong TOPUP PINs by SMS from one line: 5 evaluated, the rest told to try later', async () => {
    const sms = (text: string) =>
      Promise.resolve(
        app.request(`/channels/sms/kannel?${new URLSearchParams({ from: LINE_PHONE, to: '1234', text, secret: KANNEL_SECRET })}`, {}, { incoming: { socket: { remoteAddress: '127.0.0.1' } } }),
      ).then((r) => r.text());
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => sms(`儲值 ${String(2_000_000_000_000_000n + BigInt(i))}`)));
    const counts = replies.reduce<Record<string, number>>((n, r) => ({ ...n, [r]: (n[r] ?? 0) + 1 }), {});
    expect(counts).toEqual({ [message('zh-Hant', 'topup.failed.invalid_voucher')]: 5, [message('zh-Hant', 'topup.failed.other')]: 35 });
  });
});
