/**
 * A subscriber's alert settings: which crossings warn them (data used % of a bucket, wallet
 * below an amount, a bucket expiring soon), through which channels, and the quiet hours in the
 * account's time zone. Validated by the channel against the limits below; stored whole (PUT).
 */
import { toBigInt } from '../../domain/money.js';
import type { Store } from '../../store/open-store.js';
import type { Found } from '../query-account.js';
import { getAlertContacts } from '../alerts/alert-contacts.js';

export interface AlertChannels {
  sms: boolean;
  email: boolean;
  webhook: boolean;
  inbox: boolean;
}
/** Local wall-clock `HH:MM`; a window that wraps midnight when start > end (22:00-08:00). */
export interface QuietHours {
  start: string;
  end: string;
}

export interface AlertSettings {
  /** Thresholds of data used, in percent of a bucket's initial allowance, ascending, each 1-100. */
  dataUsedPercent: number[];
  /** Warn when the wallet drops below this many minor units of the account's currency; null = off. */
  walletBelowMinor: bigint | null;
  /** Warn this many hours before a bucket expires; null = off. */
  expiryWithinHours: number | null;
  channels: AlertChannels;
  /** null = no quiet hours. */
  quietHours: QuietHours | null;
}

export interface AlertSettingsView extends AlertSettings {
  currency: string;
  timeZone: string;
  /** Epoch ms of the last change; null while the defaults apply. */
  updatedAt: number | null;
  /** The channels the account can receive: e-mail once an address is verified, webhook once a URL is set. */
  available: AlertChannels;
}

export const ALERT_LIMITS = Object.freeze({ maxThresholds: 5, maxExpiryWithinHours: 720 });

export const DEFAULT_ALERT_SETTINGS: Readonly<AlertSettings> = Object.freeze({
  dataUsedPercent: [80, 100],
  walletBelowMinor: null,
  expiryWithinHours: 24,
  channels: { sms: true, email: false, webhook: false, inbox: true },
  quietHours: { start: '22:00', end: '08:00' },
});

async function accountOf(store: Store, accountId: string) {
  return store.db.selectFrom('accounts').select(['currency', 'time_zone']).where('id', '=', accountId).executeTakeFirst();
}

async function availableChannels(store: Store, accountId: string): Promise<AlertChannels> {
  const contacts = await getAlertContacts(store, accountId);
  return { sms: true, email: contacts.emailVerified, webhook: contacts.webhookUrl !== null, inbox: true };
}

export async function getAlertSettings(store: Store, accountId: string): Promise<Found<AlertSettingsView, 'unknown_account'>> {
  const account = await accountOf(store, accountId);
  if (account === undefined) return { ok: false, code: 'unknown_account' };
  const row = await store.db.selectFrom('alert_settings').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  const context = { currency: account.currency, timeZone: account.time_zone, available: await availableChannels(store, accountId) };
  if (row === undefined) return { ok: true, value: { ...structuredClone(DEFAULT_ALERT_SETTINGS), ...context, updatedAt: null } };
  return {
    ok: true,
    value: {
      dataUsedPercent: JSON.parse(row.data_used_percent) as number[],
      walletBelowMinor: row.wallet_below_minor === null ? null : toBigInt(row.wallet_below_minor),
      expiryWithinHours: row.expiry_within_hours === null ? null : Number(row.expiry_within_hours),
      channels: {
        sms: Number(row.channel_sms) !== 0,
        email: Number(row.channel_email) !== 0,
        webhook: Number(row.channel_webhook) !== 0,
        inbox: Number(row.channel_inbox) !== 0,
      },
      quietHours: row.quiet_start === null || row.quiet_end === null ? null : { start: row.quiet_start, end: row.quiet_end },
      ...context,
      updatedAt: Number(row.updated_at),
    },
  };
}

/** What a PUT may leave out: the inbox switch (on unless turned off). */
export type AlertSettingsInput = Omit<AlertSettings, 'channels'> & { channels: Omit<AlertChannels, 'inbox'> & { inbox?: boolean } };

/**
 * Replaces the account's settings (thresholds are stored sorted and without repeats). A channel
 * the account cannot receive (e-mail without a verified address, webhook without a URL) is refused.
 */
export async function putAlertSettings(store: Store, accountId: string, input: AlertSettingsInput, nowMs: number): Promise<Found<AlertSettingsView, 'unknown_account' | 'channel_unavailable'>> {
  if ((await accountOf(store, accountId)) === undefined) return { ok: false, code: 'unknown_account' };
  const settings: AlertSettings = { ...input, channels: { ...input.channels, inbox: input.channels.inbox ?? true } };
  const available = await availableChannels(store, accountId);
  if ((settings.channels.email && !available.email) || (settings.channels.webhook && !available.webhook)) return { ok: false, code: 'channel_unavailable' };
  const values = {
    data_used_percent: JSON.stringify([...new Set(settings.dataUsedPercent)].sort((a, b) => a - b)),
    wallet_below_minor: settings.walletBelowMinor,
    expiry_within_hours: settings.expiryWithinHours,
    channel_sms: settings.channels.sms ? 1 : 0,
    channel_email: settings.channels.email ? 1 : 0,
    channel_webhook: settings.channels.webhook ? 1 : 0,
    channel_inbox: settings.channels.inbox ? 1 : 0,
    quiet_start: settings.quietHours?.start ?? null,
    quiet_end: settings.quietHours?.end ?? null,
    updated_at: nowMs,
  };
  await store.db
    .insertInto('alert_settings')
    .values({ account_id: accountId, ...values })
    .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
    .execute();
  return getAlertSettings(store, accountId);
}
