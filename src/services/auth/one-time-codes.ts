/**
 * One-time SMS codes: 6 random digits, stored hashed, valid 10 minutes, single use, dead after
 * 5 wrong tries. Only the newest code of an account and purpose is live; a new code carries the
 * failures of the codes sent in the last 15 minutes over, so asking again does not buy new tries.
 * A 6-digit code is weak by nature: expiry, the try limit and the throttle are its protection;
 * the hash only keeps codes out of backups and logs.
 */
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { OtpCodesTable } from '../../store/schema.js';
import type { AuthDeps } from './auth-deps.js';
import { codeText } from './code-texts.js';

export type CodePurpose = OtpCodesTable['purpose'];

export const CODE_VALID_MS = 10 * 60_000;
export const CODE_MAX_FAILURES = 5;
/** Failures of codes created this recently carry over to a new code. */
export const CODE_FAILURE_MEMORY_MS = 15 * 60_000;

function hashCode(id: string, code: string): string {
  return createHash('sha256').update(`${id}:${code}`).digest('base64url');
}

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export interface CodeRequest {
  readonly accountId: string;
  readonly language: string;
  readonly purpose: CodePurpose;
  /** Where the SMS goes: the login phone, or the new phone for a phone change. */
  readonly to: string;
  readonly newPhone?: string;
}

/** Creates the account's new code for the purpose and sends it; a code born dead is not sent. */
export async function issueCode(deps: AuthDeps, request: CodeRequest): Promise<{ sent: boolean }> {
  const nowMs = deps.now();
  const code = newCode();
  const id = randomUUID();
  const carried = await deps.store.db.transaction().execute(async (tx) => {
    const prior = await tx
      .selectFrom('otp_codes')
      .select((eb) => eb.fn.max('failed_attempts').as('failures'))
      .where('account_id', '=', request.accountId)
      .where('purpose', '=', request.purpose)
      .where('used_at', 'is', null)
      .where('created_at', '>', nowMs - CODE_FAILURE_MEMORY_MS)
      .executeTakeFirst();
    await tx
      .updateTable('otp_codes')
      .set({ expires_at: nowMs })
      .where('account_id', '=', request.accountId)
      .where('purpose', '=', request.purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowMs)
      .execute();
    const failures = Number(prior?.failures ?? 0);
    await tx
      .insertInto('otp_codes')
      .values({
        id,
        account_id: request.accountId,
        purpose: request.purpose,
        code_hash: hashCode(id, code),
        created_at: nowMs,
        expires_at: nowMs + CODE_VALID_MS,
        used_at: null,
        failed_attempts: failures,
        new_phone: request.newPhone ?? null,
      })
      .execute();
    return failures;
  });
  if (carried >= CODE_MAX_FAILURES) return { sent: false };
  sendInBackground(deps, request.to, codeText(request.language, code));
  return { sent: true };
}

/**
 * The answer does not wait for the SMS gateway, so a request for a phone without an account
 * takes as long as one with an account. Errors are logged, never shown.
 */
function sendInBackground(deps: AuthDeps, to: string, text: string): void {
  deps.sms.send({ to, text, purpose: 'otp' }).catch((error: unknown) => {
    deps.log.error({ err: error, to }, 'sending a one-time code failed');
  });
}

/** About as much database work as `issueCode`, for a phone with no account. */
export async function issueNoCode(deps: AuthDeps): Promise<void> {
  hashCode(randomUUID(), newCode());
  await deps.store.db.selectFrom('otp_codes').select('id').where('account_id', '=', '').limit(1).execute();
}

export type CodeCheck = { ok: true; newPhone: string | null } | { ok: false; code: 'invalid_code' };

/**
 * Uses the account's live code of the purpose. Wrong, expired, used, dead or absent codes all
 * answer `invalid_code`: an "expired" answer would tell that the phone has an account.
 */
export async function useCode(deps: AuthDeps, accountId: string, purpose: CodePurpose, code: string): Promise<CodeCheck> {
  const nowMs = deps.now();
  const { db } = deps.store;
  const row = await db
    .selectFrom('otp_codes')
    .select(['id', 'code_hash', 'new_phone'])
    .where('account_id', '=', accountId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowMs)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return { ok: false, code: 'invalid_code' };
  // The try is counted before the comparison, so parallel guesses cannot pass the limit.
  const counted = await db
    .updateTable('otp_codes')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('id', '=', row.id)
    .where('used_at', 'is', null)
    .where('failed_attempts', '<', CODE_MAX_FAILURES)
    .executeTakeFirst();
  if (counted.numUpdatedRows !== 1n) return { ok: false, code: 'invalid_code' };
  const expected = Buffer.from(row.code_hash);
  const presented = Buffer.from(hashCode(row.id, code));
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return { ok: false, code: 'invalid_code' };
  const used = await db
    .updateTable('otp_codes')
    .set((eb) => ({ used_at: nowMs, failed_attempts: eb('failed_attempts', '-', 1) }))
    .where('id', '=', row.id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return used.numUpdatedRows === 1n ? { ok: true, newPhone: row.new_phone } : { ok: false, code: 'invalid_code' };
}
