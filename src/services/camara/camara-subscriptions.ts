/**
 * CAMARA data-volume subscriptions: one event type per subscription, for one line, owned by the
 * client that made it (and, 3-legged, by the subscriber's consent). Events fire once per crossing:
 * a subscription remembers whether its line was past the level at the last look.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/open-store.js';
import { dataUse, reached, type LevelType } from './data-crossings.js';

export interface SinkCredential {
  credentialType: 'ACCESSTOKEN';
  accessToken: string;
  accessTokenExpiresUtc: string;
  accessTokenType: 'bearer';
}

export interface SubscriptionBody {
  protocol: 'HTTP';
  sink: string;
  sinkCredential?: SinkCredential;
  types: [string];
  config: { subscriptionExpireTime?: string; subscriptionMaxEvents?: number; initialEvent?: boolean };
  startsAt: string;
  expiresAt?: string;
  phoneNumber: string | null;
  legs: 2 | 3;
}

export interface SubscriptionState {
  above: boolean;
  events: number;
}

export interface StoredSubscription {
  id: string;
  clientId: string;
  iccid: string;
  level: LevelType;
  body: SubscriptionBody;
  state: SubscriptionState;
}

function rowOf(r: { id: string; client_id: string; iccid: string; body: string; types: string; fired: string }): StoredSubscription {
  return { id: r.id, clientId: r.client_id, iccid: r.iccid, level: r.types as LevelType, body: JSON.parse(r.body) as SubscriptionBody, state: JSON.parse(r.fired) as SubscriptionState };
}

export interface NewSubscription {
  clientId: string;
  iccid: string;
  level: LevelType;
  body: Omit<SubscriptionBody, 'startsAt' | 'expiresAt'>;
}

/** Stores it with the line's position now: a level already passed fires only with `initialEvent`. */
export async function createSubscription(store: Store, req: NewSubscription, nowMs: number): Promise<{ subscription: StoredSubscription; fireNow: boolean }> {
  const id = randomUUID();
  const above = reached(req.level, await dataUse(store, req.iccid, nowMs));
  const expire = req.body.config.subscriptionExpireTime;
  const body: SubscriptionBody = { ...req.body, startsAt: new Date(nowMs).toISOString(), ...(expire ? { expiresAt: new Date(expire).toISOString() } : {}) };
  const state: SubscriptionState = { above, events: 0 };
  await store.db
    .insertInto('camara_subscriptions')
    .values({
      id,
      client_id: req.clientId,
      iccid: req.iccid,
      body: JSON.stringify(body),
      types: req.level,
      sink: body.sink,
      created_at: nowMs,
      expires_at: expire ? Date.parse(expire) : null,
      fired: JSON.stringify(state),
    })
    .execute();
  return { subscription: { id, clientId: req.clientId, iccid: req.iccid, level: req.level, body, state }, fireNow: above && req.body.config.initialEvent === true };
}

/** The client's subscriptions; limited to `iccids` for a 3-legged caller. */
export async function listSubscriptions(store: Store, clientId: string, iccids?: readonly string[]): Promise<StoredSubscription[]> {
  let q = store.db.selectFrom('camara_subscriptions').selectAll().where('client_id', '=', clientId);
  if (iccids) q = q.where('iccid', 'in', iccids.length > 0 ? [...iccids] : ['-']);
  return (await q.orderBy('created_at').orderBy('id').execute()).map(rowOf);
}

export async function findSubscription(store: Store, clientId: string, id: string, iccids?: readonly string[]): Promise<StoredSubscription | undefined> {
  const row = await store.db.selectFrom('camara_subscriptions').selectAll().where('id', '=', id).where('client_id', '=', clientId).executeTakeFirst();
  if (!row || (iccids && !iccids.includes(row.iccid))) return undefined;
  return rowOf(row);
}

export async function deleteSubscription(store: Store, id: string): Promise<boolean> {
  const r = await store.db.deleteFrom('camara_subscriptions').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export type SubscriptionOutcome = { kind: 'fire'; subscription: StoredSubscription; ends: boolean } | { kind: 'expired'; subscription: StoredSubscription };

/** Every subscription's position now: crossings to announce (once), and subscriptions past their time. */
export async function evaluateSubscriptions(store: Store, nowMs: number): Promise<SubscriptionOutcome[]> {
  const outcomes: SubscriptionOutcome[] = [];
  const rows = (await store.db.selectFrom('camara_subscriptions').selectAll().execute()).map(rowOf);
  for (const s of rows) {
    if (s.body.expiresAt && Date.parse(s.body.expiresAt) <= nowMs) {
      if (await deleteSubscription(store, s.id)) outcomes.push({ kind: 'expired', subscription: s });
      continue;
    }
    const above = reached(s.level, await dataUse(store, s.iccid, nowMs));
    if (above === s.state.above) continue;
    const state = { above, events: s.state.events + (above ? 1 : 0) };
    // The update names the state it read: two evaluations at once announce a crossing once.
    const r = await store.db
      .updateTable('camara_subscriptions')
      .set({ fired: JSON.stringify(state) })
      .where('id', '=', s.id)
      .where('fired', '=', JSON.stringify(s.state))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0 || !above) continue;
    const ends = s.body.config.subscriptionMaxEvents !== undefined && state.events >= s.body.config.subscriptionMaxEvents;
    if (ends) await deleteSubscription(store, s.id);
    outcomes.push({ kind: 'fire', subscription: { ...s, state }, ends });
  }
  return outcomes;
}
