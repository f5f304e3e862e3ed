/**
 * The OAuth 2.0 / OpenID Connect authorization server: oidc-provider (OpenID Certified), set up
 * for third-party apps reading a subscriber's eSIMs with consent. Code flow with PKCE S256 only,
 * exact redirect URIs, no implicit or password grant; short access tokens, rotating refresh tokens
 * (a replayed one revokes its grant); revocation, introspection, discovery and JWKS. One provider
 * per app, made on first use (its issuer is the public URL, or the request's origin on port 0).
 */
import type Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';

// Loaded on first use, so only a running server pays for it (and for its Node 20 runtime warning).
type OidcLibrary = typeof import('oidc-provider');
const loadOidc = (): Promise<OidcLibrary> => import('oidc-provider');
import { oidcAdapterFactory } from '../../../services/oauth/oidc-adapter.js';
import { compareHashedSecret } from '../../../services/oauth/oauth-clients.js';
import { ACCESS_TOKEN_TTL_S, CONSENT_TTL_S, RESOURCE_SCOPES } from '../../../services/oauth/oauth-scopes.js';
import { loadOrCreateOidcSecrets } from '../../../services/oauth/signing-keys.js';
import type { AppDeps } from '../env.js';

/** Where the portal asks for consent; its API lives under the same path (the interaction cookie's path). */
export const CONSENT_PATH = '/oauth/consent';

const ROUTES = {
  authorization: '/oidc/auth',
  token: '/oidc/token',
  jwks: '/oidc/jwks',
  revocation: '/oidc/token/revocation',
  introspection: '/oidc/token/introspection',
  userinfo: '/oidc/me',
  end_session: '/oidc/session/end',
  code_verification: '/oidc/device',
  device_authorization: '/oidc/device/auth',
  pushed_authorization_request: '/oidc/request',
  backchannel_authentication: '/oidc/backchannel',
  registration: '/oidc/reg',
  challenge: '/oidc/challenge',
  credential: '/oidc/credential',
} as const;

/** The API the access tokens are for (RFC 8707 resource indicator). */
export function resourceOf(issuer: string): string {
  return `${issuer}/api`;
}

/** The consent prompt comes up on every authorization: an app never gains access silently. */
function policy(lib: OidcLibrary) {
  const { base, Check } = lib.interactionPolicy;
  const prompts = base();
  prompts
    .get('consent')!
    .checks.add(new Check('consent_every_time', 'the subscriber confirms every authorization', (ctx) => (ctx.oidc.result?.['consent'] ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT)));
  return prompts;
}

async function configuration(deps: AppDeps, issuer: string, lib: OidcLibrary): Promise<Configuration> {
  const secrets = await loadOrCreateOidcSecrets(deps.store, deps.now());
  const resource = resourceOf(issuer);
  return {
    adapter: oidcAdapterFactory(deps.store, deps.now),
    jwks: secrets.jwks as Configuration['jwks'],
    cookies: { keys: secrets.cookieKeys },
    routes: ROUTES,
    scopes: ['openid', ...RESOURCE_SCOPES],
    claims: { openid: ['sub'] },
    responseTypes: ['code'],
    clientAuthMethods: ['none', 'client_secret_basic'],
    pkce: { required: () => true },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.accountId !== undefined,
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL_S,
      ClientCredentials: ACCESS_TOKEN_TTL_S,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 24 * 3600,
      Grant: CONSENT_TTL_S,
      RefreshToken: CONSENT_TTL_S,
    },
    interactions: { url: (_ctx, interaction) => `${CONSENT_PATH}/${interaction.uid}`, policy: policy(lib) },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resource) throw new lib.errors.InvalidTarget();
          return { scope: RESOURCE_SCOPES.join(' '), audience: resource, accessTokenTTL: ACCESS_TOKEN_TTL_S, accessTokenFormat: 'opaque' };
        },
      },
    },
    renderError: (ctx: KoaContextWithOIDC, out) => {
      ctx.type = 'application/json';
      ctx.body = out;
    },
  };
}

const providers = new WeakMap<AppDeps, Promise<Provider>>();

/** The issuer: the public URL, except a server started on port 0 (tests) names itself by the request. */
export function issuerFor(deps: AppDeps, requestUrl: string): string {
  const configured = new URL(deps.config.publicUrl);
  const base = configured.port === '0' ? new URL(requestUrl).origin : deps.config.publicUrl;
  return base.replace(/\/+$/, '');
}

export function oidcProvider(deps: AppDeps, requestUrl: string): Promise<Provider> {
  let found = providers.get(deps);
  if (!found) {
    found = (async () => {
      const issuer = issuerFor(deps, requestUrl);
      const lib = await loadOidc();
      const provider = new lib.default(issuer, await configuration(deps, issuer, lib));
      provider.proxy = deps.config.trustProxy === true;
      // Stored client secrets are hashes: compare the presented secret's hash.
      provider.Client.prototype.compareClientSecret = function compare(this: { clientSecret?: string }, actual: string) {
        return Promise.resolve(compareHashedSecret(this.clientSecret, actual));
      };
      provider.on('server_error', (_ctx, error) => deps.log.error({ err: error }, 'oidc server error'));
      return provider;
    })();
    found.catch(() => providers.delete(deps));
    providers.set(deps, found);
  }
  return found;
}
