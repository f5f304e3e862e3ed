import { z } from '@hono/zod-openapi';
import { accountsBuckets, bucketsPage, declareBucket, getPrepayBucket, walletsPage, type PrepayBucket } from '../../../services/tmf/prepay-buckets.js';
import { iso, toTmfAmount } from './tmf-money.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { publish } from './hub.js';
import { appReachOf, emptyPage, heldTo, reaches, type AppReach } from './tmf-app-reach.js';
import { listPage } from './tmf-list.js';
import { hrefOf, IdParam, idOf, itemResponse, ListQuery, TMF_BASE, tmfHook, tmfProblem, tmfRoute, type TmfObject } from './tmf-common.js';
import { balanceActionRoutes } from './tmf654-balance-actions.js';
import { bucketRef } from './tmf654-bucket-ref.js';

const base = TMF_BASE.prepay;
const tag = 'TMF654 Prepay Balance';
const UNITS: Record<string, string> = { data: 'bytes', voice: 'seconds', sms: 'messages' };
const STATUS: Record<string, string> = { active: 'active', not_started: 'notStarted', expired: 'expired', used_up: 'usedUp' };

export function bucketToTmf(deps: AppDeps, b: PrepayBucket): TmfObject {
  const common = { id: b.id, href: hrefOf(deps, base, 'bucket', b.id), '@type': 'Bucket' };
  if (b.type === 'declared') return { ...b.body, ...common, usageType: b.usageType, status: 'active', confirmationDate: iso(b.createdAt) };
  const partyAccount = { id: b.accountId, '@referredType': 'BillingAccount' };
  if (b.type === 'wallet') {
    return {
      ...common,
      name: `Wallet of ${b.name}`,
      usageType: 'monetary',
      status: 'active',
      isShared: true,
      confirmationDate: iso(b.updatedAt),
      remainingValueName: 'balance',
      remainingValue: { amount: toTmfAmount(b.balanceMinor, b.currency), units: b.currency },
      partyAccount,
    };
  }
  const units = UNITS[b.kind] ?? b.kind;
  return {
    ...common,
    name: `${b.planId} ${b.kind}`,
    usageType: b.kind,
    status: STATUS[b.status] ?? b.status,
    isShared: false,
    confirmationDate: iso(b.purchasedAt),
    remainingValueName: units,
    remainingValue: { amount: b.remaining, units },
    validFor: { ...(b.validFrom === null ? {} : { startDateTime: iso(b.validFrom) }), ...(b.validTo === null ? {} : { endDateTime: iso(b.validTo) }) },
    product: [{ id: b.purchaseId, name: b.planId, '@referredType': 'Product' }],
    logicalResource: [{ id: b.iccid, name: 'ICCID', '@referredType': 'LogicalResource' }],
    partyAccount,
  };
}

const BucketBody = z.object({ usageType: z.string().min(1).max(50), name: z.string().max(200).optional(), description: z.string().max(1000).optional() }).passthrough();

