/** The account's eSIMs: list, one line, and its activation code (for the QR code). */
import { createRoute, z } from '@hono/zod-openapi';
import { getActivationCode, getEsim, listEsims, type EsimView } from '../../../services/query-account.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireSubscriber } from '../session-cookie.js';
import { consentedIccids, mayReadEsim, requireReader } from '../oauth/bearer.js';
import { accountIdOf, errors, handle, IccidParams, Instant, iso, jsonContent, outcome, subscriberRoute } from './kit.js';

const Esim = z
  .object({
    iccid: z.string(),
    imsi: z.string(),
    msisdn: z.string().nullable(),
    eid: z.string().nullable(),
    state: z.string(),
    hasActivationCode: z.boolean(),
    plans: z.array(z.object({ planId: z.string(), name: z.string(), lastPurchasedAt: Instant })),
  })
  .openapi('Esim');

const ActivationCode = z.object({ iccid: z.string(), activationCode: z.string().openapi({ example: 'LPA:1$smdp.example.com$MATCHING-ID' }) }).openapi('ActivationCode');

function render(e: EsimView) {
  return { ...e, plans: e.plans.map((p) => ({ planId: p.planId, name: p.name, lastPurchasedAt: iso(p.lastPurchasedAt) })) };
}

export function esimRoutes(app: App, deps: AppDeps): void {
  const guard = requireSubscriber(deps);
  const reader = requireReader(deps, 'esims:read');
  handle(
    app,
    createRoute(
      subscriberRoute(reader, {
        method: 'get',
        path: '/api/v1/esims',
        summary: "The account's eSIMs, with plan names in the account language",
        responses: { 200: jsonContent(z.object({ esims: z.array(Esim) }), 'the lines, by ICCID'), ...errors() },
      }),
    ),
    async (c) => {
      const allowed = consentedIccids(c);
      const esims = (await listEsims(deps.store, accountIdOf(c))).filter((e) => allowed === undefined || allowed.includes(e.iccid));
      return json(c, { esims: esims.map(render) });
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(reader, {
        method: 'get',
        path: '/api/v1/esims/{iccid}',
        summary: "One of the account's eSIMs",
        request: { params: IccidParams },
        responses: { 200: jsonContent(Esim, 'the line'), ...errors(400, 404) },
      }),
    ),
    async (c) => {
      const { iccid } = c.req.valid('param');
      const found = mayReadEsim(c, iccid) ? await getEsim(deps.store, accountIdOf(c), iccid) : { ok: false as const, code: 'unknown_esim' };
      return found.ok ? json(c, render(found.value)) : outcome(c, found.code, `no eSIM ${iccid}`);
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'get',
        path: '/api/v1/esims/{iccid}/activation-code',
        summary: "The eSIM's activation code (LPA:1$...)",
        request: { params: IccidParams },
        responses: { 200: jsonContent(ActivationCode, 'the activation code'), ...errors(400, 404) },
      }),
    ),
    async (c) => {
      const { iccid } = c.req.valid('param');
      const found = await getActivationCode(deps.store, accountIdOf(c), iccid);
      if (found.ok) return json(c, { iccid, activationCode: found.value }, 200, { 'cache-control': 'no-store' });
      return outcome(c, found.code, found.code === 'unknown_esim' ? `no eSIM ${iccid}` : `eSIM ${iccid} has no activation code`);
    },
  );
}
