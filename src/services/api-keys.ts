import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { keysetPage, numberPart, type PageArgs, type PageOf } from '../store/keyset.js';
import type { Store } from '../store/open-store.js';

/** Scopes an operator key can carry; each route names the one it needs. */
export const API_SCOPES = ['usage:write', 'usage:read', 'catalog:write', 'accounts:write', 'vouchers:write', 'support:read', 'balance:write', 'tmf:read', 'tmf:write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export function isApiScope(s: string): s is ApiScope {
  return (API_SCOPES as readonly string[]).includes(s);
}

/** Keys are random 32-byte secrets; only their sha256 is stored, so a copied database reveals none. */
export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export async function createApiKey(store: Store, req: { name: string; scopes: readonly ApiScope[] }, nowMs: number): Promise<{ id: string; secret: string }> {
  const id = `key_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const secret = `sk_${randomBytes(32).toString('base64url')}`;
  await store.db
    .insertInto('api_keys')
    .values({
      id,
      key_hash: hashApiKey(secret),
      name: req.name,
      scopes: req.scopes.join(' '),
      created_at: nowMs,
      revoked_at: null,
    })
    .execute();
  return { id, secret };
}

export async function verifyApiKey(store: Store, secret: string): Promise<{ id: string; scopes: Set<string> } | undefined> {
  const row = await store.db.selectFrom('api_keys').select(['id', 'scopes', 'revoked_at']).where('key_hash', '=', hashApiKey(secret)).executeTakeFirst();
  if (!row || row.revoked_at !== null) return undefined;
  return { id: row.id, scopes: new Set(row.scopes.split(' ').filter(Boolean)) };
}

export async function revokeApiKey(store: Store, id: string, nowMs: number): Promise<boolean> {
  const r = await store.db.updateTable('api_keys').set({ revoked_at: nowMs }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface ApiKeyListing {
  id: string;
  name: string;
  scopes: string[];
  createdAt: number;
  revokedAt: number | null;
}

/** Ids, names, scopes and dates (never a secret: none is stored), oldest first, a page at a time (api_keys_created). */
export function listApiKeys(store: Store, args: PageArgs): Promise<PageOf<ApiKeyListing>> {
  const q = store.db.selectFrom('api_keys').select(['id', 'name', 'scopes', 'created_at', 'revoked_at']);
  return keysetPage(q, { columns: ['created_at', 'id'], keyOf: (r) => [numberPart(r.created_at), r.id] }, args, (r) => ({
    id: r.id,
    name: r.name,
    scopes: r.scopes.split(' ').filter(Boolean),
    createdAt: Number(r.created_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  }));
}
