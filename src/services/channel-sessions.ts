/**
 * Idle-expiring state of an interactive channel session (a USSD session, a hotline call), keyed
 * by the id the gateway gives it. The state is a small JSON object the channel owns.
 */
import type { Store } from '../store/open-store.js';

export type ChannelName = 'ussd' | 'ivr';

export type LoadedSession<S> = { status: 'live'; msisdn: string | null; state: S } | { status: 'expired' } | { status: 'none' };

/** Expired rows are kept this long (so a late request is told apart from a new one), then pruned. */
export const EXPIRED_SESSION_KEPT_MS = 24 * 3_600_000;

export async function loadChannelSession<S>(store: Store, channel: ChannelName, sessionId: string, nowMs: number): Promise<LoadedSession<S>> {
  const row = await store.db.selectFrom('channel_sessions').select(['msisdn', 'state', 'expires_at']).where('channel', '=', channel).where('session_id', '=', sessionId).executeTakeFirst();
  if (row === undefined) return { status: 'none' };
  if (Number(row.expires_at) <= nowMs) return { status: 'expired' };
  return { status: 'live', msisdn: row.msisdn, state: JSON.parse(row.state) as S };
}

/** Writes the state with a new expiry; `expiresAt <= now` ends the session. */
export async function saveChannelSession<S>(store: Store, channel: ChannelName, sessionId: string, session: { msisdn: string | null; state: S; expiresAt: number }): Promise<void> {
  const state = JSON.stringify(session.state);
  await store.db
    .insertInto('channel_sessions')
    .values({ channel, session_id: sessionId, msisdn: session.msisdn, state, expires_at: session.expiresAt })
    .onConflict((oc) => oc.columns(['channel', 'session_id']).doUpdateSet({ msisdn: session.msisdn, state, expires_at: session.expiresAt }))
    .execute();
}

/** Housekeeping, run when a session starts: rows expired more than a day ago. */
export async function pruneChannelSessions(store: Store, nowMs: number): Promise<void> {
  await store.db
    .deleteFrom('channel_sessions')
    .where('expires_at', '<', nowMs - EXPIRED_SESSION_KEPT_MS)
    .execute();
}
