/** CAMARA Device Data Volume 0.1.0: the data-volume reads and the subscriptions API with its events. */
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { startCrossingWatch } from './crossing-watch.js';
import { dataVolumeRoutes } from './data-volume-routes.js';
import { subscriptionRoutes } from './subscription-routes.js';

export function camaraRoutes(app: App, deps: AppDeps): void {
  dataVolumeRoutes(app, deps);
  subscriptionRoutes(app, deps);
  startCrossingWatch(deps);
}
