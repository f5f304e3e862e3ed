import type { App } from '../app.js';
import type { AppDeps } from '../env.js';

export function subscriberRoutes(_app: App, _deps: AppDeps): void {
  // filled in by the subscriber API
}
