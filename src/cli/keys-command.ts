import { ConfigError } from '../config/config.js';
import { API_SCOPES, createApiKey, isApiScope, listApiKeys, revokeApiKey, type ApiScope } from '../services/api-keys.js';
import type { Store } from '../store/open-store.js';

export function parseScopes(text: string): ApiScope[] {
  const scopes = [...new Set(text.split(/[,\s]+/).filter(Boolean))];
  const unknown = scopes.filter((s) => !isApiScope(s));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new ConfigError(`--scopes: ${unknown.length > 0 ? `unknown ${unknown.join(', ')}` : 'none given'}; choose from ${API_SCOPES.join(', ')}`);
  }
  return scopes as ApiScope[];
}

/** Prints the secret once: only its hash is stored. */
export async function keysCreateCommand(store: Store, o: { name: string; scopes: string }): Promise<void> {
  const name = o.name.trim();
  if (name === '' || name.length > 100) throw new ConfigError('--name must be 1-100 characters');
  const scopes = parseScopes(o.scopes);
  const key = await createApiKey(store, { name, scopes }, Date.now());
  process.stdout.write(`id: ${key.id}\nscopes: ${scopes.join(',')}\nsecret: ${key.secret}\n`);
  process.stderr.write('The secret is shown only now; store it safely. Use it as "Authorization: Bearer <secret>".\n');
}

export async function keysRevokeCommand(store: Store, id: string): Promise<void> {
  if (!(await revokeApiKey(store, id, Date.now()))) {
    process.stderr.write(`simledger: no active key ${id}\n`);
    process.exitCode = 2;
    return;
  }
  process.stdout.write(`revoked ${id}\n`);
}

/** Ids, names, scopes and dates: never a secret (none is stored). */
export async function keysListCommand(store: Store): Promise<void> {
  const iso = (ms: number) => new Date(ms).toISOString();
  process.stdout.write('id\tname\tscopes\tcreated\trevoked\n');
  for (let page = await listApiKeys(store, { offset: 0, limit: 500 }); ;) {
    for (const { value: k } of page.items) {
      process.stdout.write(`${k.id}\t${k.name}\t${k.scopes.join(',')}\t${iso(k.createdAt)}\t${k.revokedAt === null ? '-' : iso(k.revokedAt)}\n`);
    }
    const last = page.items[page.items.length - 1];
    if (!page.more || !last) return;
    page = await listApiKeys(store, { after: last.key, offset: 0, limit: 500 });
  }
}
