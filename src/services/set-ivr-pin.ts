/**
 * The hotline phone PIN of an account: 4-8 digits, stored only as a scrypt hash. It is set by the
 * subscriber through a channel that already knows who they are (the USSD menu, whose gateway
 * vouches for the number). Obvious PINs (one digit repeated, a run like 1234 or 4321) are refused.
 */
import type { Store } from '../store/open-store.js';
import { hashPassword } from './password-hash.js';

export const IVR_PIN_PATTERN = /^\d{4,8}$/;

export type SetPinResult = { ok: true } | { ok: false; code: 'invalid_pin' | 'unknown_account' };

export function isGuessablePin(pin: string): boolean {
  const steps = new Set<number>();
  for (let i = 1; i < pin.length; i += 1) steps.add((pin.charCodeAt(i) - pin.charCodeAt(i - 1) + 10) % 10);
  return steps.size === 1 && (steps.has(0) || steps.has(1) || steps.has(9));
}

export async function setIvrPin(store: Store, accountId: string, pin: string, nowMs: number): Promise<SetPinResult> {
  if (!IVR_PIN_PATTERN.test(pin) || isGuessablePin(pin)) return { ok: false, code: 'invalid_pin' };
  const account = await store.db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
  if (account === undefined) return { ok: false, code: 'unknown_account' };
  const pinHash = await hashPassword(pin);
  await store.db
    .insertInto('ivr_pins')
    .values({ account_id: accountId, pin_hash: pinHash, updated_at: nowMs })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ pin_hash: pinHash, updated_at: nowMs }))
    .execute();
  return { ok: true };
}
