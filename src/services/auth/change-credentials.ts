/**
 * Changes of password and login phone from a signed-in session. Both need the current password
 * again (re-authentication); wrong passwords count against the account like at sign-in.
 */
import { normalizeMsisdn } from '../../domain/identifiers.js';
import { hashPassword } from '../password-hash.js';
import { endOtherSessions, markReauthenticated } from '../sessions.js';
import type { AuthDeps, Throttled } from './auth-deps.js';
import { accountById, type LoginAccount } from './account-lookup.js';
import { issueCode, issueNoCode, useCode } from './one-time-codes.js';
import { checkPasswordOrDummy } from './sign-in-with-password.js';
import { codeSendLimits, failureLimits, reserveAttempt, throttled } from './throttle.js';

/** The signed-in caller: account, session (its id hash) and client address. */
export interface Caller {
  readonly accountId: string;
  readonly sessionId: string;
  readonly client: string;
}

type Reauth = { ok: true; account: LoginAccount } | { ok: false; code: 'reauthentication_required' } | Throttled;

async function reauthenticate(deps: AuthDeps, caller: Caller, password: string): Promise<Reauth> {
  const nowMs = deps.now();
  const limits = failureLimits(caller.client, caller.accountId, '');
  const checked = await throttled(
    deps.store,
    limits,
    nowMs,
    async (): Promise<Reauth> => {
      const account = await accountById(deps.store, caller.accountId);
      const passwordOk = await checkPasswordOrDummy(password, account?.passwordHash);
      return account && passwordOk ? { ok: true, account } : { ok: false, code: 'reauthentication_required' };
    },
    limits[1]!.key,
  );
  if (checked.ok) await markReauthenticated(deps.store, caller.sessionId, nowMs);
  return checked;
}

export type ChangePasswordResult = { ok: true } | { ok: false; code: 'reauthentication_required' } | Throttled;

/** Current + new password: sets the new one and ends every other session of the account. */
export async function changePassword(deps: AuthDeps, caller: Caller, input: { currentPassword: string; newPassword: string }): Promise<ChangePasswordResult> {
  const reauth = await reauthenticate(deps, caller, input.currentPassword);
  if (!reauth.ok) return reauth;
  const passwordHash = await hashPassword(input.newPassword);
  await deps.store.db.updateTable('accounts').set({ password_hash: passwordHash }).where('id', '=', caller.accountId).execute();
  await endOtherSessions(deps.store, caller.accountId, caller.sessionId);
  return { ok: true };
}

export type PhoneChangeRequestResult = { ok: true } | { ok: false; code: 'reauthentication_required' | 'invalid_phone' } | Throttled;

/**
 * Password + new phone: a code goes to the new phone. A phone that is another account's login
 * gets no code, but the answer is the same (it must not tell whose number it is).
 */
export async function requestPhoneChange(deps: AuthDeps, caller: Caller, input: { password: string; newPhone: string }): Promise<PhoneChangeRequestResult> {
  const newPhone = normalizeMsisdn(input.newPhone);
  if (newPhone === undefined) return { ok: false, code: 'invalid_phone' };
  const reauth = await reauthenticate(deps, caller, input.password);
  if (!reauth.ok) return reauth;
  const nowMs = deps.now();
  const limits = codeSendLimits(caller.client, newPhone);
  const refused = await reserveAttempt(deps.store, limits, nowMs);
  if (refused) return refused;
  if (await ownedByOther(deps, newPhone, caller.accountId)) await issueNoCode(deps);
  else await issueCode(deps, { accountId: caller.accountId, language: reauth.account.language, purpose: 'change_phone', to: newPhone, newPhone });
  return { ok: true };
}

async function ownedByOther(deps: AuthDeps, phone: string, accountId: string): Promise<boolean> {
  const owner = await deps.store.db.selectFrom('accounts').select('id').where('login_phone', '=', phone).executeTakeFirst();
  return owner !== undefined && owner.id !== accountId;
}

export type PhoneChangeConfirmResult = { ok: true; loginPhone: string } | { ok: false; code: 'invalid_code' } | Throttled;

/** The code sent to the new phone: the new phone becomes the login; other sessions end. */
export async function confirmPhoneChange(deps: AuthDeps, caller: Caller, input: { code: string }): Promise<PhoneChangeConfirmResult> {
  const limits = failureLimits(caller.client, caller.accountId, '');
  const check = await throttled(deps.store, limits, deps.now(), () => useCode(deps, caller.accountId, 'change_phone', input.code), limits[1]!.key);
  if (!check.ok) return check;
  const newPhone = check.newPhone;
  if (newPhone === null) return { ok: false, code: 'invalid_code' };
  // Taken since the code was sent (a race): refused with the same generic answer.
  if (await ownedByOther(deps, newPhone, caller.accountId)) return { ok: false, code: 'invalid_code' };
  try {
    await deps.store.db.updateTable('accounts').set({ login_phone: newPhone }).where('id', '=', caller.accountId).execute();
  } catch (error) {
    if (await ownedByOther(deps, newPhone, caller.accountId)) return { ok: false, code: 'invalid_code' };
    throw error;
  }
  await endOtherSessions(deps.store, caller.accountId, caller.sessionId);
  return { ok: true, loginPhone: newPhone };
}
