/**
 * Attempt counters with a fixed window and a lock-out. A key names what is counted:
 * `acct:<id>` (failed passwords and codes of an account), `phone:<e164>` (the same for a phone
 * with no account, so a lock looks the same either way), `ip:<address>` (failures from a client
 * address), `sms:<e164>` and `sms-ip:<address>` (codes sent: no SMS bombing).
 */
import { sql } from 'kysely';
import type { Store } from '../../store/open-store.js';
import type { Throttled } from './auth-deps.js';

export interface ThrottlePolicy { readonly max: number; readonly windowMs: number; readonly lockMs: number }
export interface Limit { readonly key: string; readonly policy: ThrottlePolicy }

const MINUTE_MS = 60_000;
/** 5 failed passwords or codes within 15 minutes lock the account (or unknown phone) for 15 minutes. */
export const ACCOUNT_FAILURES: ThrottlePolicy = { max: 5, windowMs: 15 * MINUTE_MS, lockMs: 15 * MINUTE_MS };
/** 20 failures from one client address within 15 minutes lock that address for 15 minutes. */
export const ADDRESS_FAILURES: ThrottlePolicy = { max: 20, windowMs: 15 * MINUTE_MS, lockMs: 15 * MINUTE_MS };
/** 3 codes to one phone within 10 minutes, then none for 10 minutes. */
export const PHONE_CODE_SENDS: ThrottlePolicy = { max: 3, windowMs: 10 * MINUTE_MS, lockMs: 10 * MINUTE_MS };
/** 10 code requests from one client address within 10 minutes, then none for 10 minutes. */
export const ADDRESS_CODE_SENDS: ThrottlePolicy = { max: 10, windowMs: 10 * MINUTE_MS, lockMs: 10 * MINUTE_MS };

/** The keys a password or code attempt counts against: the client address and the account (or phone). */
export function failureLimits(client: string, accountId: string | undefined, phone: string): Limit[] {
  return [
    { key: `ip:${client}`, policy: ADDRESS_FAILURES },
    { key: accountId === undefined ? `phone:${phone}` : `acct:${accountId}`, policy: ACCOUNT_FAILURES },
  ];
}

export function codeSendLimits(client: string, phone: string): Limit[] {
  return [{ key: `sms-ip:${client}`, policy: ADDRESS_CODE_SENDS }, { key: `sms:${phone}`, policy: PHONE_CODE_SENDS }];
}

/** How long the longest lock among `limits` still holds; undefined when none is locked. */
export async function lockOf(store: Store, limits: readonly Limit[], nowMs: number): Promise<Throttled | undefined> {
  const rows = await store.db.selectFrom('auth_throttle').select(['locked_until'])
    .where('key', 'in', limits.map((l) => l.key)).execute();
  const until = Math.max(0, ...rows.map((r) => Number(r.locked_until)));
  return until > nowMs ? { ok: false, code: 'too_many_requests', retryAfterMs: until - nowMs } : undefined;
}

/** Counts one attempt against each limit (one statement per key, safe under concurrency). */
export async function countAttempt(store: Store, limits: readonly Limit[], nowMs: number): Promise<void> {
  for (const { key, policy } of limits) {
    const fresh = sql<boolean>`auth_throttle.window_start + ${policy.windowMs} <= ${nowMs}`;
    const row = await store.db.insertInto('auth_throttle')
      .values({ key, failures: 1, window_start: nowMs, locked_until: 0 })
      .onConflict((oc) => oc.column('key').doUpdateSet({
        failures: sql`case when ${fresh} then 1 else auth_throttle.failures + 1 end`,
        window_start: sql`case when ${fresh} then ${nowMs} else auth_throttle.window_start end`,
      }))
      .returning(['failures'])
      .executeTakeFirstOrThrow();
    if (Number(row.failures) >= policy.max) {
      await store.db.updateTable('auth_throttle').set({ locked_until: nowMs + policy.lockMs, failures: 0, window_start: nowMs })
        .where('key', '=', key).execute();
    }
  }
}

/** A success forgets the account's failures (never the address's). */
export async function forget(store: Store, key: string): Promise<void> {
  await store.db.deleteFrom('auth_throttle').where('key', '=', key).execute();
}

/** Housekeeping: counters whose window and lock are both over. */
export async function pruneThrottle(store: Store, nowMs: number, oldestWindowMs = 15 * MINUTE_MS): Promise<void> {
  await store.db.deleteFrom('auth_throttle')
    .where('locked_until', '<=', nowMs).where('window_start', '<=', nowMs - oldestWindowMs).execute();
}
