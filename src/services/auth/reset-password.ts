import { hashPassword } from '../password-hash.js';
import type { AuthDeps, Throttled } from './auth-deps.js';
import { requestPhoneCode, usePhoneCode } from './phone-codes.js';

/** Forgotten password: a code by SMS if the phone has an account; the answer never tells. */
export function requestPasswordReset(deps: AuthDeps, input: { phone: string; client: string }): Promise<{ ok: true } | Throttled> {
  return requestPhoneCode(deps, { ...input, purpose: 'reset_password' });
}

export type ResetResult = { ok: true; accountId: string } | { ok: false; code: 'invalid_code' } | Throttled;

/** Phone + code + new password: sets the password and ends every session of the account. */
export async function resetPassword(deps: AuthDeps, input: { phone: string; code: string; newPassword: string; client: string }): Promise<ResetResult> {
  const used = await usePhoneCode(deps, { phone: input.phone, code: input.code, client: input.client, purpose: 'reset_password' });
  if (!used.ok) return used;
  const passwordHash = await hashPassword(input.newPassword);
  await deps.store.db.transaction().execute(async (tx) => {
    await tx.updateTable('accounts').set({ password_hash: passwordHash }).where('id', '=', used.accountId).execute();
    await tx.deleteFrom('sessions').where('account_id', '=', used.accountId).execute();
  });
  return { ok: true, accountId: used.accountId };
}
