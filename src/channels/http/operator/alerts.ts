/** The alert outbox as support sees it: alerts with each channel's delivery state and attempts. */
import { createRoute, z } from '@hono/zod-openapi';
import { listAlerts } from '../../../services/alerts/list-alerts.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireScope } from '../operator-auth.js';
import { OPERATOR_BASE, OPERATOR_SECURITY, operatorRoute, problemResponses } from './common.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const Delivery = z
  .object({
    channel: z.enum(['sms', 'email', 'webhook', 'inbox']),
    state: z.enum(['pending', 'sent', 'failed']),
    attempts: z.int(),
    nextAttemptAt: z.string().nullable(),
    sentAt: z.string().nullable(),
    lastError: z.string().nullable(),
  })
  .openapi('AlertDelivery');

const Alert = z
  .object({
    id: z.string().openapi({ description: 'receivers dedupe on `alert-<id>` (webhook Idempotency-Key, e-mail Message-ID)' }),
    accountId: z.string(),
    rule: z.string(),
    subject: z.string(),
    iccid: z.string().nullable(),
    level: z.int(),
    createdAt: z.string(),
    deliverAfter: z.string().nullable(),
    figures: z.unknown(),
    deliveries: z.array(Delivery),
  })
  .openapi('Alert');

const Query = z.object({
  account: z.string().max(200).optional(),
  state: z.enum(['pending', 'sent', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z
    .string()
    .regex(/^\d{1,18}$/, { message: 'must be an alert id' })
    .optional()
    .openapi({ description: 'the next page: alerts older than this id' }),
});

export function alertRoutes(app: App, deps: AppDeps): void {
  operatorRoute(
    app,
    createRoute({
      tags: ['Operator: support'],
      security: OPERATOR_SECURITY,
      method: 'get',
      path: `${OPERATOR_BASE}/alerts`,
      middleware: [requireScope(deps, 'support:read')],
      summary: 'Alerts, newest first, with their delivery state and attempts per channel',
      description: 'Scope support:read. `state` keeps alerts with at least one delivery in that state.',
      request: { query: Query },
      responses: { 200: { description: 'the alerts', content: { 'application/json': { schema: z.object({ alerts: z.array(Alert) }) } } }, ...problemResponses(400, 401, 403) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const alerts = await listAlerts(deps.store, {
        limit: q.limit,
        ...(q.account ? { accountId: q.account } : {}),
        ...(q.state ? { state: q.state } : {}),
        ...(q.before ? { beforeId: q.before } : {}),
      });
      return json(c, {
        alerts: alerts.map(({ createdAtMs, deliverAfterMs, deliveries, ...a }) => ({
          ...a,
          createdAt: iso(createdAtMs),
          deliverAfter: iso(deliverAfterMs),
          deliveries: deliveries.map(({ nextAttemptAtMs, sentAtMs, ...d }) => ({ ...d, nextAttemptAt: iso(nextAttemptAtMs), sentAt: iso(sentAtMs) })),
        })),
      });
    },
  );
}
