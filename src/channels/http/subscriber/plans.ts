/** GET /api/v1/plans: what the account can buy (its currency), named in its language. */
import { createRoute, z } from '@hono/zod-openapi';
import { listPlanOffers } from '../../../services/query-account.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireSubscriber } from '../session-cookie.js';
import { accountIdOf, errors, handle, jsonContent, Minor, outcome, Quantity, subscriberRoute } from './kit.js';

const PlanOffer = z
  .object({
    id: z.string(),
    name: z.string(),
    currency: z.string(),
    priceMinor: Minor,
    validityDays: z.number().int(),
    validityStarts: z.enum(['purchase', 'first_use']),
    coverage: z.array(z.string()),
    allowances: z.object({ dataBytes: Quantity.optional(), voiceSeconds: Quantity.optional(), sms: Quantity.optional() }),
  })
  .openapi('PlanOffer');

export function planRoutes(app: App, deps: AppDeps): void {
  handle(
    app,
    createRoute(
      subscriberRoute(requireSubscriber(deps), {
        method: 'get',
        path: '/api/v1/plans',
        summary: "Plans purchasable with the account's wallet, cheapest first",
        responses: { 200: jsonContent(z.object({ plans: z.array(PlanOffer) }), 'the plans'), ...errors() },
      }),
    ),
    async (c) => {
      const found = await listPlanOffers(deps.store, accountIdOf(c));
      return found.ok ? json(c, { plans: found.value }) : outcome(c, 'not_found', 'the account is gone');
    },
  );
}
