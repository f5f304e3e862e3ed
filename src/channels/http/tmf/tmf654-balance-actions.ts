import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { randomUUID } from 'node:crypto';
import { adjustBalance, reserveBalance, tmfTopUp, type ActionResult, type Reservation, type WalletAction } from '../../../services/tmf/prepay-actions.js';
import { adjustmentsPage, oneOf, reservationsPage, topUpsPage, type WalletActionFilter } from '../../../services/tmf/wallet-action-lists.js';
import type { PageArgs, PageOf } from '../../../store/keyset.js';
import { fromTmfAmount, iso, toTmfAmount } from './tmf-money.js';
import type { TopUpReceipt } from '../../../services/top-up-wallet.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { DATE_RANGE_REASON, fitsLedger, inDateRange, inexactNumber, LEDGER_MAX, LEDGER_MIN } from '../ledger-range.js';
import { publish } from './hub.js';
import { hrefOf, IdParam, idOf, itemResponse, ListQuery, TMF_BASE, tmfHook, tmfProblem, tmfRoute, type TmfObject } from './tmf-common.js';
import { listPage } from './tmf-list.js';
import { bucketRef } from './tmf654-bucket-ref.js';

const base = TMF_BASE.prepay;
const tag = 'TMF654 Prepay Balance';
const Ref = z.object({ id: z.string().min(1).max(200) }).passthrough();
const Amount = z.object({ amount: z.number(), units: z.string().regex(/^[A-Z]{3}$/, 'units must be an ISO 4217 currency code') });
const ActionBody = z
  .object({
    id: z.string().min(1).max(128).optional(),
    amount: Amount.optional(),
    bucket: Ref.optional(),
    partyAccount: Ref.optional(),
    requestedDate: z.string().datetime({ offset: true }).refine(inDateRange, { message: DATE_RANGE_REASON }).optional(),
    reason: z.string().max(500).optional(),
    adjustType: z.string().max(50).optional(),
    voucher: z.string().max(64).optional(),
    payment: Ref.optional(),
    usageType: z.string().max(50).optional(),
  })
  .passthrough();
type Body = z.infer<typeof ActionBody>;

function common(deps: AppDeps, resource: string, a: WalletAction, status: string): TmfObject {
  return {
    id: a.id,
    href: hrefOf(deps, base, resource, a.id),
    '@type': resource[0]!.toUpperCase() + resource.slice(1),
    status,
    usageType: 'monetary',
    amount: { amount: toTmfAmount(a.amountMinor, a.currency), units: a.currency },
    bucket: bucketRef(deps, a.accountId),
    partyAccount: { id: a.accountId, '@referredType': 'BillingAccount' },
    requestedDate: iso(a.at),
    confirmationDate: iso(a.at),
  };
}

const topupToTmf = (deps: AppDeps, t: TopUpReceipt): TmfObject => ({
  ...common(deps, 'topupBalance', { id: t.topupId, accountId: t.accountId, amountMinor: t.amountMinor, currency: t.currency, at: t.at }, 'completed'),
  ...(t.voucherSerial ? { voucher: t.voucherSerial } : {}),
  ...(t.paymentRef ? { payment: { id: t.paymentRef } } : {}),
  channel: { id: t.method, name: t.method === 'voucher' ? 'voucher' : 'operator' },
});

/** Decodes the common parts of a balance action: id, wallet bucket, amount in minor units, time. */
function decode(c: Context, deps: AppDeps, b: Body, amountRequired: boolean) {
  const bucketId = b.bucket?.id ?? b.partyAccount?.id;
  if (bucketId === undefined) return tmfProblem(c, 'invalid_request', 'bucket.id: a wallet bucket (or partyAccount) is required');
  if (b.amount === undefined && amountRequired) return tmfProblem(c, 'invalid_request', 'amount: required');
  const amountMinor = b.amount === undefined ? undefined : fromTmfAmount(b.amount.amount, b.amount.units);
  if (b.amount !== undefined) {
    const why =
      amountMinor === undefined
        ? `is not an exact amount of ${b.amount.units}`
        : (inexactNumber(b.amount.amount) ?? (fitsLedger(amountMinor) ? undefined : `is outside what the ledger holds (${LEDGER_MIN} to ${LEDGER_MAX} minor units)`));
    if (why !== undefined) return tmfProblem(c, 'invalid_amount', `amount.amount: ${b.amount.amount} ${why}`, { errors: [{ field: 'amount.amount', reason: why }] });
  }
  const at = b.requestedDate === undefined ? deps.now() : Date.parse(b.requestedDate);
  return { id: b.id ?? c.req.header('idempotency-key') ?? randomUUID(), bucketId, amountMinor, currency: b.amount?.units ?? '', at };
}

function answer<T>(c: Context, deps: AppDeps, r: ActionResult<T>, toTmf: (v: T) => TmfObject, event: string, key: string): Response {
  if (!r.ok) return tmfProblem(c, r.code, r.detail);
  const tmf = toTmf(r.value);
  if (r.created) publish(deps, 'prepay', event, key, tmf);
  return itemResponse(c, tmf, r.created ? 201 : 200);
}

