/** State-changing subscriber actions: voucher top-up and plan purchase, idempotent by the client's id. */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { purchasePlanForAccount, redeemVoucherForAccount } from '../../../services/subscriber-actions.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireSubscriber } from '../session-cookie.js';
import { clientAddress } from './auth-routes.js';
import { accountIdOf, errors, handle, Iccid, Instant, iso, jsonContent, Minor, outcome, Quantity, subscriberRoute, tooManyRequests, Wallet } from './kit.js';

const ClientId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, { message: 'must be 1-128 visible ASCII characters' })
  .openapi({ description: 'chosen by the client; a retry with the same id answers the first result', example: '6f1c0b0e-4d3a-4a55-9f0e-1a2b3c4d5e6f' });

const VoucherRequest = z.strictObject({ id: ClientId, pin: z.string().min(1).max(64) }).openapi('VoucherTopUpRequest');
const PurchaseRequest = z.strictObject({ id: ClientId, iccid: Iccid, planId: z.string().min(1).max(128) }).openapi('PurchaseRequest');

const TopUp = z.object({
  id: z.string(),
  amountMinor: Minor,
  currency: z.string(),
  method: z.enum(['voucher', 'operator']),
  voucherSerial: z.string().nullable(),
  at: Instant,
});
const Purchase = z.object({
  id: z.string(),
  iccid: z.string(),
  planId: z.string(),
  at: Instant,
  priceMinor: Minor,
  currency: z.string(),
  paidFrom: z.enum(['wallet', 'external']),
  buckets: z.array(z.object({ bucketId: z.string(), kind: z.enum(['data', 'voice', 'sms']), initial: Quantity })),
});

const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });

export function actionRoutes(app: App, deps: AppDeps): void {
  const guard = requireSubscriber(deps);
  const origin = (c: Context) => `ip:${clientAddress(c, deps.config.trustProxy === true)}`;
  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'post',
        path: '/api/v1/topups/voucher',
        summary: 'Top up the wallet with a voucher PIN',
        request: body(VoucherRequest),
        responses: {
          201: jsonContent(z.object({ topup: TopUp, wallet: Wallet, duplicate: z.boolean() }).openapi('VoucherTopUp'), 'credited (or the first answer to this id)'),
          ...errors(400, 409, 422, 429),
        },
      }),
    ),
    async (c) => {
      const { id, pin } = c.req.valid('json');
      const r = await redeemVoucherForAccount(deps.store, { id, accountId: accountIdOf(c), pin, origin: origin(c) }, deps.now());
      if (!r.ok) return 'retryAfterMs' in r ? tooManyRequests(c, r.retryAfterMs) : outcome(c, r.code, r.detail);
      const t = r.value;
      return json(
        c,
        {
          topup: { id: t.topupId, amountMinor: t.amountMinor, currency: t.currency, method: t.method, voucherSerial: t.voucherSerial, at: iso(t.at) },
          wallet: r.wallet,
          duplicate: r.duplicate,
        },
        201,
      );
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'post',
        path: '/api/v1/purchases',
        summary: "Buy a plan for one of the account's eSIMs from the wallet",
        request: body(PurchaseRequest),
        responses: {
          201: jsonContent(z.object({ purchase: Purchase, wallet: Wallet, duplicate: z.boolean() }).openapi('PlanPurchase'), 'bought (or the first answer to this id)'),
          ...errors(400, 404, 409, 422),
        },
      }),
    ),
    async (c) => {
      const req = c.req.valid('json');
      const r = await purchasePlanForAccount(deps.store, { ...req, accountId: accountIdOf(c) }, deps.now());
      if (!r.ok) return outcome(c, r.code, r.detail);
      const p = r.value;
      return json(
        c,
        {
          purchase: {
            id: p.purchaseId,
            iccid: p.iccid,
            planId: p.planId,
            at: iso(p.at),
            priceMinor: p.priceMinor,
            currency: p.currency,
            paidFrom: p.paidFrom,
            buckets: p.buckets.map((b) => ({ bucketId: b.id, kind: b.kind, initial: b.initial })),
          },
          wallet: r.wallet,
          duplicate: r.duplicate,
        },
        201,
      );
    },
  );
}
