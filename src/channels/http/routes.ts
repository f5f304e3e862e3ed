import type { RouteModule } from './app.js';
import { operatorRoutes } from './operator/routes.js';
import { portalRoutes } from './portal-static.js';
import { referencePage } from './reference-page.js';
import { subscriberRoutes } from './subscriber/routes.js';
import { tmfRoutes } from './tmf/routes.js';
import { kannelRoutes } from '../sms/kannel-route.js';
import { ussdRoutes } from '../ussd/ussd-routes.js';
import { ivrRoutes } from '../ivr/ivr-routes.js';
import { oauthRoutes } from './oauth/oauth-routes.js';
import { camaraRoutes } from './camara/camara-routes.js';

/** Every route set the server mounts, in order. */
export const ROUTE_MODULES: readonly RouteModule[] = [
  subscriberRoutes,
  operatorRoutes,
  tmfRoutes,
  referencePage,
  kannelRoutes,
  ussdRoutes,
  ivrRoutes,
  oauthRoutes,
  camaraRoutes,
  portalRoutes, // keep last: the portal's pages never shadow an API route
];