export function tmf654Routes(app: App, deps: AppDeps): void {
  app.openapi(
    tmfRoute(deps, { method: 'get', path: `${base}/bucket`, tag, summary: 'List buckets (wallets, plan buckets)', scope: 'tmf:read', app: 'balance:read', query: ListQuery, ok: 200 }),
    async (c) =>
      listPage(c, deps, {
        indexed: ['id', 'usageType', 'partyAccount.id', 'logicalResource.id'],
        derived: ['status'],
        keyParts: 1,
        toTmf: (b: PrepayBucket) => bucketToTmf(deps, b),
        fetch: async (args, f) => {
          const held = heldTo(appReachOf(c), { accountId: f['partyAccount.id'], iccid: f['logicalResource.id'] });
          return held === undefined
            ? emptyPage()
            : bucketsPage(
                deps.store,
                {
                  ...(f['id'] ? { id: f['id'] } : {}),
                  ...(f['usageType'] ? { usageType: f['usageType'] } : {}),
                  ...(f['partyAccount.id'] ? { accountId: f['partyAccount.id'] } : {}),
                  ...(f['logicalResource.id'] ? { iccid: f['logicalResource.id'] } : {}),
                  ...held,
                },
                args,
                deps.now(),
              );
        },
      }),
    tmfHook as never,
  );
  app.openapi(
    tmfRoute(deps, { method: 'get', path: `${base}/bucket/{id}`, tag, summary: 'A bucket', scope: 'tmf:read', app: 'balance:read', params: IdParam, query: ListQuery, ok: 200 }),
    async (c) => {
      const b = await getPrepayBucket(deps.store, idOf(c), deps.now());
      return b && mayRead(appReachOf(c), b) ? itemResponse(c, bucketToTmf(deps, b)) : tmfProblem(c, 'unknown_bucket', `no bucket ${idOf(c)}`);
    },
    tmfHook as never,
  );
  app.openapi(
    tmfRoute(deps, { method: 'post', path: `${base}/bucket`, tag, summary: 'Declare a bucket (recorded, outside the ledger)', scope: 'tmf:write', body: BucketBody, ok: 201 }),
    async (c) => {
      const b = bucketToTmf(deps, await declareBucket(deps.store, c.req.valid('json' as never) as z.infer<typeof BucketBody>, deps.now()));
      publish(deps, 'prepay', 'BucketCreateEvent', 'bucket', b);
      return itemResponse(c, b, 201);
    },
    tmfHook as never,
  );

  app.openapi(
    tmfRoute(deps, { method: 'get', path: `${base}/accumulatedBalance`, tag, summary: 'Balances per account', scope: 'tmf:read', app: 'balance:read', query: ListQuery, ok: 200 }),
    async (c) =>
      listPage(c, deps, {
        indexed: ['id'],
        keyParts: 1,
        toTmf: (a: Accumulated) => accumulatedToTmf(deps, a),
        fetch: async (args, f) => {
          const reach = appReachOf(c);
          const asked = f['id'] ? f['id'].split(',').slice(0, MAX_IDS) : undefined;
          const accountIds = reach === undefined ? asked : (asked ?? [reach.accountId]).filter((id) => id === reach.accountId);
          const page = await walletsPage(deps.store, accountIds ? { accountIds } : {}, args);
          const buckets = await accountsBuckets(
            deps.store,
            page.items.map((i) => i.value.id),
            deps.now(),
          );
          return { ...page, items: page.items.map((i) => ({ key: i.key, value: (buckets.get(i.value.id) ?? [i.value]).filter((b) => mayRead(reach, b)) })) };
        },
      }),
    tmfHook as never,
  );
  app.openapi(
    tmfRoute(deps, {
      method: 'get',
      path: `${base}/accumulatedBalance/{id}`,
      tag,
      summary: 'Balance of an account',
      scope: 'tmf:read',
      app: 'balance:read',
      params: IdParam,
      query: ListQuery,
      ok: 200,
    }),
    async (c) => {
      const reach = appReachOf(c);
      const a = ((await accountsBuckets(deps.store, [idOf(c)], deps.now())).get(idOf(c)) ?? []).filter((b) => mayRead(reach, b));
      return a[0]?.type === 'wallet' ? itemResponse(c, accumulatedToTmf(deps, a)) : tmfProblem(c, 'unknown_account', `no account ${idOf(c)}`);
    },
    tmfHook as never,
  );
  balanceActionRoutes(app, deps);
}

/** An app sees its account's wallet and its consented eSIMs' plan buckets; declared buckets are the operator's. */
function mayRead(reach: AppReach | undefined, b: PrepayBucket): boolean {
  if (reach === undefined) return true;
  return b.type !== 'declared' && reaches(reach, b.accountId, b.type === 'plan' ? b.iccid : undefined);
}

/** An account's buckets on show, its wallet first. */
type Accumulated = PrepayBucket[];
/** Ids a single `id=a,b,...` filter may name. */
const MAX_IDS = 100;

/** An account's accumulated balance: its wallet's money, with every bucket it holds. */
function accumulatedToTmf(deps: AppDeps, buckets: Accumulated): TmfObject {
  const wallet = buckets[0]!;
  if (wallet.type !== 'wallet') throw new Error('an accumulated balance starts with its wallet');
  return {
    id: wallet.accountId,
    href: hrefOf(deps, base, 'accumulatedBalance', wallet.accountId),
    '@type': 'AccumulatedBalance',
    name: wallet.name,
    totalBalance: { amount: toTmfAmount(wallet.balanceMinor, wallet.currency), units: wallet.currency },
    bucket: buckets.map((b) => ({ ...bucketRef(deps, b.id), usageType: b.type === 'plan' ? b.kind : 'monetary' })),
    partyAccount: { id: wallet.accountId, '@referredType': 'BillingAccount' },
  };
}
