import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { hubRoutes } from './hub.js';
import { TMF_BASE } from './tmf-common.js';
import { tmf635Routes } from './tmf635-usage.js';
import { tmf654Routes } from './tmf654-prepay-balance.js';
import { tmf677Routes } from './tmf677-usage-consumption.js';
import { tmf678Routes } from './tmf678-customer-bill.js';

/** TM Forum v4: TMF635, TMF654, TMF677, TMF678, each with its /hub. Operator API keys with tmf:read / tmf:write. */
export function tmfRoutes(app: App, deps: AppDeps): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'operatorKey', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'sk_...',
    description: 'An operator API key with tmf:read (reads) or tmf:write (writes).',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'appToken', {
    type: 'http',
    scheme: 'bearer',
    description: "An app's OAuth access token: the read's scope; only the subscriber's consented eSIMs.",
  });
  tmf635Routes(app, deps);
  tmf654Routes(app, deps);
  tmf677Routes(app, deps);
  tmf678Routes(app, deps);
  hubRoutes(app, deps, 'usage', TMF_BASE.usage, 'TMF635 Usage');
  hubRoutes(app, deps, 'prepay', TMF_BASE.prepay, 'TMF654 Prepay Balance');
  hubRoutes(app, deps, 'consumption', TMF_BASE.consumption, 'TMF677 Usage Consumption');
  hubRoutes(app, deps, 'bill', TMF_BASE.bill, 'TMF678 Customer Bill');
}
