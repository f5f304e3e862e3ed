import { hashPassword, verifyPassword } from '../password-hash.js';
import { createSession } from '../sessions.js';
import type { AuthDeps, Throttled } from './auth-deps.js';
import { accountByPhone, loginPhoneOf, type LoginAccount } from './account-lookup.js';
import { failureLimits, throttled } from './throttle.js';

export type PasswordSignInResult = { ok: true; accountId: string; token: string; csrfToken: string } | { ok: false; code: 'invalid_credentials' } | Throttled;

type PasswordCheck = { ok: true; account: LoginAccount } | { ok: false; code: 'invalid_credentials' };

let dummyHash: Promise<string> | undefined;

/** A real scrypt check even when there is no account, so the answer takes as long either way. */
export async function checkPasswordOrDummy(password: string, stored: string | null | undefined): Promise<boolean> {
  const ok = await verifyPassword(password, stored ?? (await (dummyHash ??= hashPassword('no account has this password'))));
  return ok && typeof stored === 'string';
}

/** Phone + password -> a new session. Any wrong combination answers `invalid_credentials`. */
export async function signInWithPassword(deps: AuthDeps, input: { phone: string; password: string; client: string }): Promise<PasswordSignInResult> {
  const nowMs = deps.now();
  const phone = loginPhoneOf(input.phone);
  const account = await accountByPhone(deps.store, phone);
  const limits = failureLimits(input.client, account?.id, phone);
  const checked = await throttled(
    deps.store,
    limits,
    nowMs,
    async (): Promise<PasswordCheck> => {
      const passwordOk = await checkPasswordOrDummy(input.password, account?.passwordHash);
      return account && passwordOk ? { ok: true, account } : { ok: false, code: 'invalid_credentials' };
    },
    limits[1]!.key,
  );
  if (!checked.ok) return checked;
  const { account: signedIn } = checked;
  const { token, session } = await createSession(deps.store, signedIn.id, nowMs, input.client);
  return { ok: true, accountId: signedIn.id, token, csrfToken: session.csrfToken };
}
