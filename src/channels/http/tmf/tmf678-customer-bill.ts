import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { appliedRatesPage, getAppliedRate, type AppliedRate } from '../../../services/tmf/applied-rates.js';
import { BILL_STATES, billRequestsPage, billsPage, getBill, requestBill, setBillState, type Bill, type BillRequest } from '../../../services/tmf/customer-bills.js';
import { iso, toTmfAmount } from './tmf-money.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { publish } from './hub.js';
import { listPage } from './tmf-list.js';
import { hrefOf, IdParam, idOf, itemResponse, ListQuery, TMF_BASE, tmfHook, tmfProblem, tmfRoute, type TmfObject } from './tmf-common.js';

const base = TMF_BASE.bill;
const tag = 'TMF678 Customer Bill';
const money = (minor: bigint, currency: string) => ({ unit: currency, value: toTmfAmount(minor, currency) });
const billRef = (deps: AppDeps, id: string) => ({ id, href: hrefOf(deps, base, 'customerBill', id), '@referredType': 'CustomerBill' });

function billToTmf(deps: AppDeps, b: Bill): TmfObject {
  const href = hrefOf(deps, base, 'customerBill', b.id);
  return {
    id: b.id,
    href,
    '@type': 'CustomerBill',
    billNo: b.id,
    category: 'normal',
    runType: 'onCycle',
    state: b.state,
    billDate: iso(b.closed ? b.toMs : deps.now()),
    lastUpdate: iso(deps.now()),
    nextBillDate: iso(b.toMs),
    paymentDueDate: iso(b.toMs),
    billingPeriod: { startDateTime: iso(b.fromMs), endDateTime: iso(b.toMs) },
    // Prepaid: every charge was paid from the wallet when it happened, so nothing remains due.
    amountDue: money(b.chargesMinor, b.currency),
    taxIncludedAmount: money(b.chargesMinor, b.currency),
    remainingAmount: money(0n, b.currency),
    appliedPayment: [{ appliedAmount: money(b.creditsMinor, b.currency), payment: { id: `topups-${b.month}`, name: 'wallet credits' } }],
    billDocument: [{ id: `${b.id}-statement`, name: `Statement ${b.month}`, mimeType: 'application/json', url: href, attachmentType: 'statement' }],
    billingAccount: { id: b.accountId, '@referredType': 'BillingAccount' },
  };
}

function rateToTmf(deps: AppDeps, r: AppliedRate): TmfObject {
  return {
    id: r.id,
    href: hrefOf(deps, base, 'appliedCustomerBillingRate', r.id),
    '@type': 'AppliedCustomerBillingRate',
    name: r.name,
    appliedBillingRateType: r.type === 'usage' ? 'usage' : 'oneTime',
    date: iso(r.at),
    isBilled: r.isBilled,
    bill: billRef(deps, r.billId),
    billingAccount: { id: r.accountId, '@referredType': 'BillingAccount' },
    product: { id: r.productId, '@referredType': r.type === 'usage' ? 'LogicalResource' : 'Product' },
    taxIncludedAmount: money(r.amountMinor, r.currency),
    taxExcludedAmount: money(r.amountMinor, r.currency),
  };
}

const requestToTmf = (deps: AppDeps, r: BillRequest): TmfObject => ({
  ...r.body,
  id: r.id,
  href: hrefOf(deps, base, 'customerBillOnDemand', r.id),
  '@type': 'CustomerBillOnDemand',
  state: 'done',
  lastUpdate: iso(r.createdAt),
  billingAccount: { id: r.accountId, '@referredType': 'BillingAccount' },
  customerBill: billRef(deps, r.billId),
});

const Ref = z.object({ id: z.string().min(1).max(200) }).passthrough();
const OnDemandBody = z.object({ billingAccount: Ref, name: z.string().max(200).optional(), description: z.string().max(1000).optional() }).passthrough();
const BillPatch = z.object({ state: z.enum(BILL_STATES) });

