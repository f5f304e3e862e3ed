import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../testing/test-stores.js';
import { authWorld, CHAN, codeSentTo, TANAKA, wrongCode, type AuthWorld } from '../../testing/auth-test-kit.js';
import { codeText } from './code-texts.js';
import { CODE_MAX_FAILURES, CODE_VALID_MS, issueCode, newCode, useCode } from './one-time-codes.js';

describe('code texts', () => {
  it('says the code in every language, falling back to English', () => {
    for (const language of ['en', 'zh-Hans', 'zh-Hant', 'ja', 'ko', 'ru', 'ar', 'xx']) {
      const text = codeText(language, '042917');
      expect(text).toContain('042917');
      expect(text.length).toBeLessThanOrEqual(70);
    }
    expect(codeText('xx', '1')).toBe(codeText('en', '1'));
    expect(codeText('zh-Hant', '123456')).toContain('驗證碼');
  });

  it('draws 6 digits', () => {
    for (let i = 0; i < 200; i++) expect(newCode()).toMatch(/^\d{6}$/);
  });
});

describe.each(TEST_DIALECTS)('one-time codes on %s', (dialect) => {
  let w: AuthWorld;
  beforeEach(async () => {
    w = await authWorld(dialect);
  });
  afterEach(async () => {
    await w.close();
  });

  const issue = (purpose: 'sign_in' | 'reset_password' = 'sign_in') => issueCode(w.deps, { accountId: CHAN.id, language: 'zh-Hant', purpose, to: CHAN.phone });

  it('is sent by SMS, stored hashed, and works once', async () => {
    expect(await issue()).toEqual({ sent: true });
    const code = codeSentTo(w.deps.sms, CHAN.phone);
    expect(w.deps.sms.lastTo(CHAN.phone)?.purpose).toBe('otp');
    const row = await w.store.db.selectFrom('otp_codes').selectAll().executeTakeFirstOrThrow();
    expect(row.code_hash).not.toContain(code);
    expect(await useCode(w.deps, CHAN.id, 'sign_in', code)).toEqual({ ok: true, newPhone: null });
    expect(await useCode(w.deps, CHAN.id, 'sign_in', code)).toEqual({ ok: false, code: 'invalid_code' });
  });

  it('expires after 10 minutes', async () => {
    await issue();
    const code = codeSentTo(w.deps.sms, CHAN.phone);
    w.advance(CODE_VALID_MS);
    expect(await useCode(w.deps, CHAN.id, 'sign_in', code)).toEqual({ ok: false, code: 'invalid_code' });
  });

  it('is dead after 5 wrong tries, even for the right code', async () => {
    await issue();
    const code = codeSentTo(w.deps.sms, CHAN.phone);
    for (let i = 1; i <= CODE_MAX_FAILURES; i++) expect((await useCode(w.deps, CHAN.id, 'sign_in', wrongCode(code, i))).ok).toBe(false);
    expect(await useCode(w.deps, CHAN.id, 'sign_in', code)).toEqual({ ok: false, code: 'invalid_code' });
  });

  it('a resend replaces the code but keeps the failure count', async () => {
    await issue();
    const first = codeSentTo(w.deps.sms, CHAN.phone);
    for (let i = 1; i <= 3; i++) await useCode(w.deps, CHAN.id, 'sign_in', wrongCode(first, i));
    w.advance(30_000);
    await issue();
    const second = codeSentTo(w.deps.sms, CHAN.phone);
    expect(await useCode(w.deps, CHAN.id, 'sign_in', first)).toEqual({ ok: false, code: 'invalid_code' }); // superseded
    await useCode(w.deps, CHAN.id, 'sign_in', wrongCode(second, 1)); // the 5th failure in all
    expect(await useCode(w.deps, CHAN.id, 'sign_in', second)).toEqual({ ok: false, code: 'invalid_code' });
    // A third code would be born dead: it is not even sent.
    const sentBefore = w.deps.sms.sent.length;
    expect(await issue()).toEqual({ sent: false });
    expect(w.deps.sms.sent.length).toBe(sentBefore);
  });

  it('forgets old failures after 15 minutes, and a used code clears the slate', async () => {
    await issue();
    const first = codeSentTo(w.deps.sms, CHAN.phone);
    for (let i = 1; i <= CODE_MAX_FAILURES; i++) await useCode(w.deps, CHAN.id, 'sign_in', wrongCode(first, i));
    w.advance(15 * 60_000 + 1);
    expect(await issue()).toEqual({ sent: true });
    expect((await useCode(w.deps, CHAN.id, 'sign_in', codeSentTo(w.deps.sms, CHAN.phone))).ok).toBe(true);
  });

  it('keeps purposes and accounts apart', async () => {
    await issue('reset_password');
    const code = codeSentTo(w.deps.sms, CHAN.phone);
    expect((await useCode(w.deps, CHAN.id, 'sign_in', code)).ok).toBe(false);
    expect((await useCode(w.deps, TANAKA.id, 'reset_password', code)).ok).toBe(false);
    expect((await useCode(w.deps, CHAN.id, 'reset_password', code)).ok).toBe(true);
  });
});
