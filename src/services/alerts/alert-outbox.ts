/**
 * The alert outbox after commit: each new alert is fanned out into one delivery per channel the
 * account can receive (held until the quiet hours end unless urgent), and deliveries move from
 * pending to sent, or to failed after their last attempt.
 */
import { deliverAfter, isUrgent, type AlertRule, type QuietWindow } from '../../domain/alerts.js';
import type { Store } from '../../store/open-store.js';
import type { AlertPayload } from './alert-texts.js';

export const ALERT_CHANNELS = ['sms', 'email', 'webhook', 'inbox'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];
export type DeliveryState = 'pending' | 'sent' | 'failed';

/** Alerts fanned out per transaction. */
const FAN_OUT_PAGE = 500;

interface Reach {
  readonly channels: Record<AlertChannel, boolean>;
  readonly timeZone: string;
  readonly quiet: QuietWindow | null;
}

/** Where an account's alerts may go: the channels it switched on and has an address for. */
async function reachOf(store: Store, accountId: string, iccid: string | null): Promise<Reach | undefined> {
  const account = await store.db.selectFrom('accounts').select(['time_zone', 'login_phone']).where('id', '=', accountId).executeTakeFirst();
  if (account === undefined) return undefined;
  const settings = await store.db.selectFrom('alert_settings').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  const contacts = await store.db.selectFrom('alert_contacts').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  const phone = await smsNumber(store, accountId, account.login_phone, iccid);
  const optedOut = phone === null ? true : Number((await store.db.selectFrom('sms_preferences').select('alerts_opt_out').where('msisdn', '=', phone).executeTakeFirst())?.alerts_opt_out ?? 0) !== 0;
  const on = (column: unknown, fallback: boolean) => (settings === undefined ? fallback : Number(column) !== 0);
  return {
    timeZone: account.time_zone,
    quiet: settings === undefined ? { start: '22:00', end: '08:00' } : settings.quiet_start && settings.quiet_end ? { start: settings.quiet_start, end: settings.quiet_end } : null,
    channels: {
      sms: on(settings?.channel_sms, true) && !optedOut,
      email: on(settings?.channel_email, false) && contacts?.email_verified_at != null && contacts.email !== null,
      webhook: on(settings?.channel_webhook, false) && !!contacts?.webhook_url && !!contacts.webhook_secret,
      inbox: on(settings?.channel_inbox, true),
    },
  };
}

/**
 * The number an alert goes to: about a line, the line's own; about the wallet, the account's login
 * phone, else its first line with a number.
 */
export async function smsNumber(store: Store, accountId: string, loginPhone: string | null, iccid: string | null): Promise<string | null> {
  if (iccid !== null) {
    const line = await store.db.selectFrom('esims').select('msisdn').where('iccid', '=', iccid).executeTakeFirst();
    if (line?.msisdn) return line.msisdn;
  }
  if (loginPhone !== null) return loginPhone;
  const first = await store.db.selectFrom('esims').select('msisdn').where('account_id', '=', accountId).where('msisdn', 'is not', null).orderBy('iccid').limit(1).executeTakeFirst();
  return first?.msisdn ?? null;
}

