/**
 * Delivery of CAMARA subscription events as CloudEvents 1.0 (structured JSON) to the subscriber's
 * HTTPS sink, with the sink's bearer credential. One attempt per event; a failure is logged.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:https';
import type { StoredSubscription } from '../../../services/camara/camara-subscriptions.js';
import { EVENT_PREFIX } from '../../../services/camara/data-crossings.js';
import type { AppDeps } from '../env.js';

export type TerminationReason = 'SUBSCRIPTION_EXPIRED' | 'SUBSCRIPTION_DELETED' | 'MAX_EVENTS_REACHED';

export function cloudEvent(deps: AppDeps, type: string, data: Record<string, unknown>): Record<string, unknown> {
  return {
    id: randomUUID(),
    source: `${deps.config.publicUrl}/device-data-volume-subscriptions/v0.1/subscriptions`,
    type: `${EVENT_PREFIX}${type}`,
    specversion: '1.0',
    datacontenttype: 'application/json',
    time: new Date(deps.now()).toISOString(),
    data,
  };
}

function deviceOf(s: StoredSubscription): Record<string, unknown> {
  return s.body.legs === 2 && s.body.phoneNumber ? { device: { phoneNumber: s.body.phoneNumber } } : {};
}

export function levelEvent(deps: AppDeps, s: StoredSubscription) {
  return cloudEvent(deps, s.level, { subscriptionId: s.id, ...deviceOf(s) });
}

export function endedEvent(deps: AppDeps, s: StoredSubscription, reason: TerminationReason) {
  return cloudEvent(deps, 'subscription-ended', { subscriptionId: s.id, terminationReason: reason, ...deviceOf(s) });
}

/** POSTs the event; resolves with the sink's status (0 when unreachable). */
export function deliver(deps: AppDeps, s: StoredSubscription, event: Record<string, unknown>): Promise<number> {
  const body = JSON.stringify(event);
  const headers: Record<string, string> = { 'content-type': 'application/cloudevents+json', 'content-length': String(Buffer.byteLength(body)) };
  if (s.body.sinkCredential) headers['authorization'] = `Bearer ${s.body.sinkCredential.accessToken}`;
  return new Promise((resolve) => {
    const req = request(s.body.sink, { method: 'POST', headers, timeout: 10_000, ...(deps.config.camaraSinkCa ? { ca: deps.config.camaraSinkCa } : {}) }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('sink timed out')));
    req.on('error', (error) => {
      deps.log.warn({ err: error, subscriptionId: s.id }, 'CAMARA event not delivered');
      resolve(0);
    });
    req.end(body);
  });
}
