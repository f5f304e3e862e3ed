/** The portal's inbox: an account's alerts as its language reads them, newest first, with an unread count. */
import type { AlertRule } from '../../domain/alerts.js';
import type { Store } from '../../store/open-store.js';
import { renderAlert, type AlertPayload } from './alert-texts.js';

export interface InboxItem {
  readonly id: string;
  readonly rule: AlertRule;
  readonly subject: string;
  readonly text: string;
  readonly createdAtMs: number;
  readonly read: boolean;
}

export async function unreadAlerts(store: Store, accountId: string): Promise<number> {
  const row = await store.db
    .selectFrom('alert_deliveries as d')
    .innerJoin('alert_outbox as a', 'a.id', 'd.alert_id')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('a.account_id', '=', accountId)
    .where('d.channel', '=', 'inbox')
    .where('d.read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function inboxOf(store: Store, accountId: string, limit: number): Promise<{ items: InboxItem[]; unread: number } | undefined> {
  const account = await store.db.selectFrom('accounts').select(['language', 'time_zone', 'currency']).where('id', '=', accountId).executeTakeFirst();
  if (account === undefined) return undefined;
  const rows = await store.db
    .selectFrom('alert_deliveries as d')
    .innerJoin('alert_outbox as a', 'a.id', 'd.alert_id')
    .select(['a.id', 'a.rule', 'a.level', 'a.payload', 'a.created_at', 'd.read_at'])
    .where('a.account_id', '=', accountId)
    .where('d.channel', '=', 'inbox')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  const names = new Map<string, Record<string, string> | undefined>();
  const items: InboxItem[] = [];
  for (const r of rows) {
    const payload = JSON.parse(r.payload) as AlertPayload;
    const planId = payload.planId ?? '';
    if (planId !== '' && !names.has(planId)) {
      const plan = await store.db.selectFrom('plans').select('names').where('id', '=', planId).executeTakeFirst();
      names.set(planId, plan ? (JSON.parse(plan.names) as Record<string, string>) : undefined);
    }
    const rule = r.rule as AlertRule;
    const { subject, text } = renderAlert({ rule, level: Number(r.level), payload }, { language: account.language, timeZone: account.time_zone, currency: account.currency }, names.get(planId));
    items.push({ id: String(r.id), rule, subject, text, createdAtMs: Number(r.created_at), read: r.read_at !== null });
  }
  return { items, unread: await unreadAlerts(store, accountId) };
}

/** Marks the account's inbox alerts read: these ids, or all of them. */
export async function markInboxRead(store: Store, accountId: string, ids: readonly string[] | undefined, nowMs: number): Promise<void> {
  const mine = store.db.selectFrom('alert_outbox').select('id').where('account_id', '=', accountId);
  let update = store.db.updateTable('alert_deliveries').set({ read_at: nowMs }).where('channel', '=', 'inbox').where('read_at', 'is', null).where('alert_id', 'in', mine);
  if (ids !== undefined) update = update.where('alert_id', 'in', ids.length === 0 ? ['-1'] : [...ids]);
  await update.execute();
}
