/**
 * Third-party apps registered by the operator (`simledger clients ...`). A confidential client's
 * secret is shown once and only its sha256 is stored; oidc-provider compares through the hash
 * (see compareHashedSecret).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../../store/open-store.js';
import { RESOURCE_SCOPES } from './oauth-scopes.js';

export interface NewClient {
  readonly name: string;
  readonly redirectUris: readonly string[];
  /** Confidential clients (a server-side app) get a secret; public ones (native, SPA) use PKCE alone. */
  readonly confidential: boolean;
  /** Also the client-credentials grant (CAMARA's 2-legged access); confidential clients only. */
  readonly clientCredentials?: boolean;
  readonly scopes?: readonly string[];
}

export type ClientResult =
  { ok: true; clientId: string; clientSecret?: string } | { ok: false; code: 'invalid_redirect_uri' | 'invalid_name' | 'invalid_scope' | 'invalid_client_type'; detail: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a redirect URI cannot be registered; undefined when it can (https, or http on loopback; no fragment). */
export function explainRedirectUri(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `"${uri}" is not an absolute URL`;
  }
  if (url.hash !== '' || uri.includes('#')) return `"${uri}" must not have a fragment`;
  if (url.username || url.password) return `"${uri}" must not carry credentials`;
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return undefined;
  return `"${uri}" must be https (or http on 127.0.0.1 / localhost for local apps)`;
}

export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The comparison oidc-provider runs on client authentication: the stored value is the secret's hash. */
export function compareHashedSecret(storedHash: string | undefined, presented: string): boolean {
  if (!storedHash) return false;
  const a = Buffer.from(storedHash);
  const b = Buffer.from(hashClientSecret(presented));
  return a.length === b.length && timingSafeEqual(a, b);
}

function validate(req: NewClient): ClientResult | undefined {
  if (req.name.trim() === '' || req.name.length > 100) return { ok: false, code: 'invalid_name', detail: 'name: 1 to 100 characters' };
  if (req.redirectUris.length === 0) return { ok: false, code: 'invalid_redirect_uri', detail: 'at least one --redirect-uri is required' };
  for (const uri of req.redirectUris) {
    const why = explainRedirectUri(uri);
    if (why) return { ok: false, code: 'invalid_redirect_uri', detail: why };
  }
  const unknown = (req.scopes ?? []).find((s) => !RESOURCE_SCOPES.includes(s));
  if (unknown !== undefined) return { ok: false, code: 'invalid_scope', detail: `unknown scope "${unknown}" (known: ${RESOURCE_SCOPES.join(' ')})` };
  if (req.clientCredentials && !req.confidential) {
    return { ok: false, code: 'invalid_client_type', detail: 'the client-credentials grant needs a confidential client' };
  }
  return undefined;
}

export async function createOauthClient(store: Store, req: NewClient, nowMs: number): Promise<ClientResult> {
  const invalid = validate(req);
  if (invalid) return invalid;
  const clientId = `app_${randomBytes(12).toString('base64url')}`;
  const clientSecret = req.confidential ? `cs_${randomBytes(32).toString('base64url')}` : undefined;
  const grantTypes = ['authorization_code', 'refresh_token', ...(req.clientCredentials ? ['client_credentials'] : [])];
  await store.db
    .insertInto('oauth_clients')
    .values({
      client_id: clientId,
      name: req.name.trim(),
      secret_hash: clientSecret ? hashClientSecret(clientSecret) : null,
      redirect_uris: JSON.stringify(req.redirectUris),
      grant_types: grantTypes.join(' '),
      scopes: ['openid', ...(req.scopes ?? RESOURCE_SCOPES)].join(' '),
      created_at: nowMs,
      revoked_at: null,
    })
    .execute();
  return clientSecret ? { ok: true, clientId, clientSecret } : { ok: true, clientId };
}

export interface ClientListing {
  clientId: string;
  name: string;
  confidential: boolean;
  redirectUris: string[];
  grantTypes: string[];
  scopes: string[];
  createdAt: number;
  revokedAt: number | null;
}

export async function listOauthClients(store: Store): Promise<ClientListing[]> {
  const rows = await store.db.selectFrom('oauth_clients').selectAll().orderBy('created_at').orderBy('client_id').execute();
  return rows.map((r) => ({
    clientId: r.client_id,
    name: r.name,
    confidential: r.secret_hash !== null,
    redirectUris: JSON.parse(r.redirect_uris) as string[],
    grantTypes: r.grant_types.split(' '),
    scopes: r.scopes.split(' '),
    createdAt: Number(r.created_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  }));
}

/** A revoked client cannot authenticate or start a flow; its tokens stop working (the read API checks the client). */
export async function revokeOauthClient(store: Store, clientId: string, nowMs: number): Promise<boolean> {
  const r = await store.db.updateTable('oauth_clients').set({ revoked_at: nowMs }).where('client_id', '=', clientId).where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await store.db.updateTable('oauth_consents').set({ revoked_at: nowMs }).where('client_id', '=', clientId).where('revoked_at', 'is', null).execute();
  return true;
}

export async function clientName(store: Store, clientId: string): Promise<string | undefined> {
  const row = await store.db.selectFrom('oauth_clients').select('name').where('client_id', '=', clientId).executeTakeFirst();
  return row?.name;
}

/** oidc-provider's view of a live client (undefined when unknown or revoked). */
export async function clientMetadata(store: Store, clientId: string): Promise<(Record<string, unknown> & { client_id: string }) | undefined> {
  const row = await store.db.selectFrom('oauth_clients').selectAll().where('client_id', '=', clientId).where('revoked_at', 'is', null).executeTakeFirst();
  if (!row) return undefined;
  return {
    client_id: row.client_id,
    client_name: row.name,
    redirect_uris: JSON.parse(row.redirect_uris) as string[],
    grant_types: row.grant_types.split(' '),
    response_types: ['code'],
    scope: row.scopes,
    ...(row.secret_hash === null ? { token_endpoint_auth_method: 'none' } : { token_endpoint_auth_method: 'client_secret_basic', client_secret: row.secret_hash }),
  };
}
