/** The authorization server (discovery, /oidc/*), the consent screen's API and the connected-apps API. */
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { connectedAppRoutes } from './connected-apps.js';
import { consentRoutes } from './consent-routes.js';
import { toProvider } from './oidc-bridge.js';

export function oauthRoutes(app: App, deps: AppDeps): void {
  app.get('/.well-known/openid-configuration', (c) => toProvider(c, deps));
  app.all('/oidc/*', (c) => toProvider(c, deps));
  consentRoutes(app, deps);
  connectedAppRoutes(app, deps);
}
