import { z } from '@hono/zod-openapi';
import { toJson } from '../../../services/export-balances.js';
import { deleteQuery, lineConsumptions, lineConsumptionsPage, queriesPage, saveQuery, type LineConsumption, type StoredQuery } from '../../../services/tmf/usage-consumption.js';
import { iso } from './tmf-money.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { publish } from './hub.js';
import { appReachOf, emptyPage, heldTo, reaches } from './tmf-app-reach.js';
import { listPage } from './tmf-list.js';
import { hrefOf, IdParam, idOf, itemResponse, ListQuery, TMF_BASE, tmfHook, tmfProblem, tmfRoute, type TmfObject } from './tmf-common.js';
import { bucketToTmf } from './tmf654-prepay-balance.js';

const base = TMF_BASE.consumption;
const tag = 'TMF677 Usage Consumption';

function bucketValue(deps: AppDeps, b: LineConsumption['buckets'][number]): TmfObject {
  const tmf = bucketToTmf(deps, b);
  if (b.type !== 'plan') return tmf;
  const units = String((tmf['remainingValue'] as { units: string }).units);
  return { ...tmf, bucketCounter: [{ counterType: 'used', valueName: units, value: { amount: b.initial - b.remaining, units } }] };
}

/** Freshness and an exceeded pay-as-you-go cap, in words (TMF677 has no fields for them). */
function numbersNote(r: LineConsumption): string {
  const f = r.freshness;
  const parts = [f.usageToMs === null ? 'No usage counted yet.' : `Usage counted up to ${iso(f.usageToMs)}; last record arrived ${iso(f.arrivedAtMs ?? f.usageToMs)}.`];
  if (r.overCap) parts.push(`Over its pay-as-you-go data cap: ${r.overCap.usedBytes} of ${r.overCap.capBytes} bytes this month.`);
  return parts.join(' ');
}

/** One report per line (id = ICCID): its buckets with remaining and used, as of now. */
function reportToTmf(deps: AppDeps, r: LineConsumption): TmfObject {
  return {
    id: r.iccid,
    href: hrefOf(deps, base, 'usageConsumptionReport', r.iccid),
    '@type': 'UsageConsumptionReport',
    name: `Usage consumption of line ${r.msisdn ?? r.iccid}`,
    description: numbersNote(r),
    // The figures are true as of the latest usage rated for the line, not of the request.
    effectiveDate: iso(r.freshness.usageToMs ?? r.asOf),
    creationDate: iso(r.asOf),
    bucket: r.buckets.map((b) => bucketValue(deps, b)),
    logicalResource: [{ id: r.iccid, name: 'ICCID', '@referredType': 'LogicalResource' }],
    partyAccount: [{ id: r.accountId, '@referredType': 'BillingAccount' }],
  };
}

const Ref = z.object({ id: z.string().min(1).max(200) }).passthrough();
const QueryBody = z
  .object({
    searchCriteria: z
      .object({ logicalResource: z.array(Ref).max(1).optional(), partyAccount: z.array(Ref).max(1).optional() })
      .passthrough()
      .optional(),
    logicalResource: z.array(Ref).max(1).optional(),
    partyAccount: z.array(Ref).max(1).optional(),
  })
  .passthrough();

const queryToTmf = (deps: AppDeps, q: StoredQuery): TmfObject => ({
  ...q.body,
  id: q.id,
  href: hrefOf(deps, base, 'queryUsageConsumption', q.id),
  '@type': 'QueryUsageConsumption',
  queryUsageConsumptionDate: iso(q.createdAt),
});