/** Turns new alerts into deliveries, a page per transaction; returns how many alerts it read. */
export async function fanOutAlerts(store: Store, nowMs: number): Promise<number> {
  const fresh = await store.db.selectFrom('alert_outbox').select(['id', 'account_id', 'iccid', 'rule', 'level', 'created_at']).where('fanned_out', '=', 0).orderBy('id').limit(FAN_OUT_PAGE).execute();
  if (fresh.length === 0) return 0;
  const reaches = new Map<string, Reach | undefined>(); // a page's alerts are mostly a few accounts' crossings
  const plans: { id: string; at: number; channels: AlertChannel[] }[] = [];
  for (const alert of fresh) {
    const key = `${alert.account_id}\t${alert.iccid ?? ''}`;
    if (!reaches.has(key)) reaches.set(key, await reachOf(store, alert.account_id, alert.iccid));
    const reach = reaches.get(key);
    const urgent = isUrgent(alert.rule as AlertRule, Number(alert.level));
    const at = reach ? deliverAfter(Math.max(nowMs, Number(alert.created_at)), reach.timeZone, reach.quiet, urgent) : nowMs;
    plans.push({ id: String(alert.id), at, channels: reach ? ALERT_CHANNELS.filter((c) => reach.channels[c]) : [] });
  }
  await store.db.transaction().execute(async (tx) => {
    const taken = await tx
      .updateTable('alert_outbox')
      .set({ fanned_out: 1 })
      .where(
        'id',
        'in',
        plans.map((p) => p.id),
      )
      .where('fanned_out', '=', 0)
      .returning('id')
      .execute();
    const mine = new Set(taken.map((r) => String(r.id))); // another worker may have taken some
    const byTime = new Map<number, string[]>();
    for (const p of plans) if (mine.has(p.id)) byTime.set(p.at, [...(byTime.get(p.at) ?? []), p.id]);
    for (const [at, ids] of byTime) await tx.updateTable('alert_outbox').set({ deliver_after: at }).where('id', 'in', ids).execute();
    const rows = plans.filter((p) => mine.has(p.id)).flatMap((p) => p.channels.map((channel) => deliveryRow(p.id, channel, p.at, nowMs)));
    for (let i = 0; i < rows.length; i += FAN_OUT_PAGE) {
      await tx
        .insertInto('alert_deliveries')
        .values(rows.slice(i, i + FAN_OUT_PAGE))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  });
  return fresh.length;
}

/** The inbox holds an alert at once (it interrupts nobody); other channels wait for `at`. */
function deliveryRow(alertId: string, channel: AlertChannel, at: number, nowMs: number) {
  const inbox = channel === 'inbox';
  return {
    alert_id: alertId,
    channel,
    attempts: 0,
    state: inbox ? ('sent' as const) : ('pending' as const),
    next_attempt_at: inbox ? nowMs : at,
    sent_at: inbox ? nowMs : null,
    last_error: null,
    read_at: null,
  };
}

export interface DueDelivery {
  readonly alertId: bigint;
  readonly channel: AlertChannel;
  readonly attempts: number;
  readonly accountId: string;
  readonly iccid: string | null;
  readonly rule: AlertRule;
  readonly level: number;
  readonly createdAtMs: number;
  readonly payload: AlertPayload;
}

/** Pending deliveries whose time has come, oldest first. */
export async function dueDeliveries(store: Store, nowMs: number, limit: number): Promise<DueDelivery[]> {
  const rows = await store.db
    .selectFrom('alert_deliveries as d')
    .innerJoin('alert_outbox as a', 'a.id', 'd.alert_id')
    .select(['d.alert_id', 'd.channel', 'd.attempts', 'a.account_id', 'a.iccid', 'a.rule', 'a.level', 'a.created_at', 'a.payload'])
    .where('d.state', '=', 'pending')
    .where('d.next_attempt_at', '<=', nowMs)
    .orderBy('d.next_attempt_at')
    .orderBy('d.alert_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    alertId: BigInt(r.alert_id),
    channel: r.channel as AlertChannel,
    attempts: Number(r.attempts),
    accountId: r.account_id,
    iccid: r.iccid,
    rule: r.rule as AlertRule,
    level: Number(r.level),
    createdAtMs: Number(r.created_at),
    payload: JSON.parse(r.payload) as AlertPayload,
  }));
}

export interface DeliveryResult {
  readonly ok: boolean;
  readonly error?: string;
}

/** Records one attempt: sent, or retried after `retryAt`, or failed for good when `retryAt` is null. */
export async function recordAttempt(store: Store, d: DueDelivery, result: DeliveryResult, nowMs: number, retryAt: number | null): Promise<DeliveryState> {
  const state: DeliveryState = result.ok ? 'sent' : retryAt === null ? 'failed' : 'pending';
  await store.db
    .updateTable('alert_deliveries')
    .set({
      state,
      attempts: d.attempts + 1,
      last_error: result.ok ? null : (result.error ?? 'unknown error').slice(0, 500),
      sent_at: result.ok ? nowMs : null,
      next_attempt_at: retryAt ?? nowMs,
    })
    .where('alert_id', '=', d.alertId.toString())
    .where('channel', '=', d.channel)
    .where('state', '=', 'pending')
    .execute();
  return state;
}
