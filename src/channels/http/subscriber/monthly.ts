/** The 12-month trend: data, voice, SMS and spend per local month of the account's zone. */
import { createRoute, z } from '@hono/zod-openapi';
import { monthlyUsage } from '../../../services/monthly-usage.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireReader } from '../oauth/bearer.js';
import { accountIdOf, errors, handle, Iccid, jsonContent, Minor, outcome, Quantity, subscriberRoute } from './kit.js';
import { esimProblem } from './usage.js';

const Month = z.object({
  month: z.string().openapi({ example: '2026-11', description: "a calendar month in the account's time zone" }),
  dataBytes: Quantity,
  voiceSeconds: Quantity,
  smsMessages: Quantity,
  spendMinor: Minor.openapi({ description: 'charged to the wallet for usage that month' }),
});

const Monthly = z
  .object({
    timeZone: z.string(),
    currency: z.string(),
    iccid: z.string().optional(),
    months: z.array(Month).openapi({ description: 'this month and the 11 before it, oldest first; months without usage are zeros' }),
  })
  .openapi('MonthlyUsage');

export function monthlyRoutes(app: App, deps: AppDeps): void {
  handle(
    app,
    createRoute(
      subscriberRoute(requireReader(deps, 'usage:read'), {
        method: 'get',
        path: '/api/v1/usage/monthly',
        summary: "The last 12 months of usage and spend, per month in the account's time zone",
        request: { query: z.object({ iccid: Iccid.optional() }) },
        responses: { 200: jsonContent(Monthly, 'twelve months, oldest first'), ...errors(400, 404) },
      }),
    ),
    async (c) => {
      const { iccid } = c.req.valid('query');
      const refused = esimProblem(c, iccid);
      if (refused) return refused;
      const r = await monthlyUsage(deps.store, accountIdOf(c), deps.now(), iccid);
      if (!r.ok) return outcome(c, r.code, r.code === 'unknown_esim' ? `no eSIM ${iccid}` : 'the account is gone', r.field);
      return json(c, r.value);
    },
  );
}
