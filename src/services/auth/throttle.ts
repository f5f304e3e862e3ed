/**
 * Attempt counters with a fixed window and a lock-out. A key names what is counted:
 * `acct:<id>` (passwords and codes of an account), `phone:<e164>` (the same for a phone with no
 * account, so a lock looks the same either way), `ip:<address>` (attempts from a client address),
 * `sms:<e164>` and `sms-ip:<address>` (codes sent: no SMS bombing), and the `ivr-pin:` and
 * `voucher:` keys of the hotline PIN and voucher PINs.
 *
 * An attempt is reserved before it is evaluated, in one statement per key, so parallel guesses
 * (from one process or several sharing the database) never evaluate more than `max` per window:
 * the `max`-th reservation locks the key, every later one is refused until the lock is over.
 * A success gives its reservation back; only failures (and refusals) stay counted.
 */
import { sql } from 'kysely';
import type { Store } from '../../store/open-store.js';
import type { Throttled } from './auth-deps.js';

export interface ThrottlePolicy {
  readonly max: number;
  readonly windowMs: number;
  readonly lockMs: number;
}
export interface Limit {
  readonly key: string;
  readonly policy: ThrottlePolicy;
}

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
  return [
    { key: `sms-ip:${client}`, policy: ADDRESS_CODE_SENDS },
    { key: `sms:${phone}`, policy: PHONE_CODE_SENDS },
  ];
}

/**
 * One attempt against one key, in one statement (atomic on SQLite and PostgreSQL): a key whose
 * window or lock is over starts again at 1; otherwise the count goes up, and reaching `max` locks.
 * The attempt may be evaluated when the count it got is at most `max`.
 */
async function reserveOne(store: Store, { key, policy }: Limit, nowMs: number): Promise<Throttled | undefined> {
  const locked = sql<boolean>`auth_throttle.locked_until > ${nowMs}`;
  const fresh = sql<boolean>`(auth_throttle.locked_until <> 0 or auth_throttle.window_start + ${policy.windowMs} <= ${nowMs})`;
  const count = sql<number>`case when ${fresh} then 1 else auth_throttle.failures + 1 end`;
  const lockAt = (n: unknown) => sql<number>`case when ${n} >= ${policy.max} then cast(${nowMs + policy.lockMs} as bigint) else 0 end`;
  const row = await store.db
    .insertInto('auth_throttle')
    .values({ key, failures: 1, window_start: nowMs, locked_until: 1 >= policy.max ? nowMs + policy.lockMs : 0 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`case when ${locked} then auth_throttle.failures + 1 else ${count} end`,
        window_start: sql`case when ${locked} or not ${fresh} then auth_throttle.window_start else ${nowMs} end`,
        locked_until: sql`case when ${locked} then auth_throttle.locked_until else ${lockAt(count)} end`,
      }),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirstOrThrow();
  if (Number(row.failures) <= policy.max) return undefined;
  return { ok: false, code: 'too_many_requests', retryAfterMs: Math.max(1, Number(row.locked_until) - nowMs) };
}

/** Reserves one attempt against every limit before it is evaluated; a refused attempt holds none. */
export async function reserveAttempt(store: Store, limits: readonly Limit[], nowMs: number): Promise<Throttled | undefined> {
  for (const [i, limit] of limits.entries()) {
    const refused = await reserveOne(store, limit, nowMs);
    if (refused) {
      await releaseAttempt(store, limits.slice(0, i));
      return refused;
    }
  }
  return undefined;
}

/** Gives reserved attempts back (they were no failure); a lock falls when its count drops below `max`. */
export async function releaseAttempt(store: Store, limits: readonly Limit[]): Promise<void> {
  for (const { key, policy } of limits) {
    await store.db
      .updateTable('auth_throttle')
      .set({
        failures: sql`case when failures > 0 then failures - 1 else 0 end`,
        locked_until: sql`case when failures - 1 < ${policy.max} then 0 else locked_until end`,
      })
      .where('key', '=', key)
      .execute();
  }
}

/**
 * Runs `evaluate` under a reserved attempt: refused at once when a limit is exhausted; a failure
 * stays counted; a success gives its reservation back and forgets `forgetOnSuccess` (the
 * account's failures, once its secret is proven).
 */
export async function throttled<R extends { ok: boolean }>(store: Store, limits: readonly Limit[], nowMs: number, evaluate: () => Promise<R>, forgetOnSuccess?: string): Promise<R | Throttled> {
  const refused = await reserveAttempt(store, limits, nowMs);
  if (refused) return refused;
  const result = await evaluate();
  if (result.ok) {
    if (forgetOnSuccess !== undefined) await forget(store, forgetOnSuccess);
    await releaseAttempt(
      store,
      limits.filter((l) => l.key !== forgetOnSuccess),
    );
  }
  return result;
}

/** Forgets every attempt counted against a key. */
export async function forget(store: Store, key: string): Promise<void> {
  await store.db.deleteFrom('auth_throttle').where('key', '=', key).execute();
}

/** Housekeeping: counters whose window and lock are both over. */
export async function pruneThrottle(store: Store, nowMs: number, oldestWindowMs = 15 * MINUTE_MS): Promise<void> {
  await store.db
    .deleteFrom('auth_throttle')
    .where('locked_until', '<=', nowMs)
    .where('window_start', '<=', nowMs - oldestWindowMs)
    .execute();
}
