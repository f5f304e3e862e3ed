import { z } from '@hono/zod-openapi';
import { randomUUID } from 'node:crypto';
import { toJson } from '../../../services/export-balances.js';
import { listenersOf, registerListener, removeListener } from '../../../services/tmf/hub-listeners.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { IdParam, idOf, matchesFilters, tmfHook, tmfProblem, tmfRoute, type TmfObject } from './tmf-common.js';

/** How long one delivery to a listener may take before it is abandoned. */
export const HUB_DELIVERY_TIMEOUT_MS = 5_000;

const Subscription = z.object({
  callback: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'callback must be an http(s) URL'),
  query: z.string().max(1000).optional(),
});

/** POST {base}/hub registers a listener for the API; DELETE {base}/hub/{id} removes it. */
export function hubRoutes(app: App, deps: AppDeps, api: string, base: string, tag: string): void {
  app.openapi(
    tmfRoute(deps, { method: 'post', path: `${base}/hub`, tag, summary: 'Register a listener', scope: 'tmf:write', body: Subscription, ok: 201 }),
    async (c) => {
      const body = c.req.valid('json' as never) as z.infer<typeof Subscription>;
      const listener = await registerListener(deps.store, { api, callback: body.callback, query: body.query ?? '' }, deps.now());
      return json(c, { id: listener.id, callback: listener.callback, query: listener.query }, 201, { location: `${deps.config.publicUrl}${base}/hub/${listener.id}` });
    },
    tmfHook as never,
  );
  app.openapi(
    tmfRoute(deps, { method: 'delete', path: `${base}/hub/{id}`, tag, summary: 'Remove a listener', scope: 'tmf:write', params: IdParam, ok: 204 }),
    async (c) => {
      const removed = await removeListener(deps.store, api, idOf(c));
      return removed ? c.body(null, 204) : tmfProblem(c, 'not_found', `no listener ${idOf(c)}`);
    },
    tmfHook as never,
  );
}

/** True when the listener's query (`eventType=A,B&event.usage.status=rated`) selects the event. */
export function querySelects(query: string, event: TmfObject): boolean {
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  return matchesFilters(event, Object.fromEntries(params.entries()));
}

/**
 * Posts `{eventType}` with the resource to every listener of the API whose query selects it.
 * Call after the write committed; it never blocks the request: delivery runs on its own, each
 * POST bounded by HUB_DELIVERY_TIMEOUT_MS, failures logged.
 */
export function publish(deps: AppDeps, api: string, eventType: string, resourceKey: string, resource: unknown): void {
  setImmediate(() => {
    void deliver(deps, api, eventType, resourceKey, resource).catch((err: unknown) => deps.log.warn({ err, api, eventType }, 'hub delivery failed'));
  });
}

async function deliver(deps: AppDeps, api: string, eventType: string, resourceKey: string, resource: unknown): Promise<void> {
  const listeners = await listenersOf(deps.store, api);
  if (listeners.length === 0) return;
  const event: TmfObject = {
    id: randomUUID(),
    eventId: randomUUID(),
    eventTime: new Date(deps.now()).toISOString(),
    eventType,
    event: { [resourceKey]: resource },
  };
  const eventView = JSON.parse(toJson(event)) as TmfObject;
  await Promise.all(
    listeners
      .filter((l) => querySelects(l.query, eventView))
      .map(async (l) => {
        try {
          const res = await fetch(l.callback, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: toJson(event),
            signal: AbortSignal.timeout(HUB_DELIVERY_TIMEOUT_MS),
          });
          if (!res.ok) deps.log.warn({ listener: l.id, status: res.status, eventType }, 'hub listener refused the event');
        } catch (err) {
          deps.log.warn({ err, listener: l.id, eventType }, 'hub listener unreachable');
        }
      }),
  );
}