export function tmf677Routes(app: App, deps: AppDeps): void {
  app.openapi(
    tmfRoute(deps, { method: 'get', path: `${base}/usageConsumptionReport`, tag, summary: 'Usage consumption of every line', scope: 'tmf:read', app: 'usage:read', query: ListQuery, ok: 200 }),
    async (c) =>
      listPage(c, deps, {
        indexed: ['id', 'bucket.id', 'partyAccount.id', 'logicalResource.id'],
        derived: ['name'],
        keyParts: 1,
        toTmf: (r: LineConsumption) => reportToTmf(deps, r),
        fetch: async (args, f) => {
          const iccid = f['id'] ?? f['logicalResource.id'];
          const held = heldTo(appReachOf(c), { accountId: f['partyAccount.id'], iccid });
          return held === undefined
            ? emptyPage()
            : lineConsumptionsPage(
                deps.store,
                deps.now(),
                {
                  ...(iccid ? { iccid } : {}),
                  ...(f['partyAccount.id'] ? { accountId: f['partyAccount.id'] } : {}),
                  ...(f['bucket.id'] ? { bucketId: f['bucket.id'] } : {}),
                  ...held,
                },
                args,
              );
        },
      }),
    tmfHook as never,
  );
  app.openapi(
    tmfRoute(deps, {
      method: 'get',
      path: `${base}/usageConsumptionReport/{id}`,
      tag,
      summary: 'Usage consumption of a line (id = ICCID)',
      scope: 'tmf:read',
      app: 'usage:read',
      params: IdParam,
      query: ListQuery,
      ok: 200,
    }),
    async (c) => {
      const [r] = await lineConsumptions(deps.store, deps.now(), { iccid: idOf(c) });
      return r && reaches(appReachOf(c), r.accountId, r.iccid) ? itemResponse(c, reportToTmf(deps, r)) : tmfProblem(c, 'unknown_esim', `no line ${idOf(c)}`);
    },
    tmfHook as never,
  );

  app.openapi(
    tmfRoute(deps, { method: 'post', path: `${base}/queryUsageConsumption`, tag, summary: 'Query the consumption of a line or an account', scope: 'tmf:read', body: QueryBody, ok: 201 }),
    async (c) => {
      const body = c.req.valid('json' as never) as z.infer<typeof QueryBody>;
      const crit = body.searchCriteria ?? body;
      const iccid = crit.logicalResource?.[0]?.id;
      const accountId = crit.partyAccount?.[0]?.id;
      if (iccid === undefined && accountId === undefined) return tmfProblem(c, 'invalid_request', 'searchCriteria.logicalResource: name a line (ICCID) or a partyAccount');
      const reports = await lineConsumptions(deps.store, deps.now(), { ...(iccid ? { iccid } : {}), ...(accountId ? { accountId } : {}) });
      if (reports.length === 0) return tmfProblem(c, iccid ? 'unknown_esim' : 'unknown_account', `no line matches ${iccid ?? accountId}`);
      const usageConsumption = reports.map((r) => ({ ...reportToTmf(deps, r), bucketRefOrValue: reportToTmf(deps, r)['bucket'] }));
      const q = await saveQuery(deps.store, JSON.parse(toJson({ searchCriteria: crit, usageConsumption })) as Record<string, unknown>, deps.now());
      const tmf = queryToTmf(deps, q);
      publish(deps, 'consumption', 'QueryUsageConsumptionCreateEvent', 'queryUsageConsumption', tmf);
      return itemResponse(c, tmf, 201);
    },
    tmfHook as never,
  );
  app.openapi(
    tmfRoute(deps, { method: 'get', path: `${base}/queryUsageConsumption`, tag, summary: 'List queries', scope: 'tmf:read', query: ListQuery, ok: 200 }),
    async (c) =>
      listPage(c, deps, {
        indexed: ['id'],
        keyParts: 2,
        toTmf: (q: StoredQuery) => queryToTmf(deps, q),
        fetch: (args, f) => queriesPage(deps.store, f['id'] ? { id: f['id'] } : {}, args),
      }),
    tmfHook as never,
  );
  app.openapi(
    tmfRoute(deps, { method: 'get', path: `${base}/queryUsageConsumption/{id}`, tag, summary: 'A query', scope: 'tmf:read', params: IdParam, query: ListQuery, ok: 200 }),
    async (c) => {
      const q = (await queriesPage(deps.store, { id: idOf(c) }, { offset: 0, limit: 1 })).items[0]?.value;
      return q ? itemResponse(c, queryToTmf(deps, q)) : tmfProblem(c, 'not_found', `no query ${idOf(c)}`);
    },
    tmfHook as never,
  );
  app.openapi(
    tmfRoute(deps, { method: 'delete', path: `${base}/queryUsageConsumption/{id}`, tag, summary: 'Delete a query', scope: 'tmf:write', params: IdParam, ok: 204 }),
    async (c) => ((await deleteQuery(deps.store, idOf(c))) ? c.body(null, 204) : tmfProblem(c, 'not_found', `no query ${idOf(c)}`)),
    tmfHook as never,
  );
}