export function tmf678Routes(app: App, deps: AppDeps): void {
  const get = (path: string, summary: string, handler: (c: Context) => Promise<Response>) =>
    app.openapi(
      tmfRoute(deps, { method: 'get', path: `${base}/${path}`, tag, summary, scope: 'tmf:read', query: ListQuery, ...(path.endsWith('{id}') ? { params: IdParam } : {}), ok: 200 }),
      (c) => handler(c),
      tmfHook as never,
    );

  const account = (f: Readonly<Record<string, string>>) => (f['billingAccount.id'] ? { accountId: f['billingAccount.id'] } : {});
  get('customerBill', 'Bills (one per account and month)', (c) =>
    listPage(c, deps, {
      indexed: ['id', 'billingAccount.id'],
      derived: ['state'],
      keyParts: 2,
      toTmf: (b: Bill) => billToTmf(deps, b),
      fetch: async (args, f) => {
        if (f['id'] === undefined) return billsPage(deps.store, account(f), args, deps.now());
        const one = args.after === undefined && args.offset === 0 ? await getBill(deps.store, f['id'], deps.now()) : undefined;
        return { items: one && (f['billingAccount.id'] ?? one.accountId) === one.accountId ? [{ key: [one.accountId, one.month], value: one }] : [], more: false };
      },
    }),
  );
  get('customerBill/{id}', 'A bill', async (c) => {
    const b = await getBill(deps.store, idOf(c), deps.now());
    return b ? itemResponse(c, billToTmf(deps, b)) : tmfProblem(c, 'not_found', `no bill ${idOf(c)}`);
  });
  app.openapi(
    tmfRoute(deps, { method: 'patch', path: `${base}/customerBill/{id}`, tag, summary: 'Change the state of a bill', scope: 'tmf:write', params: IdParam, body: BillPatch, ok: 200 }),
    async (c) => {
      const { state } = c.req.valid('json' as never) as z.infer<typeof BillPatch>;
      const b = await setBillState(deps.store, idOf(c), state, deps.now());
      if (!b) return tmfProblem(c, 'not_found', `no bill ${idOf(c)}`);
      const tmf = billToTmf(deps, b);
      publish(deps, 'bill', 'CustomerBillStateChangeEvent', 'customerBill', tmf);
      return itemResponse(c, tmf);
    },
    tmfHook as never,
  );

  get('appliedCustomerBillingRate', 'Charges: one per charged usage record and wallet-paid purchase, newest first', (c) =>
    listPage(c, deps, {
      indexed: ['id', 'billingAccount.id'],
      derived: ['isBilled'],
      keyParts: 1,
      toTmf: (r: AppliedRate) => rateToTmf(deps, r),
      fetch: async (args, f) => {
        if (f['id'] === undefined) return appliedRatesPage(deps.store, account(f), args, deps.now());
        const one = args.after === undefined && args.offset === 0 ? await getAppliedRate(deps.store, f['id'], deps.now()) : undefined;
        return { items: one && (f['billingAccount.id'] ?? one.accountId) === one.accountId ? [{ key: [0], value: one }] : [], more: false };
      },
    }),
  );
  get('appliedCustomerBillingRate/{id}', 'A charge', async (c) => {
    const r = await getAppliedRate(deps.store, idOf(c), deps.now());
    return r ? itemResponse(c, rateToTmf(deps, r)) : tmfProblem(c, 'not_found', `no applied billing rate ${idOf(c)}`);
  });

  app.openapi(
    tmfRoute(deps, { method: 'post', path: `${base}/customerBillOnDemand`, tag, summary: 'Bill an account now (its current month)', scope: 'tmf:write', body: OnDemandBody, ok: 201 }),
    async (c) => {
      const body = c.req.valid('json' as never) as z.infer<typeof OnDemandBody>;
      const { id: _id, href: _href, ...rest } = body;
      const r = await requestBill(deps.store, body.billingAccount.id, rest, deps.now());
      if (!r) return tmfProblem(c, 'unknown_account', `billingAccount.id: no account ${body.billingAccount.id}`);
      const tmf = requestToTmf(deps, r);
      publish(deps, 'bill', 'CustomerBillOnDemandCreateEvent', 'customerBillOnDemand', tmf);
      return itemResponse(c, tmf, 201);
    },
    tmfHook as never,
  );
  get('customerBillOnDemand', 'Bill requests', (c) =>
    listPage(c, deps, {
      indexed: ['id', 'billingAccount.id'],
      keyParts: 2,
      toTmf: (r: BillRequest) => requestToTmf(deps, r),
      fetch: (args, f) => billRequestsPage(deps.store, { ...account(f), ...(f['id'] ? { id: f['id'] } : {}) }, args),
    }),
  );
  get('customerBillOnDemand/{id}', 'A bill request', async (c) => {
    const r = (await billRequestsPage(deps.store, { id: idOf(c) }, { offset: 0, limit: 1 })).items[0]?.value;
    return r ? itemResponse(c, requestToTmf(deps, r)) : tmfProblem(c, 'not_found', `no bill request ${idOf(c)}`);
  });
}
