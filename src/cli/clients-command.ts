/** `simledger clients ...`: third-party apps allowed to ask subscribers for consent (OAuth clients). */
import { ConfigError } from '../config/config.js';
import { createOauthClient, listOauthClients, revokeOauthClient } from '../services/oauth/oauth-clients.js';
import type { Store } from '../store/open-store.js';

export interface ClientsCreateOptions {
  name: string;
  redirectUri: string[];
  public?: boolean;
  clientCredentials?: boolean;
  scopes?: string;
}

/** Prints the id, and a confidential client's secret once (only its hash is stored). */
export async function clientsCreateCommand(store: Store, o: ClientsCreateOptions): Promise<void> {
  const scopes = o.scopes === undefined ? undefined : [...new Set(o.scopes.split(/[,\s]+/).filter(Boolean))];
  const r = await createOauthClient(
    store,
    {
      name: o.name,
      redirectUris: o.redirectUri,
      confidential: o.public !== true,
      clientCredentials: o.clientCredentials === true,
      ...(scopes === undefined ? {} : { scopes }),
    },
    Date.now(),
  );
  if (!r.ok) throw new ConfigError(`${r.code}: ${r.detail}`);
  process.stdout.write(`client_id: ${r.clientId}\n${r.clientSecret ? `client_secret: ${r.clientSecret}\n` : 'type: public (PKCE, no secret)\n'}`);
  if (r.clientSecret) process.stderr.write('The secret is shown only now; store it safely (client_secret_basic at the token endpoint).\n');
}

export async function clientsRevokeCommand(store: Store, clientId: string): Promise<void> {
  if (!(await revokeOauthClient(store, clientId, Date.now()))) {
    process.stderr.write(`simledger: no active client ${clientId}\n`);
    process.exitCode = 2;
    return;
  }
  process.stdout.write(`revoked ${clientId}: its consents and tokens no longer open anything\n`);
}

export async function clientsListCommand(store: Store): Promise<void> {
  const iso = (ms: number) => new Date(ms).toISOString();
  process.stdout.write('client_id\tname\ttype\tredirect_uris\tgrants\tcreated\trevoked\n');
  for (const k of await listOauthClients(store)) {
    process.stdout.write(
      `${k.clientId}\t${k.name}\t${k.confidential ? 'confidential' : 'public'}\t${k.redirectUris.join(' ')}\t` +
        `${k.grantTypes.join(',')}\t${iso(k.createdAt)}\t${k.revokedAt === null ? '-' : iso(k.revokedAt)}\n`,
    );
  }
}
