/**
 * A subscriber's consent to an app: which scopes, for which of their eSIMs, until when; when it
 * last read. One row per oidc-provider grant; revoking it ends every token of the grant at once.
 */
import type { Store } from '../../store/open-store.js';
import { destroyGrantRows } from './oidc-adapter.js';

export interface Consent {
  grantId: string;
  accountId: string;
  clientId: string;
  clientName: string;
  scopes: string[];
  iccids: string[];
  createdAt: number;
  expiresAt: number;
  lastReadAt: number | null;
}

export interface NewConsent {
  grantId: string;
  accountId: string;
  clientId: string;
  scopes: readonly string[];
  iccids: readonly string[];
  expiresAt: number;
}

/** The eSIMs the subscriber picked must all be theirs; `unknown_esim` otherwise (nothing stored). */
export async function recordConsent(store: Store, c: NewConsent, nowMs: number): Promise<{ ok: true } | { ok: false; code: 'unknown_esim' | 'no_esim_chosen' }> {
  if (c.iccids.length === 0) return { ok: false, code: 'no_esim_chosen' };
  const own = await store.db
    .selectFrom('esims')
    .select('iccid')
    .where('account_id', '=', c.accountId)
    .where('iccid', 'in', [...c.iccids])
    .execute();
  if (own.length !== new Set(c.iccids).size) return { ok: false, code: 'unknown_esim' };
  const row = {
    account_id: c.accountId,
    client_id: c.clientId,
    scopes: c.scopes.join(' '),
    iccids: JSON.stringify([...new Set(c.iccids)].sort()),
    created_at: nowMs,
    expires_at: c.expiresAt,
    last_read_at: null,
    revoked_at: null,
  };
  await store.db
    .insertInto('oauth_consents')
    .values({ grant_id: c.grantId, ...row })
    .onConflict((oc) => oc.column('grant_id').doUpdateSet(row))
    .execute();
  return { ok: true };
}

function render(r: {
  grant_id: string;
  account_id: string;
  client_id: string;
  name: string | null;
  scopes: string;
  iccids: string;
  created_at: unknown;
  expires_at: unknown;
  last_read_at: unknown;
}): Consent {
  return {
    grantId: r.grant_id,
    accountId: r.account_id,
    clientId: r.client_id,
    clientName: r.name ?? r.client_id,
    scopes: r.scopes.split(' ').filter(Boolean),
    iccids: JSON.parse(r.iccids) as string[],
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    lastReadAt: r.last_read_at === null ? null : Number(r.last_read_at),
  };
}

const CONSENT_COLUMNS = [
  'oauth_consents.grant_id',
  'oauth_consents.account_id',
  'oauth_consents.client_id',
  'oauth_clients.name',
  'oauth_consents.scopes',
  'oauth_consents.iccids',
  'oauth_consents.created_at',
  'oauth_consents.expires_at',
  'oauth_consents.last_read_at',
] as const;

/** The live consent of a grant (not revoked, not expired, its client not revoked). */
export async function liveConsent(store: Store, grantId: string, nowMs: number): Promise<Consent | undefined> {
  const row = await store.db
    .selectFrom('oauth_consents')
    .innerJoin('oauth_clients', 'oauth_clients.client_id', 'oauth_consents.client_id')
    .select(CONSENT_COLUMNS)
    .where('oauth_consents.grant_id', '=', grantId)
    .where('oauth_consents.revoked_at', 'is', null)
    .where('oauth_clients.revoked_at', 'is', null)
    .where('oauth_consents.expires_at', '>', nowMs)
    .executeTakeFirst();
  return row ? render(row) : undefined;
}

/** The account's connected apps, newest first. */
export async function listConsents(store: Store, accountId: string, nowMs: number): Promise<Consent[]> {
  const rows = await store.db
    .selectFrom('oauth_consents')
    .innerJoin('oauth_clients', 'oauth_clients.client_id', 'oauth_consents.client_id')
    .select(CONSENT_COLUMNS)
    .where('oauth_consents.account_id', '=', accountId)
    .where('oauth_consents.revoked_at', 'is', null)
    .where('oauth_clients.revoked_at', 'is', null)
    .where('oauth_consents.expires_at', '>', nowMs)
    .orderBy('oauth_consents.created_at', 'desc')
    .orderBy('oauth_consents.grant_id')
    .execute();
  return rows.map(render);
}

/** Ends the consent and every code and token of its grant; `not_found` if it is not this account's. */
export async function revokeConsent(store: Store, accountId: string, grantId: string, nowMs: number): Promise<{ ok: boolean }> {
  const r = await store.db
    .updateTable('oauth_consents')
    .set({ revoked_at: nowMs })
    .where('grant_id', '=', grantId)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return { ok: false };
  await destroyGrantRows(store, grantId);
  return { ok: true };
}

/** Last read, written at most once a minute per consent so reads stay reads. */
export async function touchConsent(store: Store, consent: Consent, nowMs: number): Promise<void> {
  if (consent.lastReadAt !== null && nowMs - consent.lastReadAt < 60_000) return;
  await store.db.updateTable('oauth_consents').set({ last_read_at: nowMs }).where('grant_id', '=', consent.grantId).execute();
}
