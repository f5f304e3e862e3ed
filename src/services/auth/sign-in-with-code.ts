import { createSession } from '../sessions.js';
import type { AuthDeps, Throttled } from './auth-deps.js';
import { requestPhoneCode, usePhoneCode } from './phone-codes.js';

/** Sends a sign-in code if the phone has an account; the answer never tells. */
export function requestSignInCode(deps: AuthDeps, input: { phone: string; client: string }): Promise<{ ok: true } | Throttled> {
  return requestPhoneCode(deps, { ...input, purpose: 'sign_in' });
}

export type CodeSignInResult = { ok: true; accountId: string; token: string; csrfToken: string } | { ok: false; code: 'invalid_code' } | Throttled;

/** Phone + SMS code -> a new session (a new cookie value at every sign-in). */
export async function signInWithCode(deps: AuthDeps, input: { phone: string; code: string; client: string }): Promise<CodeSignInResult> {
  const used = await usePhoneCode(deps, { ...input, purpose: 'sign_in' });
  if (!used.ok) return used;
  const { token, session } = await createSession(deps.store, used.accountId, deps.now(), input.client);
  return { ok: true, accountId: used.accountId, token, csrfToken: session.csrfToken };
}
