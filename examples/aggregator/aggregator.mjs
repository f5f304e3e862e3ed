/**
 * An example third-party app: a traveller's data aggregator. It signs its user in at simledger
 * through OAuth 2.0 / OpenID Connect (code + PKCE, with openid-client, an OpenID Certified relying
 * party), keeps the tokens in a JSON file, refreshes them (they rotate), and shows the remaining
 * data and recent usage of every eSIM the subscriber consented to. See README.md beside it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import * as oidc from 'openid-client';

const SCOPE = 'openid esims:read balance:read usage:read usage:read:records';
const MIB = 1_048_576;

const escape = (s) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const page = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Travel Data Hub</title></head><body><h1>Travel Data Hub</h1>${body}</body></html>`;

/** Tokens by the app's own browser session: { [sid]: { sub, access_token, refresh_token, expires_at, refreshes } }. */
function tokenStore(file) {
  const load = () => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {});
  return {
    get: (sid) => load()[sid],
    set: (sid, value) => {
      const all = load();
      if (value) all[sid] = value;
      else delete all[sid];
      writeFileSync(file, JSON.stringify(all, null, 2));
    },
  };
}

function sessionOf(req, res) {
  const sid = /(?:^|;\s*)agg_sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
  if (sid) return sid;
  const fresh = randomBytes(16).toString('base64url');
  res.setHeader('set-cookie', `agg_sid=${fresh}; HttpOnly; SameSite=Lax; Path=/`);
  return fresh;
}

function saveTokens(tokens, sid, set, previous) {
  set(sid, {
    sub: tokens.claims()?.sub ?? previous?.sub,
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token ?? previous?.refresh_token,
    expires_at: Date.now() + (tokens.expiresIn() ?? 0) * 1000,
    refreshes: previous ? previous.refreshes + 1 : 0,
  });
}

export async function startAggregator({ issuer, clientId, clientSecret, port = 0, redirectUri, tokenFile }) {
  const config = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.ClientSecretBasic(clientSecret), { execute: [oidc.allowInsecureRequests] });
  const store = tokenStore(tokenFile);
  const pending = new Map(); // state -> PKCE verifier, for callbacks in flight
  let callback = redirectUri;

  async function refreshed(sid, saved) {
    const tokens = await oidc.refreshTokenGrant(config, saved.refresh_token);
    saveTokens(tokens, sid, store.set, saved);
    return store.get(sid);
  }

  /** GET on simledger's API with the access token; one refresh and retry on 401; undefined when access is gone. */
  async function read(sid, path) {
    let saved = store.get(sid);
    if (saved.expires_at - Date.now() < 30_000) saved = await refreshed(sid, saved).catch(() => undefined);
    for (let attempt = 0; saved && attempt < 2; attempt++) {
      const res = await fetch(new URL(path, issuer), { headers: { authorization: `Bearer ${saved.access_token}` } });
      if (res.status !== 401) return res.ok ? res.json() : { error: res.status };
      saved = attempt === 0 ? await refreshed(sid, saved).catch(() => undefined) : undefined;
    }
    store.set(sid, undefined);
    return undefined;
  }

  async function dashboard(sid) {
    const esims = await read(sid, '/api/v1/esims');
    if (!esims) return page('<p id="revoked">simledger access was withdrawn. <a href="/connect">Connect again</a></p>');
    const rows = [];
    for (const esim of esims.esims) {
      const q = encodeURIComponent(esim.iccid);
      const balance = await read(sid, `/api/v1/esims/${q}/balance`);
      const records = await read(sid, `/api/v1/usage/records?iccid=${q}&limit=5`);
      if (!balance || !records) return page('<p id="revoked">simledger access was withdrawn. <a href="/connect">Connect again</a></p>');
      const dataLeft = (balance.buckets ?? []).filter((b) => b.kind === 'data' && b.status === 'active').reduce((n, b) => n + Number(b.remaining), 0);
      const usage = (records.records ?? [])
        .map((r) => `<li>${escape(r.startedAt)} ${escape(r.country)} ${escape(r.kind === 'data' ? `${(Number(r.quantity) / MIB).toFixed(1)} MB` : `${r.quantity} ${r.unit}`)}</li>`)
        .join('');
      rows.push(
        `<section class="esim" data-iccid="${escape(esim.iccid)}"><h2>${escape(esim.msisdn ?? esim.iccid)}</h2>` +
          `<p>ICCID ${escape(esim.iccid)} · IMSI ${escape(esim.imsi)}</p><p class="remaining">Remaining data: ${(dataLeft / MIB).toFixed(1)} MB</p>` +
          `<h3>Recent usage</h3><ul>${usage}</ul></section>`,
      );
    }
    const saved = store.get(sid);
    return page(`<p id="connected">Connected as ${escape(saved.sub)} · token refreshed ${saved.refreshes} times</p>${rows.join('')}<p><a href="/connect">Connect another</a></p>`);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://app.invalid');
    const sid = sessionOf(req, res);
    const send = (status, html, headers = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(html);
    };
    try {
      if (url.pathname === '/connect') {
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        pending.set(state, verifier);
        const target = oidc.buildAuthorizationUrl(config, {
          redirect_uri: callback,
          scope: SCOPE,
          state,
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
        });
        return send(302, '', { location: target.href });
      }
      if (url.pathname === '/callback') {
        const state = url.searchParams.get('state') ?? '';
        const verifier = pending.get(state);
        pending.delete(state);
        if (!verifier) return send(400, page('<p>Unknown or used sign-in attempt.</p>'));
        if (url.searchParams.get('error')) return send(200, page(`<p id="denied">Not connected: ${escape(url.searchParams.get('error'))}</p>`));
        const tokens = await oidc.authorizationCodeGrant(config, new URL(url.pathname + url.search, callback), { pkceCodeVerifier: verifier, expectedState: state });
        saveTokens(tokens, sid, store.set, undefined);
        return send(302, '', { location: '/' });
      }
      if (url.pathname === '/') {
        return send(200, store.get(sid) ? await dashboard(sid) : page('<p><a id="connect" href="/connect">Connect your simledger eSIMs</a></p>'));
      }
      return send(404, page('<p>Not found</p>'));
    } catch (error) {
      return send(502, page(`<p id="error">${escape(error instanceof Error ? error.message : error)}</p>`));
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  callback ??= `${url}/callback`;
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const need = (name) => process.env[name] ?? (console.error(`set ${name}`), process.exit(2));
  const app = await startAggregator({
    issuer: process.env.SIMLEDGER_URL ?? 'http://127.0.0.1:8080',
    clientId: need('CLIENT_ID'),
    clientSecret: need('CLIENT_SECRET'),
    port: Number(process.env.PORT ?? 4000),
    redirectUri: process.env.REDIRECT_URI,
    tokenFile: process.env.TOKEN_FILE ?? 'aggregator-tokens.json',
  });
  console.log(`Travel Data Hub on ${app.url} (redirect URI ${process.env.REDIRECT_URI ?? `${app.url}/callback`})`);
}
