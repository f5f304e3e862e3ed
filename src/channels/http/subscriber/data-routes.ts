/** The subscriber data API under /api/v1 (every route behind requireSubscriber). */
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { actionRoutes } from './actions.js';
import { balanceRoutes } from './balances.js';
import { paygCapRoutes } from './outlook.js';
import { esimRoutes } from './esims.js';
import { meRoutes } from './me.js';
import { monthlyRoutes } from './monthly.js';
import { planRoutes } from './plans.js';
import { usageRoutes } from './usage.js';

export function dataRoutes(app: App, deps: AppDeps): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: '__Host-simledger',
    description: 'the session cookie set at sign-in; state-changing requests also need its X-CSRF-Token header',
  });
  meRoutes(app, deps);
  esimRoutes(app, deps);
  balanceRoutes(app, deps);
  paygCapRoutes(app, deps);
  usageRoutes(app, deps);
  monthlyRoutes(app, deps);
  planRoutes(app, deps);
  actionRoutes(app, deps);
}
