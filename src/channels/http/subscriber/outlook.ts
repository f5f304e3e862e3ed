/** Freshness, run-out forecasts and pay-as-you-go state beside the balances; the data cap route. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Forecast } from '../../../domain/forecast.js';
import type { EsimOutlook } from '../../../services/account-outlook.js';
import type { LineFreshness } from '../../../services/line-freshness.js';
import { setPaygCap, type PaygState } from '../../../services/payg.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireSubscriber } from '../session-cookie.js';
import { accountIdOf, Bucket, errors, handle, IccidParams, Instant, iso, jsonContent, Minor, outcome, Quantity, renderBucket, subscriberRoute } from './kit.js';

export const Freshness = z
  .object({
    usageCountedTo: Instant.nullable().openapi({ description: 'the latest usage time rated for the line; figures include nothing after it' }),
    lastRecordArrivedAt: Instant.nullable(),
    network: z.object({ mccMnc: z.string(), name: z.string().nullable() }).nullable().openapi({ description: 'where that latest usage was' }),
    networkTypicalDelayMinutes: z.number().int().nullable().openapi({ description: "set when that network's records typically arrive hours late" }),
  })
  .openapi('Freshness');

export const RunOutForecast = z
  .object({
    outcome: z.enum(['too_short', 'lasts', 'runs_out']).openapi({ description: '`too_short`: under 3 days of history, nothing to say' }),
    runsOutAt: Instant.nullable(),
    planEndsAt: Instant.nullable(),
    pacePerDay: Quantity.nullable().openapi({ description: 'weighted median of the last 7 local days (units, or minor units for the wallet)' }),
  })
  .openapi('RunOutForecast');

export const Payg = z
  .object({
    active: z.boolean().openapi({ description: 'no data left in any bucket: data is charged to the wallet' }),
    currency: z.string().nullable(),
    dataPerMiBMinor: Minor.nullable(),
    capBytes: Quantity.nullable(),
    usedThisMonthBytes: Quantity,
    overCap: z.boolean(),
  })
  .openapi('PaygState');

export const EsimBalance = z.object({
  iccid: z.string(),
  buckets: z.array(Bucket.extend({ forecast: RunOutForecast.nullable() })),
  freshness: Freshness,
  payg: Payg,
});

export function renderFreshness(f: LineFreshness) {
  return {
    usageCountedTo: iso(f.usageToMs),
    lastRecordArrivedAt: iso(f.arrivedAtMs),
    network: f.mccMnc === null ? null : { mccMnc: f.mccMnc, name: f.networkName },
    networkTypicalDelayMinutes: f.lateByMs === null ? null : Math.round(f.lateByMs / 60_000),
  };
}

export function renderForecast(f: Forecast) {
  if (f.outcome === 'too_short') return { outcome: f.outcome, runsOutAt: null, planEndsAt: null, pacePerDay: null };
  return { outcome: f.outcome, runsOutAt: f.outcome === 'runs_out' ? iso(f.atMs) : null, planEndsAt: iso(f.planEndMs), pacePerDay: f.pacePerDay };
}

export function renderPayg(p: PaygState) {
  return { ...p };
}

export function renderEsimBalance(e: EsimOutlook) {
  return {
    iccid: e.iccid,
    freshness: renderFreshness(e.freshness),
    payg: renderPayg(e.payg),
    buckets: e.buckets.map((b) => {
      const f = e.forecasts.get(b.bucketId);
      return { ...renderBucket(b), forecast: f === undefined ? null : renderForecast(f) };
    }),
  };
}

const CapRequest = z
  .strictObject({
    capBytes: z
      .bigint({ message: 'must be a whole number of bytes' })
      .or(
        z
          .number()
          .int()
          .transform((n) => BigInt(n)),
      )
      .nullable()
      .openapi({ type: 'integer', description: 'monthly pay-as-you-go data cap in bytes; null removes it' }),
  })
  .openapi('PaygCapRequest');

export function paygCapRoutes(app: App, deps: AppDeps): void {
  const guard = requireSubscriber(deps);
  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'put',
        path: '/api/v1/esims/{iccid}/payg-cap',
        summary: "Set or remove an eSIM's monthly pay-as-you-go data cap",
        request: { params: IccidParams, body: { content: { 'application/json': { schema: CapRequest } }, required: true } },
        responses: { 200: jsonContent(z.object({ iccid: z.string(), capBytes: Quantity.nullable() }), 'the cap as set'), ...errors(400, 404) },
      }),
    ),
    async (c) => {
      const { iccid } = c.req.valid('param');
      const { capBytes } = c.req.valid('json');
      const r = await setPaygCap(deps.store, accountIdOf(c), iccid, capBytes, deps.now());
      if (!r.ok) return r.code === 'invalid_cap' ? outcome(c, 'invalid_request', 'must be more than 0 bytes', 'capBytes') : outcome(c, r.code, `no eSIM ${iccid}`);
      return json(c, { iccid, capBytes });
    },
  );
}
