/** The portal's list of connected apps (what each may read, which eSIMs, when it last read) and revoking one. */
import { createRoute, z } from '@hono/zod-openapi';
import { listConsents, revokeConsent } from '../../../services/oauth/consents.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireSubscriber } from '../session-cookie.js';
import { accountIdOf, errors, handle, Instant, iso, jsonContent, outcome, subscriberRoute } from '../subscriber/kit.js';

const ConnectedApp = z
  .object({
    grantId: z.string(),
    clientId: z.string(),
    name: z.string(),
    scopes: z.array(z.string()),
    iccids: z.array(z.string()),
    connectedAt: Instant,
    expiresAt: Instant,
    lastReadAt: Instant.nullable(),
  })
  .openapi('ConnectedApp');

export function connectedAppRoutes(app: App, deps: AppDeps): void {
  const guard = requireSubscriber(deps);
  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'get',
        path: '/api/v1/connected-apps',
        summary: 'Third-party apps the subscriber let read their eSIMs',
        responses: { 200: jsonContent(z.object({ apps: z.array(ConnectedApp) }), 'the live consents, newest first'), ...errors() },
      }),
    ),
    async (c) => {
      const consents = await listConsents(deps.store, accountIdOf(c), deps.now());
      return json(c, {
        apps: consents.map((a) => ({
          grantId: a.grantId,
          clientId: a.clientId,
          name: a.clientName,
          scopes: a.scopes,
          iccids: a.iccids,
          connectedAt: iso(a.createdAt),
          expiresAt: iso(a.expiresAt),
          lastReadAt: iso(a.lastReadAt),
        })),
      });
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'delete',
        path: '/api/v1/connected-apps/{grantId}',
        summary: 'Revoke an app at once: its tokens stop working',
        request: {
          params: z.object({
            grantId: z
              .string()
              .min(1)
              .max(100)
              .openapi({ param: { name: 'grantId', in: 'path' } }),
          }),
        },
        responses: { 204: { description: 'revoked' }, ...errors(404) },
      }),
    ),
    async (c) => {
      const { grantId } = c.req.valid('param');
      const r = await revokeConsent(deps.store, accountIdOf(c), grantId, deps.now());
      return r.ok ? c.body(null, 204) : outcome(c, 'not_found', `no connected app ${grantId}`);
    },
  );
}
