/**
 * The discovery document and the token endpoint checked by openid-client 6 (OpenID Certified
 * relying party, over oauth4webapi): discovery's issuer and metadata validation, the code grant's
 * token response and ID token validation (signature against the JWKS, iss, aud, exp, iat),
 * refresh, introspection and revocation. Also: signing keys and tokens survive a restart.
 */
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOauthClient } from '../../src/services/oauth/oauth-clients.js';
import { consent, CookieAgent, portalSignIn, startAuthorization, tokenRequest } from '../../src/testing/oauth-agent.js';
import { MEI, startOauthWorld, type OauthWorld } from '../../src/testing/oauth-world.js';
import { TEST_DIALECTS } from '../../src/testing/test-stores.js';

const REDIRECT = 'https://hub.example/callback';
const SCOPE = 'openid esims:read balance:read usage:read usage:read:records';

describe.each(TEST_DIALECTS)('conformance of discovery and the token endpoint on %s', (dialect) => {
  let w: OauthWorld;
  let client: { id: string; secret: string };
  const configFor = () => oidc.discovery(new URL(w.url), client.id, undefined, oidc.ClientSecretBasic(client.secret), { execute: [oidc.allowInsecureRequests] });

  beforeAll(async () => {
    w = await startOauthWorld(dialect);
    const c = await createOauthClient(w.running.deps.store, { name: 'Hub', redirectUris: [REDIRECT], confidential: true }, Date.now());
    if (!c.ok || !c.clientSecret) throw new Error('client not created');
    client = { id: c.clientId, secret: c.clientSecret };
  }, 60_000);
  afterAll(async () => {
    await w?.stop();
  });

  it('publishes a discovery document with only what is allowed', async () => {
    const doc = (await (await fetch(`${w.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      issuer: w.url,
      authorization_endpoint: `${w.url}/oidc/auth`,
      token_endpoint: `${w.url}/oidc/token`,
      jwks_uri: `${w.url}/oidc/jwks`,
      introspection_endpoint: `${w.url}/oidc/token/introspection`,
      revocation_endpoint: `${w.url}/oidc/token/revocation`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic'],
      scopes_supported: expect.arrayContaining(['openid', 'esims:read', 'usage:read:records', 'device-data-volume:read']),
    });
    expect(doc['grant_types_supported']).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
    expect(doc['grant_types_supported']).not.toContain('implicit');
    expect(doc['grant_types_supported']).not.toContain('password');
    const jwks = (await (await fetch(String(doc['jwks_uri']))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key['kid']).toEqual(expect.any(String));
      expect(key['d']).toBeUndefined(); // public halves only
    }
  });

  it("passes openid-client's discovery, code grant (ID token verified), refresh, introspection and revocation", async () => {
    const config = await configFor();
    expect(config.serverMetadata().issuer).toBe(w.url);
    const verifier = oidc.randomPKCECodeVerifier();
    const agent = new CookieAgent(w.url);
    const started = await startAuthorization(
      agent,
      { clientId: client.id, redirectUri: REDIRECT, scope: SCOPE, state: 'abc', params: { nonce: 'n-1' } },
      await oidc.calculatePKCECodeChallenge(verifier),
    );
    if (!('uid' in started)) throw new Error('not started');
    const back = await consent(agent, started.uid, await portalSignIn(agent, MEI.phone, MEI.password), [MEI.esims[0]]);
    const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: 'abc', expectedNonce: 'n-1' });
    expect(tokens.claims()).toMatchObject({ sub: MEI.accountId, iss: w.url, aud: client.id, nonce: 'n-1' });
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(await oidc.tokenIntrospection(config, refreshed.access_token)).toMatchObject({ active: true, scope: expect.stringContaining('esims:read') });
    await oidc.tokenRevocation(config, refreshed.refresh_token!);
    await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('keeps its signing keys and tokens across a restart', async () => {
    const before = (await (await fetch(`${w.url}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    const config = await configFor();
    const verifier = oidc.randomPKCECodeVerifier();
    const agent = new CookieAgent(w.url);
    const started = await startAuthorization(agent, { clientId: client.id, redirectUri: REDIRECT, scope: SCOPE, state: 's' }, await oidc.calculatePKCECodeChallenge(verifier));
    if (!('uid' in started)) throw new Error('not started');
    const back = await consent(agent, started.uid, await portalSignIn(agent, MEI.phone, MEI.password), [MEI.esims[0]]);
    const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: 's' });

    await w.restart();
    const after = (await (await fetch(`${w.url}/oidc/jwks`)).json()) as { keys: { kid: string }[] };
    expect(after.keys.map((k) => k.kid)).toEqual(before.keys.map((k) => k.kid));
    const res = await fetch(`${w.url}/api/v1/esims`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(res.status).toBe(200);
    const refreshed = await tokenRequest(w.url, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }, client);
    expect(refreshed.status).toBe(200);
  });
});
