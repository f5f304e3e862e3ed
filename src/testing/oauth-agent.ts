/**
 * The subscriber's side of an OAuth authorization without a browser: a cookie jar, the portal's
 * sign-in and the consent API. Tests use it to reach a code quickly; the browser test does the same
 * through the portal's pages.
 */
import { createHash, randomBytes } from 'node:crypto';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export class CookieAgent {
  private readonly jar = new Map<string, string>();
  constructor(readonly base: string) {}

  async fetch(pathOrUrl: string, init: RequestInit & { csrf?: string } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size > 0) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('origin', this.base);
    if (init.csrf) headers.set('x-csrf-token', init.csrf);
    const res = await fetch(new URL(pathOrUrl, this.base), { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
      if (value === '' || /max-age=0|expires=Thu, 01 Jan 1970/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  async json(path: string, body: unknown, csrf?: string): Promise<{ status: number; body: Record<string, any> }> {
    const res = await this.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...(csrf ? { csrf } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  }
}

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  state?: string;
  /** Extra or overriding query parameters (tests of PKCE and redirect URIs). */
  params?: Record<string, string | undefined>;
}

export function authorizeUrl(base: string, req: AuthorizeRequest, challenge: string): string {
  const q = new URLSearchParams({
    client_id: req.clientId,
    redirect_uri: req.redirectUri,
    response_type: 'code',
    scope: req.scope,
    state: req.state ?? 'st-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  for (const [k, v] of Object.entries(req.params ?? {}))
    if (v === undefined) q.delete(k);
    else q.set(k, v);
  return `${base}/oidc/auth?${q.toString()}`;
}

/** Starts the authorization; the consent screen's uid, or the response that refused it. */
export async function startAuthorization(agent: CookieAgent, req: AuthorizeRequest, challenge: string): Promise<{ uid: string } | { refused: Response }> {
  const res = await agent.fetch(authorizeUrl(agent.base, req, challenge));
  const location = res.headers.get('location') ?? '';
  const uid = /\/oauth\/consent\/([\w-]+)$/.exec(location)?.[1];
  return res.status === 303 && uid ? { uid } : { refused: res };
}

/** Signs in on the portal's API; the session's CSRF token. */
export async function portalSignIn(agent: CookieAgent, phone: string, password: string): Promise<string> {
  const r = await agent.json('/api/v1/auth/sign-in', { phone, password });
  if (r.status !== 200) throw new Error(`sign-in ${r.status} ${JSON.stringify(r.body)}`);
  return String(r.body['csrfToken']);
}

/** Consents for `iccids` and follows the redirects to the app's redirect URI: the code (or the URL). */
export async function consent(agent: CookieAgent, uid: string, csrf: string, iccids: readonly string[], scopes?: readonly string[]): Promise<URL> {
  const r = await agent.json(`/oauth/consent/${uid}/confirm`, { iccids, ...(scopes ? { scopes } : {}) }, csrf);
  if (r.status !== 200) throw new Error(`consent ${r.status} ${JSON.stringify(r.body)}`);
  let location = String(r.body['redirectTo']);
  for (let hop = 0; hop < 5; hop++) {
    const url = new URL(location, agent.base);
    if (url.origin !== new URL(agent.base).origin || !url.pathname.startsWith('/oidc/')) return url;
    const res = await agent.fetch(url.toString());
    location = res.headers.get('location') ?? '';
    if (!location) throw new Error(`no redirect from ${url.pathname}: ${res.status} ${await res.text()}`);
  }
  throw new Error('too many redirects');
}

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  scope: string;
  token_type: string;
}

/** POST to the token endpoint (form-encoded; a confidential client by HTTP Basic). */
export async function tokenRequest(base: string, form: Record<string, string>, client: { id: string; secret?: string }): Promise<{ status: number; body: Record<string, any> }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const body = new URLSearchParams(form);
  if (client.secret) headers['authorization'] = `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`;
  else body.set('client_id', client.id);
  const res = await fetch(`${base}/oidc/token`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
