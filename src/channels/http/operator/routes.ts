import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { registerOperatorSecurity } from './common.js';
import { provisioningRoutes } from './provisioning.js';
import { supportRoutes } from './support.js';
import { sourceDelayRoutes } from './source-delays.js';
import { usageIngestRoutes } from './usage-ingest.js';
import { voucherRoutes } from './vouchers.js';
import { alertRoutes } from './alerts.js';

/** The operator API under /api/v1/operator: every route needs an API key with its scope. */
export function operatorRoutes(app: App, deps: AppDeps): void {
  registerOperatorSecurity(app);
  usageIngestRoutes(app, deps);
  provisioningRoutes(app, deps);
  voucherRoutes(app, deps);
  supportRoutes(app, deps);
  sourceDelayRoutes(app, deps);
  alertRoutes(app, deps);
}
