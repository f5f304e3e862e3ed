/** How late each source's records arrive, per network, over the last day. */
import { createRoute, z } from '@hono/zod-openapi';
import { DELAY_SAMPLE, sourceDelays } from '../../../services/line-freshness.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireScope } from '../operator-auth.js';
import { OPERATOR_BASE, OPERATOR_SECURITY, operatorRoute, problemResponses } from './common.js';

const Delay = z
  .object({
    source: z.string(),
    mccMnc: z.string(),
    networkName: z.string().nullable(),
    records: z.int(),
    p50Seconds: z.int(),
    p95Seconds: z.int(),
  })
  .openapi('SourceDelay');

export function sourceDelayRoutes(app: App, deps: AppDeps): void {
  operatorRoute(
    app,
    createRoute({
      tags: ['Operator: support'],
      security: OPERATOR_SECURITY,
      method: 'get',
      path: `${OPERATOR_BASE}/source-delays`,
      middleware: [requireScope(deps, 'support:read')],
      summary: "Each source's delay per network over the last day",
      description: `Scope support:read. Delay = arrival (rating time) minus the end of the usage; from the latest ${DELAY_SAMPLE} records at most.`,
      responses: {
        200: { description: 'p50 and p95 per source and network', content: { 'application/json': { schema: z.object({ asOf: z.string(), delays: z.array(Delay) }) } } },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => {
      const now = deps.now();
      const delays = await sourceDelays(deps.store.db, now);
      return json(c, {
        asOf: new Date(now).toISOString(),
        delays: delays.map((d) => ({
          source: d.source,
          mccMnc: d.mccMnc,
          networkName: d.networkName,
          records: d.records,
          p50Seconds: Math.round(d.p50Ms / 1000),
          p95Seconds: Math.round(d.p95Ms / 1000),
        })),
      });
    },
  );
}
