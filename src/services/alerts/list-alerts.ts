/** The operator's view of the outbox: alerts with each channel's delivery state and attempts. */
import type { Store } from '../../store/open-store.js';
import type { AlertChannel, DeliveryState } from './alert-outbox.js';

export interface DeliveryView {
  readonly channel: AlertChannel;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly nextAttemptAtMs: number | null;
  readonly sentAtMs: number | null;
  readonly lastError: string | null;
}

export interface AlertView {
  readonly id: string;
  readonly accountId: string;
  readonly rule: string;
  readonly subject: string;
  readonly iccid: string | null;
  readonly level: number;
  readonly createdAtMs: number;
  readonly deliverAfterMs: number | null;
  readonly figures: unknown;
  readonly deliveries: DeliveryView[];
}

export interface AlertFilter {
  readonly accountId?: string;
  /** Alerts with at least one delivery in this state. */
  readonly state?: DeliveryState;
  readonly limit: number;
  /** Alerts with an id below this one (the next page, newest first). */
  readonly beforeId?: string;
}

export async function listAlerts(store: Store, filter: AlertFilter): Promise<AlertView[]> {
  let q = store.db.selectFrom('alert_outbox').selectAll().orderBy('id', 'desc').limit(filter.limit);
  if (filter.accountId !== undefined) q = q.where('account_id', '=', filter.accountId);
  if (filter.beforeId !== undefined) q = q.where('id', '<', filter.beforeId);
  if (filter.state !== undefined) {
    const state = filter.state;
    q = q.where('id', 'in', store.db.selectFrom('alert_deliveries').select('alert_id').where('state', '=', state));
  }
  const alerts = await q.execute();
  if (alerts.length === 0) return [];
  const deliveries = await store.db
    .selectFrom('alert_deliveries')
    .selectAll()
    .where(
      'alert_id',
      'in',
      alerts.map((a) => String(a.id)),
    )
    .orderBy('channel')
    .execute();
  const byAlert = new Map<string, DeliveryView[]>();
  for (const d of deliveries) {
    const list = byAlert.get(String(d.alert_id)) ?? [];
    list.push({
      channel: d.channel as AlertChannel,
      state: d.state,
      attempts: Number(d.attempts),
      nextAttemptAtMs: d.state === 'pending' ? Number(d.next_attempt_at) : null,
      sentAtMs: d.sent_at === null ? null : Number(d.sent_at),
      lastError: d.last_error,
    });
    byAlert.set(String(d.alert_id), list);
  }
  return alerts.map((a) => ({
    id: String(a.id),
    accountId: a.account_id,
    rule: a.rule,
    subject: a.subject,
    iccid: a.iccid,
    level: Number(a.level),
    createdAtMs: Number(a.created_at),
    deliverAfterMs: a.deliver_after === null ? null : Number(a.deliver_after),
    figures: JSON.parse(a.payload) as unknown,
    deliveries: byAlert.get(String(a.id)) ?? [],
  }));
}
