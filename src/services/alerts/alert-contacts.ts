/**
 * Where alerts can reach an account besides its phone: an e-mail address, usable once the code
 * sent to it is entered (6 digits like the SMS codes: 10 minutes, 5 tries, sends throttled),
 * and a webhook URL with the secret its requests are signed with (shown once, when set).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { message } from '../../messages/catalogue.js';
import { languageOf } from '../../messages/languages.js';
import type { Store } from '../../store/open-store.js';
import type { AuthDeps, Throttled } from '../auth/auth-deps.js';
import { CODE_MAX_FAILURES, CODE_VALID_MS, newCode } from '../auth/one-time-codes.js';
import { reserveAttempt, PHONE_CODE_SENDS, ADDRESS_CODE_SENDS } from '../auth/throttle.js';
import type { EmailSender } from '../ports/alert-ports.js';

export interface AlertContacts {
  readonly email: string | null;
  readonly emailVerified: boolean;
  /** An address waiting for its code. */
  readonly emailPending: string | null;
  readonly webhookUrl: string | null;
}

export async function getAlertContacts(store: Store, accountId: string): Promise<AlertContacts> {
  const row = await store.db.selectFrom('alert_contacts').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  return {
    email: row?.email ?? null,
    emailVerified: row?.email_verified_at != null && row.email !== null,
    emailPending: row?.email_pending ?? null,
    webhookUrl: row?.webhook_url ?? null,
  };
}

type ContactColumns = {
  email: string | null;
  email_verified_at: number | null;
  email_pending: string | null;
  email_code_hash: string | null;
  email_code_expires_at: number | null;
  email_code_failures: number;
  webhook_url: string | null;
  webhook_secret: string | null;
};

async function saveContacts(store: Store, accountId: string, values: Partial<ContactColumns>, nowMs: number): Promise<void> {
  const set = { ...values, updated_at: nowMs };
  await store.db
    .insertInto('alert_contacts')
    .values({ account_id: accountId, email: null, email_verified_at: null, email_pending: null, webhook_url: null, webhook_secret: null, ...set })
    .onConflict((oc) => oc.column('account_id').doUpdateSet(set))
    .execute();
}

/** A plain address: one @, a dotted domain, no spaces or angle brackets; at most 254 characters. */
export function isEmailAddress(s: string): boolean {
  return s.length <= 254 && /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/.test(s);
}

export type EmailCodeOutcome = { ok: true } | { ok: false; code: 'invalid_email' | 'no_email_channel' } | Throttled;

function codeHash(accountId: string, email: string, code: string): string {
  return createHash('sha256').update(`${accountId}:${email}:${code}`).digest('base64url');
}

/**
 * Sends a code to `email`; the address becomes the account's once the code comes back
 * (`confirmEmail`). Sends are throttled per account and per client like the SMS codes.
 */
export async function requestEmailCode(deps: AuthDeps & { email?: EmailSender }, accountId: string, email: string, client: string): Promise<EmailCodeOutcome> {
  if (!isEmailAddress(email)) return { ok: false, code: 'invalid_email' };
  const sender = deps.email;
  if (sender === undefined) return { ok: false, code: 'no_email_channel' };
  const refused = await reserveAttempt(
    deps.store,
    [
      { key: `email-ip:${client}`, policy: ADDRESS_CODE_SENDS },
      { key: `email:${accountId}`, policy: PHONE_CODE_SENDS },
    ],
    deps.now(),
  );
  if (refused) return refused;
  const account = await deps.store.db.selectFrom('accounts').select('language').where('id', '=', accountId).executeTakeFirstOrThrow();
  const language = languageOf(account.language);
  const code = newCode();
  await saveContacts(
    deps.store,
    accountId,
    {
      email_pending: email,
      email_code_hash: codeHash(accountId, email, code),
      email_code_expires_at: deps.now() + CODE_VALID_MS,
      email_code_failures: 0,
    },
    deps.now(),
  );
  await sender.send({
    to: email,
    subject: message(language, 'alert.emailCodeSubject'),
    text: message(language, 'alert.emailCode', { code }),
    messageId: `<verify-${randomBytes(12).toString('hex')}@simledger>`,
  });
  return { ok: true };
}

/** The code sent to the pending address: right (within its time and tries), and the address is the account's, verified. */
export async function confirmEmail(deps: AuthDeps, accountId: string, code: string): Promise<{ ok: true; email: string } | { ok: false; code: 'invalid_code' }> {
  const nowMs = deps.now();
  const row = await deps.store.db.selectFrom('alert_contacts').select(['email_pending', 'email_code_hash']).where('account_id', '=', accountId).executeTakeFirst();
  if (!row?.email_pending || !row.email_code_hash) return { ok: false, code: 'invalid_code' };
  // The try is counted before the comparison, so parallel guesses cannot pass the limit.
  const counted = await deps.store.db
    .updateTable('alert_contacts')
    .set((eb) => ({ email_code_failures: eb('email_code_failures', '+', 1) }))
    .where('account_id', '=', accountId)
    .where('email_code_hash', '=', row.email_code_hash)
    .where('email_code_failures', '<', CODE_MAX_FAILURES)
    .where('email_code_expires_at', '>', nowMs)
    .executeTakeFirst();
  if (Number(counted.numUpdatedRows) !== 1) return { ok: false, code: 'invalid_code' };
  const expected = Buffer.from(row.email_code_hash);
  const presented = Buffer.from(codeHash(accountId, row.email_pending, code));
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return { ok: false, code: 'invalid_code' };
  await saveContacts(deps.store, accountId, { email: row.email_pending, email_verified_at: nowMs, email_pending: null, email_code_hash: null, email_code_expires_at: null }, nowMs);
  return { ok: true, email: row.email_pending };
}

export async function removeEmail(store: Store, accountId: string, nowMs: number): Promise<void> {
  await saveContacts(store, accountId, { email: null, email_verified_at: null, email_pending: null }, nowMs);
}

/**
 * Sets the webhook URL (http or https) and a new signing secret, returned this once; null removes both.
 * Plain http only to loopback, for a receiver on the same host.
 */
export async function setWebhook(store: Store, accountId: string, url: string | null, nowMs: number): Promise<{ ok: true; secret: string | null } | { ok: false; code: 'invalid_url' }> {
  if (url === null) {
    await saveContacts(store, accountId, { webhook_url: null, webhook_secret: null }, nowMs);
    return { ok: true, secret: null };
  }
  if (!isWebhookUrl(url)) return { ok: false, code: 'invalid_url' };
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  await saveContacts(store, accountId, { webhook_url: url, webhook_secret: secret }, nowMs);
  return { ok: true, secret };
}

export function isWebhookUrl(text: string): boolean {
  if (text.length > 2000 || !URL.canParse(text)) return false;
  const u = new URL(text);
  const loopback = u.hostname === 'localhost' || u.hostname.startsWith('127.') || u.hostname === '[::1]';
  return u.protocol === 'https:' || (u.protocol === 'http:' && loopback);
}
