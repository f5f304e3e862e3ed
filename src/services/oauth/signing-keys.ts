/**
 * The authorization server's secrets, made once and kept in the database: the JWKS that signs ID
 * tokens (so tokens and discovery stay valid across restarts and across servers sharing the
 * database) and the keys that sign its cookies.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { Store } from '../../store/open-store.js';

export interface OidcSecrets {
  readonly jwks: { keys: Record<string, unknown>[] };
  readonly cookieKeys: string[];
}

function newSecrets(): OidcSecrets {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'ES256', use: 'sig' };
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const rsaJwk = { ...rsa.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
  // RS256 first: OpenID Connect's default ID token algorithm.
  return { jwks: { keys: [rsaJwk, jwk] }, cookieKeys: [randomBytes(32).toString('base64url')] };
}

/** The stored secrets, or new ones stored now (the first writer wins when two servers start at once). */
export async function loadOrCreateOidcSecrets(store: Store, nowMs: number): Promise<OidcSecrets> {
  const read = async () => store.db.selectFrom('oidc_keys').select('value').where('name', '=', 'secrets').executeTakeFirst();
  const found = await read();
  if (found) return JSON.parse(found.value) as OidcSecrets;
  await store.db
    .insertInto('oidc_keys')
    .values({ name: 'secrets', value: JSON.stringify(newSecrets()), created_at: nowMs })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const stored = await read();
  if (!stored) throw new Error('oidc secrets were not stored');
  return JSON.parse(stored.value) as OidcSecrets;
}
