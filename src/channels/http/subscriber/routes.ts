import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { authRoutes } from './auth-routes.js';
import { dataRoutes } from './data-routes.js';
import { helpRoutes } from './help-routes.js';
import { ledgerRoutes } from './ledger-routes.js';
import { statementRoutes } from './statement-routes.js';
import { alertRoutes } from './alert-routes.js';

export function subscriberRoutes(app: App, deps: AppDeps): void {
  authRoutes(app, deps);
  dataRoutes(app, deps);
  statementRoutes(app, deps);
  alertRoutes(app, deps);
  ledgerRoutes(app, deps);
  helpRoutes(app, deps);
}
