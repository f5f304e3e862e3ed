/**
 * The authorization server against a real server on both databases: code + PKCE with consent,
 * scoped and eSIM-limited reads, refresh rotation, revocation, introspection, and the refusals
 * (redirect-URI variants, PKCE missing or plain, a code used twice, a refresh token replayed,
 * a scope missing, an eSIM not consented, an expired token).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOauthClient, revokeOauthClient } from '../../src/services/oauth/oauth-clients.js';
import { consent, CookieAgent, pkcePair, portalSignIn, startAuthorization, tokenRequest, type AuthorizeRequest } from '../../src/testing/oauth-agent.js';
import { expireTokens, IVAN, MEI, startOauthWorld, type OauthWorld } from '../../src/testing/oauth-world.js';
import { TEST_DIALECTS } from '../../src/testing/test-stores.js';

const REDIRECT = 'http://127.0.0.1:7777/callback';
const ALL = 'openid esims:read balance:read usage:read usage:read:records';

describe.each(TEST_DIALECTS)('OAuth 2.0 / OpenID Connect on %s', (dialect) => {
  let w: OauthWorld;
  let client: { id: string; secret: string };

  const api = async (path: string, token: string) => {
    const res = await fetch(`${w.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Record<string, any>, challenge: res.headers.get('www-authenticate') };
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

  const exchange = (code: string, verifier: string) => tokenRequest(w.url, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, client);

  beforeAll(async () => {
    w = await startOauthWorld(dialect);
    const c = await createOauthClient(w.running.deps.store, { name: 'Travel Data Hub', redirectUris: [REDIRECT], confidential: true }, Date.now());
    if (!c.ok || !c.clientSecret) throw new Error('client not created');
    client = { id: c.clientId, secret: c.clientSecret };
  }, 60_000);
  afterAll(async () => {
    await w?.stop();
  });

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

  const refresh = (refreshToken: string) => tokenRequest(w.url, { grant_type: 'refresh_token', refresh_token: refreshToken }, client);

  it.each([
    ['a trailing slash', `${REDIRECT}/`],
    ['another port', 'http://127.0.0.1:7778/callback'],
    ['another path', 'http://127.0.0.1:7777/callback2'],
    ['a path below', 'http://127.0.0.1:7777/callback/evil'],
    ['a dot segment', 'http://127.0.0.1:7777/callback/../evil'],
    ['an added query (open redirect)', `${REDIRECT}?next=https://evil.example/`],
    ['a userinfo host (open redirect)', 'http://127.0.0.1:7777@evil.example/callback'],
    ['another host', 'https://evil.example/callback'],
    ['a fragment', `${REDIRECT}#x`],
    ['another scheme', 'https://127.0.0.1:7777/callback'],
    ['a case change', 'http://127.0.0.1:7777/Callback'],
  ])('refuses a redirect URI with %s, without redirecting anywhere', async (_what, uri) => {
    const agent = new CookieAgent(w.url);
    const started = await startAuthorization(agent, { clientId: client.id, redirectUri: uri, scope: ALL }, pkcePair().challenge);
    expect('refused' in started).toBe(true);
    if (!('refused' in started)) return;
    expect(started.refused.status).toBe(400);
    expect(started.refused.headers.get('location')).toBeNull();
    expect(await started.refused.json()).toMatchObject({ error: 'invalid_redirect_uri' });
  });

  it.each([
    ['no code_challenge', { code_challenge: undefined, code_challenge_method: undefined }],
    ['the plain method', { code_challenge_method: 'plain' }],
    ['a challenge without its method', { code_challenge_method: undefined }],
  ])('refuses an authorization request with %s (back to the app with an error, no consent asked)', async (_what, params) => {
    const agent = new CookieAgent(w.url);
    const started = await startAuthorization(agent, { clientId: client.id, redirectUri: REDIRECT, scope: ALL, params }, pkcePair().challenge);
    expect('refused' in started).toBe(true);
    if (!('refused' in started)) return;
    const back = new URL(started.refused.headers.get('location') ?? 'about:blank');
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('code')).toBeNull();
  });

  it('refuses a code without the verifier, or with another verifier', async () => {
    const { code } = await authorize();
    expect((await tokenRequest(w.url, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, client)).body).toMatchObject({ error: 'invalid_grant' });
    const again = await authorize();
    expect((await exchange(again.code, pkcePair().verifier)).body).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses implicit and password grants, and unknown clients', async () => {
    const agent = new CookieAgent(w.url);
    const implicit = await startAuthorization(agent, { clientId: client.id, redirectUri: REDIRECT, scope: ALL, params: { response_type: 'token' } }, pkcePair().challenge);
    expect('refused' in implicit).toBe(true);
    const password = await tokenRequest(w.url, { grant_type: 'password', username: MEI.phone, password: MEI.password }, client);
    expect(password.status).toBe(400);
    expect(password.body['error']).toBe('unsupported_grant_type');
    const stranger = await tokenRequest(w.url, { grant_type: 'client_credentials' }, { id: client.id, secret: 'cs_wrong' });
    expect(stranger.status).toBe(401);
    expect(stranger.body['error']).toBe('invalid_client');
  });

  it('a code used twice is refused and the tokens it gave are revoked', async () => {
    const { code, verifier } = await authorize();
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    const second = await exchange(code, verifier);
    expect(second.status).toBe(400);
    expect(second.body['error']).toBe('invalid_grant');
    expect((await api('/api/v1/esims', String(first.body['access_token']))).status).toBe(401);
    expect((await refresh(String(first.body['refresh_token']))).body['error']).toBe('invalid_grant');
  });

  it('rotates refresh tokens; a replayed one revokes the whole family', async () => {
    const { code, verifier } = await authorize();
    const t0 = await exchange(code, verifier);
    const t1 = await refresh(String(t0.body['refresh_token']));
    expect(t1.status).toBe(200);
    expect(t1.body['refresh_token']).not.toBe(t0.body['refresh_token']);
    expect((await api('/api/v1/esims', String(t1.body['access_token']))).status).toBe(200);
    const replay = await refresh(String(t0.body['refresh_token']));
    expect(replay.status).toBe(400);
    expect(replay.body['error']).toBe('invalid_grant');
    expect((await refresh(String(t1.body['refresh_token']))).body['error']).toBe('invalid_grant');
    expect((await api('/api/v1/esims', String(t1.body['access_token']))).status).toBe(401);
  });

  it('without usage:read:records an app reads totals but gets 403 on records', async () => {
    const { code, verifier } = await authorize({ scope: 'openid esims:read usage:read' });
    const token = String((await exchange(code, verifier)).body['access_token']);
    expect((await api(`/api/v1/usage/summary?iccid=${MEI.esims[0]}`, token)).status).toBe(200);
    const records = await api(`/api/v1/usage/records?iccid=${MEI.esims[0]}`, token);
    expect(records.status).toBe(403);
    expect(records.body['code']).toBe('insufficient_scope');
    expect(records.challenge).toContain('insufficient_scope');
    expect((await api(`/api/v1/esims/${MEI.esims[0]}/balance`, token)).status).toBe(403);
  });

  it('the subscriber may decline a scope on the consent screen', async () => {
    const { code, verifier } = await authorize({ scopes: ['esims:read', 'usage:read'] });
    const t = await exchange(code, verifier);
    expect(t.body['scope']).not.toContain('usage:read:records');
    expect((await api(`/api/v1/usage/records?iccid=${MEI.esims[0]}`, String(t.body['access_token']))).status).toBe(403);
  });

  it('an expired access token gets 401 with a Bearer challenge', async () => {
    const { code, verifier } = await authorize();
    const token = String((await exchange(code, verifier)).body['access_token']);
    expect((await api('/api/v1/esims', token)).status).toBe(200);
    await expireTokens(w.running, 'AccessToken');
    const r = await api('/api/v1/esims', token);
    expect(r.status).toBe(401);
    expect(r.challenge).toContain('invalid_token');
  });

  it('revocation and introspection: a revoked token is inactive and reads nothing', async () => {
    const { code, verifier } = await authorize();
    const token = String((await exchange(code, verifier)).body['access_token']);
    const basic = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
    const form = (path: string) =>
      fetch(`${w.url}/oidc/token/${path}`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token }),
      });
    expect(await (await form('introspection')).json()).toMatchObject({ active: true, client_id: client.id, sub: MEI.accountId });
    expect((await form('revocation')).status).toBe(200);
    expect(await (await form('introspection')).json()).toMatchObject({ active: false });
    expect((await api('/api/v1/esims', token)).status).toBe(401);
  });

  it('the portal lists the connected app and revoking it cuts it off at once', async () => {
    const { code, verifier, agent, csrf } = await authorize({ iccids: [MEI.esims[1]] });
    const t = await exchange(code, verifier);
    expect((await api('/api/v1/esims', String(t.body['access_token']))).status).toBe(200);
    const listed = (await (await agent.fetch('/api/v1/connected-apps')).json()) as { apps: { grantId: string; name: string; iccids: string[]; scopes: string[]; lastReadAt: string | null }[] };
    const mine = listed.apps.find((a) => a.iccids.length === 1 && a.iccids[0] === MEI.esims[1])!;
    expect(mine).toMatchObject({ name: 'Travel Data Hub', scopes: expect.arrayContaining(['usage:read:records']) });
    expect(mine.lastReadAt).not.toBeNull();
    expect((await agent.fetch(`/api/v1/connected-apps/${mine.grantId}`, { method: 'DELETE' })).status).toBe(403); // no CSRF token
    expect((await agent.fetch(`/api/v1/connected-apps/${mine.grantId}`, { method: 'DELETE', csrf })).status).toBe(204);
    expect((await api('/api/v1/esims', String(t.body['access_token']))).status).toBe(401);
    expect((await refresh(String(t.body['refresh_token']))).body['error']).toBe('invalid_grant');
  });

  it("a second subscriber consents to their own eSIMs only; another's eSIM cannot be picked", async () => {
    const ivan = await authorize({ who: IVAN });
    const token = String((await exchange(ivan.code, ivan.verifier)).body['access_token']);
    expect((await api('/api/v1/esims', token)).body['esims'].map((e: { iccid: string }) => e.iccid)).toEqual([...IVAN.esims]);
    expect((await api(`/api/v1/esims/${MEI.esims[0]}`, token)).status).toBe(404);

    const agent = new CookieAgent(w.url);
    const started = await startAuthorization(agent, { clientId: client.id, redirectUri: REDIRECT, scope: ALL }, pkcePair().challenge);
    if (!('uid' in started)) throw new Error('not started');
    const csrf = await portalSignIn(agent, IVAN.phone, IVAN.password);
    const details = (await (await agent.fetch(`/oauth/consent/${started.uid}/details`)).json()) as { esims: { iccid: string }[]; client: { name: string } };
    expect(details.esims.map((e) => e.iccid)).toEqual([...IVAN.esims]);
    expect(details.client.name).toBe('Travel Data Hub');
    expect((await agent.json(`/oauth/consent/${started.uid}/confirm`, { iccids: [MEI.esims[0]] }, csrf)).status).toBe(404);
    // Another browser (no interaction cookie) cannot answer this interaction.
    const other = new CookieAgent(w.url);
    const otherCsrf = await portalSignIn(other, IVAN.phone, IVAN.password);
    expect((await other.json(`/oauth/consent/${started.uid}/confirm`, { iccids: [...IVAN.esims] }, otherCsrf)).status).toBe(404);
  });

  it('a denial returns access_denied to the app', async () => {
    const agent = new CookieAgent(w.url);
    const started = await startAuthorization(agent, { clientId: client.id, redirectUri: REDIRECT, scope: ALL }, pkcePair().challenge);
    if (!('uid' in started)) throw new Error('not started');
    const csrf = await portalSignIn(agent, MEI.phone, MEI.password);
    const r = await agent.json(`/oauth/consent/${started.uid}/deny`, {}, csrf);
    const res = await agent.fetch(String(r.body['redirectTo']));
    const back = new URL(res.headers.get('location')!);
    expect(back.searchParams.get('error')).toBe('access_denied');
  });

  it('revoking the client (simledger clients revoke) ends its tokens and its consents', async () => {
    const store = w.running.deps.store;
    const c = await createOauthClient(store, { name: 'Short-lived', redirectUris: [REDIRECT], confidential: true }, Date.now());
    if (!c.ok || !c.clientSecret) throw new Error('client not created');
    const saved = client;
    client = { id: c.clientId, secret: c.clientSecret };
    try {
      const { code, verifier } = await authorize();
      const t = await exchange(code, verifier);
      expect((await api('/api/v1/esims', String(t.body['access_token']))).status).toBe(200);
      expect(await revokeOauthClient(store, c.clientId, Date.now())).toBe(true);
      expect((await api('/api/v1/esims', String(t.body['access_token']))).status).toBe(401);
      expect((await refresh(String(t.body['refresh_token']))).body['error']).toBe('invalid_client');
    } finally {
      client = saved;
    }
  });
});
