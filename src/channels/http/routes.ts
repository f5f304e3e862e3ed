import type { RouteModule } from './app.js';
import { operatorRoutes } from './operator/routes.js';
import { subscriberRoutes } from './subscriber/routes.js';
import { tmfRoutes } from './tmf/routes.js';

/** Every route set the server mounts, in order. */
export const ROUTE_MODULES: readonly RouteModule[] = [subscriberRoutes, operatorRoutes, tmfRoutes];
