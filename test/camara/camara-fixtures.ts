/**
 * What CAMARA's test plans call the "testing assets", for this implementation: a real server on a
 * fresh database, one client with 2-legged (client credentials) and 3-legged (Mei's consent for one
 * eSIM) tokens, tokens lacking scopes, an expired one, and an HTTPS sink that records the events.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOauthClient } from '../../src/services/oauth/oauth-clients.js';
import { SUBSCRIPTION_SCOPES } from '../../src/services/oauth/oauth-scopes.js';
import { consent, CookieAgent, pkcePair, portalSignIn, startAuthorization, tokenRequest } from '../../src/testing/oauth-agent.js';
import { expireTokens, MEI, startOauthWorld, type OauthWorld } from '../../src/testing/oauth-world.js';
import type { TestDialect } from '../../src/testing/test-stores.js';

export interface ReceivedEvent {
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, any>;
}

export interface CamaraFixtures {
  world: OauthWorld;
  tokens: { twoLegged: string; threeLegged: string; noDataVolume: string; subscriptionsReadOnly: string; only75Create: string; expired: string };
  sinkUrl: string;
  received: ReceivedEvent[];
  close(): Promise<void>;
}

const ALL = ['device-data-volume:read', ...SUBSCRIPTION_SCOPES];
const TYPE = (t: string) => `device-data-volume-subscriptions:org.camaraproject.device-data-volume-subscriptions.v0.${t}:create`;

/** A self-signed certificate for 127.0.0.1 (openssl), trusted by the server through SIMLEDGER_CAMARA_SINK_CA. */
function certificate(dir: string): { key: string; cert: string; certPath: string } {
  const keyPath = join(dir, 'sink.key');
  const certPath = join(dir, 'sink.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
}

function startSink(tls: { key: string; cert: string }, received: ReceivedEvent[]): Promise<{ server: Server; url: string }> {
  const server = createServer(tls, (req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(text) as Record<string, any> });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `https://127.0.0.1:${(server.address() as { port: number }).port}/events` })));
}

async function clientCredentials(base: string, client: { id: string; secret: string }, scopes: readonly string[]): Promise<string> {
  const r = await tokenRequest(base, { grant_type: 'client_credentials', scope: scopes.join(' ') }, client);
  if (r.status !== 200) throw new Error(`client credentials: ${JSON.stringify(r.body)}`);
  return String(r.body['access_token']);
}

export async function startCamaraFixtures(dialect: TestDialect): Promise<CamaraFixtures> {
  const dir = mkdtempSync(join(tmpdir(), 'simledger-camara-'));
  const tls = certificate(dir);
  const received: ReceivedEvent[] = [];
  const sink = await startSink(tls, received);
  const world = await startOauthWorld(dialect, { SIMLEDGER_CAMARA_SINK_CA: tls.certPath });
  const redirectUri = 'https://consumer.example/callback';
  const made = await createOauthClient(world.running.deps.store, { name: 'CAMARA consumer', redirectUris: [redirectUri], confidential: true, clientCredentials: true }, Date.now());
  if (!made.ok || !made.clientSecret) throw new Error('client not created');
  const client = { id: made.clientId, secret: made.clientSecret };

  const agent = new CookieAgent(world.url);
  const { verifier, challenge } = pkcePair();
  const started = await startAuthorization(agent, { clientId: client.id, redirectUri, scope: `openid ${ALL.join(' ')}` }, challenge);
  if (!('uid' in started)) throw new Error('3-legged authorization refused');
  const back = await consent(agent, started.uid, await portalSignIn(agent, MEI.phone, MEI.password), [MEI.esims[0]]);
  const code = back.searchParams.get('code')!;
  const three = await tokenRequest(world.url, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }, client);

  const expired = await clientCredentials(world.url, client, ALL);
  await expireTokens(world.running, 'ClientCredentials');
  const tokens = {
    twoLegged: await clientCredentials(world.url, client, ALL),
    threeLegged: String(three.body['access_token']),
    noDataVolume: await clientCredentials(world.url, client, SUBSCRIPTION_SCOPES),
    subscriptionsReadOnly: await clientCredentials(world.url, client, ['device-data-volume:read', 'device-data-volume-subscriptions:read']),
    only75Create: await clientCredentials(world.url, client, [TYPE('data-75-percent')]),
    expired,
  };
  return {
    world,
    tokens,
    sinkUrl: sink.url,
    received,
    close: async () => {
      await world.stop();
      await new Promise<void>((resolve) => {
        sink.server.closeAllConnections();
        sink.server.close(() => resolve());
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
