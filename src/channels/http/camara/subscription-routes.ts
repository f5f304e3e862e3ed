/** CAMARA Device Data Volume subscriptions: create (one event type), list, read, delete; events as CloudEvents. */
import type { Context } from 'hono';
import { createSubscription, deleteSubscription, findSubscription, listSubscriptions, type StoredSubscription } from '../../../services/camara/camara-subscriptions.js';
import { remainingData, resolveDevice, type CamaraCaller } from '../../../services/camara/data-volume.js';
import { SUBSCRIPTION_SCOPE } from '../../../services/oauth/oauth-scopes.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { badCorrelator, camaraCaller, camaraEmpty, camaraError, camaraJson, withCaller } from './camara-kit.js';
import { deliver, endedEvent, levelEvent } from './cloud-events.js';
import { watchSubscription } from './crossing-watch.js';
import { deviceError } from './data-volume-routes.js';
import { parseSubscriptionRequest, requestedTypes } from './subscription-request.js';

const BASE = '/device-data-volume-subscriptions/v0.1/subscriptions';
const createScope = (type: string) => `${SUBSCRIPTION_SCOPE}:${type}:create`;
const hasCreateScope = (scopes: ReadonlySet<string>) => [...scopes].some((s) => s.startsWith(`${SUBSCRIPTION_SCOPE}:`) && s.endsWith(':create'));

/** As CAMARA shows it: the device only to a 2-legged caller; never the sink's credential. */
export function renderSubscription(s: StoredSubscription, caller: CamaraCaller) {
  const device = caller.legs === 2 && s.body.phoneNumber ? { device: { phoneNumber: s.body.phoneNumber } } : {};
  return {
    id: s.id,
    protocol: s.body.protocol,
    sink: s.body.sink,
    types: s.body.types,
    config: { subscriptionDetail: device, ...s.body.config },
    startsAt: s.body.startsAt,
    ...(s.body.expiresAt ? { expiresAt: s.body.expiresAt } : {}),
    status: 'ACTIVE',
  };
}

/** The lines a 3-legged caller may see subscriptions of (undefined: all of the client's). */
const linesOf = (caller: CamaraCaller) => (caller.legs === 3 ? caller.iccids : undefined);
const notFound = (c: Context) => camaraError(c, 404, 'NOT_FOUND', 'The specified resource is not found.');

async function create(c: Context, deps: AppDeps): Promise<Response> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return camaraError(c, 400, 'INVALID_ARGUMENT', 'The request body is not JSON.');
  }
  let granted: ReadonlySet<string> = new Set();
  const caller = await camaraCaller(c, deps, (scopes) => {
    granted = scopes;
    return hasCreateScope(scopes);
  });
  if (caller instanceof Response) return caller;
  const req = parseSubscriptionRequest(raw, deps.now());
  if ('status' in req) return camaraError(c, req.status, req.code, req.message);
  if (!granted.has(createScope(req.type))) {
    return camaraError(c, 403, 'SUBSCRIPTION_MISMATCH', `The access token does not allow subscribing to ${requestedTypes(raw).join(', ')}.`);
  }
  const line = await resolveDevice(deps.store, caller, req.device);
  if (!line.ok) return deviceError(c, line.code);
  const volume = await remainingData(deps.store, line.iccid, deps.now());
  if (!volume.ok) return deviceError(c, volume.code);
  const phone = await deps.store.db.selectFrom('esims').select('msisdn').where('iccid', '=', line.iccid).executeTakeFirst();
  const { subscription, fireNow } = await createSubscription(
    deps.store,
    {
      clientId: caller.clientId,
      iccid: line.iccid,
      level: req.level,
      body: {
        protocol: 'HTTP',
        sink: req.sink,
        types: [req.type],
        config: req.config,
        phoneNumber: line.phoneNumber ?? phone?.msisdn ?? null,
        legs: caller.legs,
        ...(req.sinkCredential ? { sinkCredential: req.sinkCredential } : {}),
      },
    },
    deps.now(),
  );
  watchSubscription(deps, subscription);
  if (fireNow) void deliver(deps, subscription, levelEvent(deps, subscription));
  return camaraJson(c, 201, renderSubscription(subscription, caller));
}

export function subscriptionRoutes(app: App, deps: AppDeps): void {
  const read = (scopes: ReadonlySet<string>) => scopes.has(`${SUBSCRIPTION_SCOPE}:read`);
  app.post(BASE, async (c) => badCorrelator(c) ?? create(c, deps));

  app.get(BASE, (c) =>
    withCaller(c, deps, read, async (caller) => {
      const all = await listSubscriptions(deps.store, caller.clientId, linesOf(caller));
      return camaraJson(
        c,
        200,
        all.map((s) => renderSubscription(s, caller)),
      );
    }),
  );

  app.get(`${BASE}/:id`, (c) =>
    withCaller(c, deps, read, async (caller) => {
      const found = await findSubscription(deps.store, caller.clientId, c.req.param('id'), linesOf(caller));
      return found ? camaraJson(c, 200, renderSubscription(found, caller)) : notFound(c);
    }),
  );

  app.delete(`${BASE}/:id`, (c) =>
    withCaller(
      c,
      deps,
      (scopes) => scopes.has(`${SUBSCRIPTION_SCOPE}:delete`),
      async (caller) => {
        const found = await findSubscription(deps.store, caller.clientId, c.req.param('id'), linesOf(caller));
        if (!found || !(await deleteSubscription(deps.store, found.id))) return notFound(c);
        void deliver(deps, found, endedEvent(deps, found, 'SUBSCRIPTION_DELETED'));
        return camaraEmpty(c);
      },
    ),
  );
}
