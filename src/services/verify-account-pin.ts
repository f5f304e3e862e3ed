/**
 * Hotline sign-in for callers whose number is no eSIM line: an account number typed on the keypad
 * (the account's login phone or one of its lines' numbers, international digits without `+`, or a
 * numeric account id) and the account's hotline PIN. Three wrong PINs within 15 minutes lock the
 * account for the hotline for 15 minutes; ten failures from one calling number lock that number.
 */
import type { Store } from '../store/open-store.js';
import { throttled, type Limit, type ThrottlePolicy } from './auth/throttle.js';
import { hashPassword, verifyPassword } from './password-hash.js';

const MINUTE_MS = 60_000;
export const IVR_PIN_FAILURES: ThrottlePolicy = { max: 3, windowMs: 15 * MINUTE_MS, lockMs: 15 * MINUTE_MS };
export const IVR_CALLER_FAILURES: ThrottlePolicy = { max: 10, windowMs: 15 * MINUTE_MS, lockMs: 15 * MINUTE_MS };

export interface PinAttempt {
  readonly accountNumber: string;
  readonly pin: string;
  readonly caller: string;
}

export type PinCheck =
  { ok: true; accountId: string; language: string; timeZone: string } | { ok: false; code: 'invalid_credentials' } | { ok: false; code: 'too_many_requests'; retryAfterMs: number };

let dummyHash: Promise<string> | undefined;

async function accountOfNumber(store: Store, digits: string): Promise<{ id: string; language: string; timeZone: string; pinHash: string | null } | undefined> {
  if (!/^\d{1,20}$/.test(digits)) return undefined;
  const phone = `+${digits}`;
  const byLine = store.db.selectFrom('esims').select('account_id').where('msisdn', '=', phone);
  const row = await store.db
    .selectFrom('accounts')
    .leftJoin('ivr_pins', 'ivr_pins.account_id', 'accounts.id')
    .select(['accounts.id', 'accounts.language', 'accounts.time_zone', 'ivr_pins.pin_hash'])
    .where((eb) => eb.or([eb('accounts.id', '=', digits), eb('accounts.login_phone', '=', phone), eb('accounts.id', 'in', byLine)]))
    .orderBy('accounts.id')
    .executeTakeFirst();
  return row && { id: row.id, language: row.language, timeZone: row.time_zone, pinHash: row.pin_hash };
}

export async function verifyAccountPin(store: Store, attempt: PinAttempt, nowMs: number): Promise<PinCheck> {
  const account = await accountOfNumber(store, attempt.accountNumber);
  const accountKey = account === undefined ? `ivr-pin:number:${attempt.accountNumber.slice(0, 20)}` : `ivr-pin:acct:${account.id}`;
  const limits: Limit[] = [
    { key: accountKey, policy: IVR_PIN_FAILURES },
    { key: `ivr-pin:caller:${attempt.caller.slice(0, 32)}`, policy: IVR_CALLER_FAILURES },
  ];
  return throttled(
    store,
    limits,
    nowMs,
    async (): Promise<PinCheck> => {
      // Unknown accounts and accounts without a PIN cost one scrypt too, so timing tells nothing.
      const stored = account?.pinHash ?? (await (dummyHash ??= hashPassword('no pin set')));
      const matches = await verifyPassword(attempt.pin, stored);
      if (!matches || account === undefined || account.pinHash === null) return { ok: false, code: 'invalid_credentials' };
      return { ok: true, accountId: account.id, language: account.language, timeZone: account.timeZone };
    },
    accountKey,
  );
}
