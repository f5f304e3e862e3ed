import { z } from '@hono/zod-openapi';
import { ingestTmfUsage, type TmfUsageInput } from '../../../services/tmf/tmf-usage-ingest.js';
import { getUsage, usagesPage, type UsageView } from '../../../services/tmf/tmf-usage-read.js';
import { toTmfAmount } from './tmf-money.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { inexactNumber } from '../ledger-range.js';
import { publish } from './hub.js';
import { hrefOf, IdParam, idOf, itemResponse, ListQuery, TMF_BASE, tmfHook, tmfProblem, tmfRoute, type TmfObject } from './tmf-common.js';
import { appReachOf, emptyPage, heldTo, reaches, type AppReach } from './tmf-app-reach.js';
import { listPage, type TmfList } from './tmf-list.js';
import { usageSpecificationRoutes } from './tmf635-usage-specification.js';

const base = TMF_BASE.usage;
const tag = 'TMF635 Usage';
const UNITS: Record<string, string> = { data: 'bytes', voice: 'seconds', sms: 'messages' };

const UsageBody = z
  .object({
    id: z.string().min(1).max(128).optional(),
    description: z.string().max(500).optional(),
    usageDate: z.string().datetime({ offset: true }).optional(),
    usageType: z.string().max(20).optional(),
    status: z.enum(['received', 'rejected', 'recycled', 'guided', 'rated', 'rerated', 'billed']).optional(),
    usageSpecification: z
      .object({ id: z.string().max(128).optional(), name: z.string().max(200).optional() })
      .passthrough()
      .optional(),
    usageCharacteristic: z
      .array(
        z
          .object({
            name: z.string().min(1).max(64),
            value: z.union([
              z.string().max(200),
              z.number().refine((n) => inexactNumber(n) === undefined, { message: 'a number must be exact (within 2^53); write larger values as a digit string' }),
              z.boolean(),
            ]),
          })
          .passthrough(),
      )
      .max(50)
      .optional(),
  })
  .passthrough();

const ch = (name: string, value: unknown, valueType = typeof value === 'string' ? 'string' : 'number') => ({ name, valueType, value });

export function usageToTmf(deps: AppDeps, u: UsageView): TmfObject {
  const common = { id: u.id, href: hrefOf(deps, base, 'usage', u.id), '@type': 'Usage' };
  if (u.status === 'rejected') {
    const p = u.payload;
    const spec = p['usage_specification'] ?? p['kind'] ?? 'unknown';
    return {
      ...common,
      status: 'rejected',
      description: `${u.reason}: ${u.detail}`,
      usageType: p['kind'],
      usageSpecification: { id: spec, href: hrefOf(deps, base, 'usageSpecification', spec) },
      usageCharacteristic: Object.entries(p)
        .filter(([k]) => k !== 'usage_specification')
        .map(([k, v]) => ch(k, v, 'string')),
    };
  }
  const money = (minor: bigint) => ({ unit: u.currency, value: toTmfAmount(minor, u.currency) });
  return {
    ...common,
    status: 'rated',
    usageDate: new Date(u.startedAt).toISOString(),
    usageType: u.kind,
    description: `${u.kind} ${u.direction} ${u.quantity} ${UNITS[u.kind] ?? ''} in ${u.country}`.trim(),
    usageSpecification: { id: u.kind, href: hrefOf(deps, base, 'usageSpecification', u.kind), name: u.kind },
    usageCharacteristic: [
      ch('iccid', u.iccid),
      ch('kind', u.kind),
      ch('direction', u.direction),
      ch('quantity', u.quantity),
      ch('unit', UNITS[u.kind] ?? ''),
      ch('mcc_mnc', u.mccMnc),
      ch('country', u.country),
      ch('bucketUnits', u.bucketUnits),
      ch('debt', u.debt, 'boolean'),
      ...u.draws.map((d) => ch(`bucketDraw:${d.bucketId}`, d.units)),
      ...(u.peer === null ? [] : [ch('peer', u.peer)]),
    ],
    relatedParty: [{ id: u.accountId, role: 'customer', '@referredType': 'Customer' }],
    ratedProductUsage: [
      {
        isBilled: u.isBilled,
        ratingDate: new Date(u.ratedAt).toISOString(),
        ratingAmountType: 'total',
        usageRatingTag: u.amountMinor > 0n ? (u.bucketUnits > 0n ? 'bucket+wallet' : 'wallet') : 'bucket',
        taxIncludedRatingAmount: money(u.amountMinor),
        '@type': 'RatedProductUsage',
      },
      ...u.draws.map((d) => ({
        // Which bundle paid: the bucket (a TMF654 bucket) drawn, its units in the usage's `bucketDraw:<id>` characteristic.
        isBilled: u.isBilled,
        ratingDate: new Date(u.ratedAt).toISOString(),
        ratingAmountType: 'bucket',
        usageRatingTag: 'bucket',
        taxIncludedRatingAmount: money(0n),
        '@type': 'RatedProductUsage',
        productRef: { id: d.bucketId, name: d.planId, href: hrefOf(deps, TMF_BASE.prepay, 'bucket', d.bucketId), '@referredType': 'Bucket' },
      })),
    ],
  };
}

