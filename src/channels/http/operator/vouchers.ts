import { createRoute, z } from '@hono/zod-openapi';
import { isCurrencyCode } from '../../../domain/money.js';
import { parseInstant } from '../../../domain/instant.js';
import { createVouchers } from '../../../services/vouchers.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireScope } from '../operator-auth.js';
import { problem } from '../problem.js';
import { jsonBody, OPERATOR_BASE, OPERATOR_SECURITY, operatorRoute, problemResponses } from './common.js';

export const MAX_VOUCHERS_PER_REQUEST = 10_000;

const minorAmount = z
  .union([z.int().positive(), z.string().regex(/^[1-9]\d{0,17}$/)], { error: 'must be a positive integer (minor units)' })
  .transform((v) => BigInt(v))
  .openapi({ description: 'Face value in minor units (e.g. 10000 = HKD 100.00); a digit string is accepted too' });

const VoucherRequest = z
  .strictObject({
    count: z.int().min(1).max(MAX_VOUCHERS_PER_REQUEST),
    valueMinor: minorAmount,
    currency: z.string().refine(isCurrencyCode, { message: 'is not a currency the ledger holds (ISO 4217, e.g. HKD)' }),
    expiresAt: z
      .string()
      .refine((s) => parseInstant(s) !== undefined, { message: 'must be an ISO 8601 date-time with an offset' })
      .openapi({ example: '2027-12-31T23:59:59+08:00', description: 'Redeemable strictly before this instant' }),
    batch: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1-40 letters, digits, _ or -')
      .openapi({ description: 'Part of every serial: V-<batch>-000001' }),
  })
  .openapi('VoucherBatchRequest');

const VoucherBatch = z
  .object({
    batch: z.string(),
    currency: z.string(),
    valueMinor: z.int(),
    expiresAt: z.string(),
    vouchers: z.array(z.object({ serial: z.string(), pin: z.string().openapi({ description: '16 digits; shown only in this answer' }) })),
  })
  .openapi('VoucherBatch');

const voucherRoute = (deps: AppDeps) =>
  createRoute({
    method: 'post',
    path: `${OPERATOR_BASE}/vouchers`,
    tags: ['Operator: vouchers'],
    security: OPERATOR_SECURITY,
    summary: 'Issue a batch of prepaid vouchers',
    description: 'Returns each serial and PIN; the PINs are stored hashed and never shown again. Scope vouchers:write.',
    middleware: [requireScope(deps, 'vouchers:write'), jsonBody],
    request: { body: { required: true, content: { 'application/json': { schema: VoucherRequest } } } },
    responses: {
      201: { description: 'The issued vouchers', content: { 'application/json': { schema: VoucherBatch } } },
      ...problemResponses(400, 401, 403, 415),
    },
  });

export function voucherRoutes(app: App, deps: AppDeps): void {
  operatorRoute(app, voucherRoute(deps), async (c) => {
    const body = c.req.valid('json');
    const nowMs = deps.now();
    const expiresAt = parseInstant(body.expiresAt)!;
    if (expiresAt <= nowMs) {
      return problem(c, 'invalid_request', 'expiresAt: must be in the future', { errors: [{ field: 'expiresAt', reason: 'must be in the future' }] });
    }
    const vouchers = await createVouchers(deps.store, { ...body, expiresAt }, nowMs);
    const answer = { batch: body.batch, currency: body.currency, valueMinor: body.valueMinor, expiresAt: new Date(expiresAt).toISOString(), vouchers };
    return json(c, answer, 201, { 'cache-control': 'no-store' });
  });
}
