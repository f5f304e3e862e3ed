/**
 * The authorization server against a real server on both databases: code + PKCE with consent,
 * scoped and eSIM-limited reads, refresh rotation, revocation, introspection, and the refusals
 * (redirect-URI variants, PKCE missing or plain, a code used twice, a refresh token replayed,
 * a scope missing, an eSIM not consented, an expired token).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOauthClient } from '../../src/services/oauth/oauth-clients.js';
import { consent, CookieAgent, pkcePair, portalSignIn, startAuthorization, tokenRequest, type AuthorizeRequest } from '../../src/testing/oauth-agent.js';
import { IVAN, MEI, startOauthWorld, type OauthWorld } from '../../src/testing/oauth-world.js';
import { TEST_DIALECTS } from '../../src/testing/test-stores.js';

const REDIRECT = 'http://127.0.0.1:7777/callback';
const ALL = 'openid esims:read balance:read usage:read usage:read:records';

describe.each(TEST_DIALECTS)('OAuth 2.0 / OpenID Connect on %s', (dialect) => {
  let w: OauthWorld;
  let client: { id: string; secret: string };

  const api = async (path: string, token: string) => {
    const res = await fetch(`${w.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: await res.json() as Record<string, any>, challenge: res.headers.get('www-authenticate') };
  };

  /** Mei (or another) signs in and consents: the code, the verifier and the agent. */
  async function authorize(opts: { iccids?: readonly string[]; scope?: string; who?: typeof MEI | typeof IVAN; scopes?: string[] } = {}) {
    const who = opts.who ?? MEI;
    const agent = new CookieAgent(w.url);
    const { verifier, challenge } = pkcePair();
    const req: AuthorizeRequest = { clientId: client.id, redirectUri: REDIRECT, scope: opts.scope ?? ALL };
    const started = await startAuthorization(agent, req, challenge);
    if (!('uid' in started)) throw new Error(`refused: ${started.refused.status} ${await started.refused.text()}`);
    const csrf = await portalSignIn(agent, who.phone, who.password);
    const back = await consent(agent, started.uid, csrf, opts.iccids ?? who.esims, opts.scopes);
    return { code: back.searchParams.get('code')!, back, verifier, agent, csrf, uid: started.uid };
  }

  const exchange = (code: string, verifier: string) =>
    tokenRequest(w.url, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, client);

  beforeAll(async () => {
    w = await startOauthWorld(dialect);
    const c = await createOauthClient(w.running.deps.store, { name: 'Travel Data Hub', redirectUris: [REDIRECT], confidential: true }, Date.now());
    if (!c.ok || !c.clientSecret) throw new Error('client not created');
    client = { id: c.clientId, secret: c.clientSecret };
  }, 60_000);
  afterAll(async () => { await w?.stop(); });

  it('issues tokens after sign-in and consent; the token reads only the consented eSIM', async () => {
    const { code, back, verifier } = await authorize({ iccids: [MEI.esims[0]] });
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-1');
    const t = await exchange(code, verifier);
    expect(t.status).toBe(200);
    expect(t.body).toMatchObject({ token_type: 'Bearer', scope: expect.stringContaining('usage:read:records') });
    expect(t.body['expires_in']).toBeLessThanOrEqual(600);
    expect(typeof t.body['refresh_token']).toBe('string');
    expect(typeof t.body['id_token']).toBe('string');
    const token = String(t.body['access_token']);

    const esims = await api('/api/v1/esims', token);
    expect(esims.status).toBe(200);
    expect(esims.body['esims'].map((e: { iccid: string }) => e.iccid)).toEqual([MEI.esims[0]]);
    expect(esims.body['esims'][0]).toMatchObject({ imsi: '454001000000011', msisdn: MEI.msisdns[0] });
    expect((await api(`/api/v1/esims/${MEI.esims[0]}/balance`, token)).status).toBe(200);
    const records = await api(`/api/v1/usage/records?iccid=${MEI.esims[0]}`, token);
    expect(records.status).toBe(200);
    expect(records.body['records'].length).toBeGreaterThan(0);
    const balances = await api('/api/v1/balances', token);
    expect(balances.body['esims'].map((e: { iccid: string }) => e.iccid)).toEqual([MEI.esims[0]]);

    // eSIM Y (Mei's other one, and Ivan's): not found, as another account's would be.
    expect((await api(`/api/v1/esims/${MEI.esims[1]}/balance`, token)).status).toBe(404);
    expect((await api(`/api/v1/esims/${MEI.esims[1]}`, token)).status).toBe(404);
    expect((await api(`/api/v1/usage/records?iccid=${MEI.esims[1]}`, token)).status).toBe(404);
    expect((await api(`/api/v1/esims/${IVAN.esims[0]}/balance`, token)).status).toBe(404);
    // Routes no app may use: the token does not open them.
    expect((await api('/api/v1/me', token)).status).toBe(401);
    expect((await api(`/api/v1/esims/${MEI.esims[0]}/activation-code`, token)).status).toBe(401);
  });
});