/** An app sees its account's rated records on its consented eSIMs; held events are the operator's. */
const mayRead = (reach: AppReach | undefined, u: UsageView) => reach === undefined || (u.status === 'rated' && reaches(reach, u.accountId, u.iccid));

/** `id` is one lookup; `status` picks records or held events; `relatedParty.id` an account's records. */
function usageList(deps: AppDeps, reach: AppReach | undefined): TmfList<UsageView> {
  return {
    indexed: ['id', 'status', 'relatedParty.id'],
    derived: ['usageType'],
    keyParts: 2,
    toTmf: (u) => usageToTmf(deps, u),
    fetch: async (args, f) => {
      if (f['id'] !== undefined) {
        const one = args.after === undefined && args.offset === 0 ? await getUsage(deps.store, f['id'], deps.now()) : undefined;
        return { items: one && mayRead(reach, one) && (f['status'] ?? one.status) === one.status ? [{ key: ['', 0], value: one }] : [], more: false };
      }
      const status = f['status'];
      if (status !== undefined && status !== 'rated' && status !== 'rejected') return { items: [], more: false };
      const accountId = f['relatedParty.id'];
      const held = heldTo(reach, { accountId });
      if (held === undefined) return emptyPage();
      return usagesPage(deps.store, { ...(status ? { status } : {}), ...(accountId ? { accountId } : {}), ...held }, args, deps.now());
    },
  };
}

export function tmf635Routes(app: App, deps: AppDeps): void {
  app.openapi(
    tmfRoute(deps, { method: 'get', path: `${base}/usage`, tag, summary: 'List usages', scope: 'tmf:read', app: 'usage:read:records', query: ListQuery, ok: 200 }),
    async (c) => listPage(c, deps, usageList(deps, appReachOf(c))),
    tmfHook as never,
  );

  app.openapi(
    tmfRoute(deps, { method: 'get', path: `${base}/usage/{id}`, tag, summary: 'A usage', scope: 'tmf:read', app: 'usage:read:records', params: IdParam, query: ListQuery, ok: 200 }),
    async (c) => {
      const u = await getUsage(deps.store, idOf(c), deps.now());
      return u && mayRead(appReachOf(c), u) ? itemResponse(c, usageToTmf(deps, u)) : tmfProblem(c, 'not_found', `no usage ${idOf(c)}`);
    },
    tmfHook as never,
  );

  app.openapi(
    tmfRoute(deps, { method: 'post', path: `${base}/usage`, tag, summary: 'Ingest (rate) a usage', scope: 'tmf:write', body: UsageBody, ok: 201 }),
    async (c) => {
      const body = c.req.valid('json' as never) as TmfUsageInput;
      const r = await ingestTmfUsage(deps.store, body, deps.now(), deps.config.retentionMonths);
      if (!r.ok) return tmfProblem(c, r.code, r.detail);
      const tmf = usageToTmf(deps, r.usage);
      if (r.created) publish(deps, 'usage', 'UsageCreateEvent', 'usage', tmf);
      return itemResponse(c, tmf, r.created ? 201 : 200);
    },
    tmfHook as never,
  );

  for (const method of ['patch', 'delete'] as const) {
    app.openapi(
      tmfRoute(deps, { method, path: `${base}/usage/{id}`, tag, summary: `${method.toUpperCase()} is refused: a usage is immutable`, scope: 'tmf:write', params: IdParam, ok: 200 }),
      async (c) => {
        const u = await getUsage(deps.store, idOf(c), deps.now());
        if (!u) return tmfProblem(c, 'not_found', `no usage ${idOf(c)}`);
        c.header('Allow', 'GET');
        return tmfProblem(c, 'method_not_allowed', `usage ${u.id} is ${u.status}; usages are immutable (a held event is re-rated from suspense)`);
      },
      tmfHook as never,
    );
  }
  usageSpecificationRoutes(app, deps);
}
