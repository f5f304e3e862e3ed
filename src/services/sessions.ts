import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/open-store.js';

/** A session ends after this long without use, and in any case after SESSION_MAX_MS. */
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
export const SESSION_MAX_MS = 30 * 24 * 60 * 60_000;
/** Changing the password or the phone needs a sign-in (or code) this recent. */
export const REAUTH_WINDOW_MS = 5 * 60_000;

export interface Session {
  accountId: string;
  idHash: string;
  csrfToken: string;
  authenticatedAt: number;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Starts a new session (a new cookie value: sessions rotate at every sign-in). */
export async function createSession(store: Store, accountId: string, nowMs: number, client?: string): Promise<{ token: string; session: Session }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const idHash = hashToken(token);
  await store.db
    .insertInto('sessions')
    .values({
      id_hash: idHash,
      account_id: accountId,
      csrf_token: csrfToken,
      created_at: nowMs,
      last_seen_at: nowMs,
      expires_at: nowMs + SESSION_MAX_MS,
      authenticated_at: nowMs,
      client: client ?? null,
    })
    .execute();
  return { token, session: { accountId, idHash, csrfToken, authenticatedAt: nowMs } };
}

/** The live session of a cookie value, touched for idle expiry; undefined when unknown or expired. */
export async function resolveSession(store: Store, token: string, nowMs: number): Promise<Session | undefined> {
  const idHash = hashToken(token);
  const row = await store.db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!row) return undefined;
  if (Number(row.expires_at) <= nowMs || Number(row.last_seen_at) + SESSION_IDLE_MS <= nowMs) {
    await store.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    return undefined;
  }
  if (nowMs - Number(row.last_seen_at) > 60_000) {
    await store.db.updateTable('sessions').set({ last_seen_at: nowMs }).where('id_hash', '=', idHash).execute();
  }
  return { accountId: row.account_id, idHash, csrfToken: row.csrf_token, authenticatedAt: Number(row.authenticated_at) };
}

export async function markReauthenticated(store: Store, idHash: string, nowMs: number): Promise<void> {
  await store.db.updateTable('sessions').set({ authenticated_at: nowMs }).where('id_hash', '=', idHash).execute();
}

export async function endSession(store: Store, idHash: string): Promise<void> {
  await store.db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** After a password change: every other session of the account ends. */
export async function endOtherSessions(store: Store, accountId: string, keepIdHash: string): Promise<void> {
  await store.db.deleteFrom('sessions').where('account_id', '=', accountId).where('id_hash', '!=', keepIdHash).execute();
}

export function csrfMatches(session: Session, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