type ActionPage<T> = (args: PageArgs, f: WalletActionFilter) => Promise<PageOf<T>>;

/** A wallet's account is named by `partyAccount.id` or by `bucket.id` (a wallet bucket's id is its account's). */
const actionFilter = (f: Readonly<Record<string, string>>): WalletActionFilter => ({
  ...(f['id'] !== undefined ? { id: f['id'] } : {}),
  ...((f['partyAccount.id'] ?? f['bucket.id']) !== undefined ? { accountId: f['partyAccount.id'] ?? f['bucket.id']! } : {}),
});

function collection<T>(app: App, deps: AppDeps, resource: string, page: ActionPage<T>, toTmf: (v: T) => TmfObject): void {
  const list = {
    indexed: ['id', 'partyAccount.id', 'bucket.id'],
    derived: ['status', 'usageType'],
    keyParts: 2,
    toTmf,
    fetch: (args: PageArgs, f: Readonly<Record<string, string>>) => page(args, actionFilter(f)),
  };
  app.openapi(
    tmfRoute(deps, { method: 'get', path: `${base}/${resource}`, tag, summary: `List ${resource}`, scope: 'tmf:read', query: ListQuery, ok: 200 }),
    async (c) => listPage(c, deps, list),
    tmfHook as never,
  );
  app.openapi(
    tmfRoute(deps, { method: 'get', path: `${base}/${resource}/{id}`, tag, summary: `A ${resource}`, scope: 'tmf:read', params: IdParam, query: ListQuery, ok: 200 }),
    async (c) => {
      const one = await oneOf(page, idOf(c));
      return one === undefined ? tmfProblem(c, 'not_found', `no ${resource} ${idOf(c)}`) : itemResponse(c, toTmf(one));
    },
    tmfHook as never,
  );
}

export function balanceActionRoutes(app: App, deps: AppDeps): void {
  const post = (resource: string, summary: string, handle: (c: Context, b: Body) => Promise<Response>) =>
    app.openapi(
      tmfRoute(deps, { method: 'post', path: `${base}/${resource}`, tag, summary, scope: 'tmf:write', body: ActionBody, ok: 201 }),
      (c) => handle(c, c.req.valid('json' as never) as Body),
      tmfHook as never,
    );

  post('topupBalance', 'Top up a wallet (amount, or a voucher PIN)', async (c, b) => {
    const d = decode(c, deps, b, b.voucher === undefined);
    if (d instanceof Response) return d;
    const r = await tmfTopUp(deps.store, { ...d, ...(b.voucher ? { voucher: b.voucher } : {}), ...(b.payment ? { paymentRef: b.payment.id } : {}) }, deps.now());
    return answer(c, deps, r, (t) => topupToTmf(deps, t), 'TopupBalanceCreateEvent', 'topupBalance');
  });
  collection(
    app,
    deps,
    'topupBalance',
    (args, f) => topUpsPage(deps.store, args, f),
    (t) => topupToTmf(deps, t),
  );

  post('adjustBalance', 'Adjust a wallet (signed amount; adjustType debit negates)', async (c, b) => {
    const d = decode(c, deps, b, true);
    if (d instanceof Response) return d;
    const amountMinor = b.adjustType?.toLowerCase() === 'debit' && d.amountMinor! > 0n ? -d.amountMinor! : d.amountMinor!;
    const r = await adjustBalance(deps.store, { ...d, amountMinor, ...(b.reason ? { reason: b.reason } : {}) }, deps.now());
    return answer(c, deps, r, (a) => ({ ...common(deps, 'adjustBalance', a, 'completed'), ...(a.reason ? { reason: a.reason } : {}) }), 'AdjustBalanceCreateEvent', 'adjustBalance');
  });
  collection(
    app,
    deps,
    'adjustBalance',
    (args, f) => adjustmentsPage(deps.store, args, f),
    (a) => ({ ...common(deps, 'adjustBalance', a, 'completed'), ...(a.reason ? { reason: a.reason } : {}) }),
  );

  const reservationToTmf = (r: Reservation) => ({ ...r.body, ...common(deps, 'reserveBalance', r, 'created'), relatedParty: Array.isArray(r.body['relatedParty']) ? r.body['relatedParty'] : [] });
  post('reserveBalance', 'Record a reservation on a wallet (not held by rating)', async (c, b) => {
    const d = decode(c, deps, b, true);
    if (d instanceof Response) return d;
    const { id: _id, href: _href, ...rest } = b;
    const r = await reserveBalance(deps.store, { ...d, amountMinor: d.amountMinor!, body: rest });
    return answer(c, deps, r, reservationToTmf, 'ReserveBalanceCreateEvent', 'reserveBalance');
  });
  collection(app, deps, 'reserveBalance', (args, f) => reservationsPage(deps.store, args, f), reservationToTmf);
}
