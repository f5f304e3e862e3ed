/**
 * Codes asked for and used by phone number (sign-in, forgotten password). Every step does the
 * same work and gives the same answer whether or not the phone has an account.
 */
import type { AuthDeps, Throttled } from './auth-deps.js';
import { accountByPhone, loginPhoneOf } from './account-lookup.js';
import { issueCode, issueNoCode, useCode, type CodePurpose } from './one-time-codes.js';
import { codeSendLimits, failureLimits, reserveAttempt, throttled } from './throttle.js';

export type PhoneCodePurpose = Extract<CodePurpose, 'sign_in' | 'reset_password'>;

export interface PhoneCodeRequest {
  readonly phone: string;
  readonly client: string;
  readonly purpose: PhoneCodePurpose;
}

/** `ok` means "sent if the phone has an account"; a throttled answer is the same for any phone. */
export async function requestPhoneCode(deps: AuthDeps, input: PhoneCodeRequest): Promise<{ ok: true } | Throttled> {
  const nowMs = deps.now();
  const phone = loginPhoneOf(input.phone);
  const limits = codeSendLimits(input.client, phone);
  const refused = await reserveAttempt(deps.store, limits, nowMs);
  if (refused) return refused;
  const account = await accountByPhone(deps.store, phone);
  if (account) await issueCode(deps, { accountId: account.id, language: account.language, purpose: input.purpose, to: phone });
  else await issueNoCode(deps);
  return { ok: true };
}

export interface PhoneCodeUse {
  readonly phone: string;
  readonly code: string;
  readonly client: string;
  readonly purpose: PhoneCodePurpose;
}
export type PhoneCodeResult = { ok: true; accountId: string } | { ok: false; code: 'invalid_code' } | Throttled;

/** Checks a code typed with its phone number, counting failures per account (or phone) and address. */
export async function usePhoneCode(deps: AuthDeps, input: PhoneCodeUse): Promise<PhoneCodeResult> {
  const nowMs = deps.now();
  const phone = loginPhoneOf(input.phone);
  const account = await accountByPhone(deps.store, phone);
  const limits = failureLimits(input.client, account?.id, phone);
  return throttled(
    deps.store,
    limits,
    nowMs,
    async (): Promise<PhoneCodeResult> => {
      const check = account ? await useCode(deps, account.id, input.purpose, input.code) : await noAccount(deps);
      return check.ok && account ? { ok: true, accountId: account.id } : { ok: false, code: 'invalid_code' };
    },
    limits[1]!.key,
  );
}

async function noAccount(deps: AuthDeps): Promise<{ ok: false }> {
  await issueNoCode(deps);
  return { ok: false };
}
