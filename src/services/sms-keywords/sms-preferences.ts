/** Per-MSISDN SMS preferences: the alerts opt-out (STOP/START) and a reply language (LANG). */
import type { Db, Store } from '../../store/open-store.js';
import type { SmsLanguage } from './keywords.js';

export interface SmsPreferences {
  readonly alertsOptOut: boolean;
  readonly language: SmsLanguage | null;
}

export async function smsPreferencesOf(db: Db, msisdn: string): Promise<SmsPreferences> {
  const row = await db.selectFrom('sms_preferences').select(['alerts_opt_out', 'language']).where('msisdn', '=', msisdn).executeTakeFirst();
  return { alertsOptOut: Number(row?.alerts_opt_out ?? 0) !== 0, language: (row?.language ?? null) as SmsLanguage | null };
}

/** True when the line said STOP: alerts must not be sent to it (sign-in codes still are). */
export async function isAlertsOptedOut(store: Store, msisdn: string): Promise<boolean> {
  return (await smsPreferencesOf(store.db, msisdn)).alertsOptOut;
}

export async function setSmsPreference(store: Store, msisdn: string, change: { alertsOptOut?: boolean; language?: SmsLanguage }, nowMs: number): Promise<void> {
  const values = {
    ...(change.alertsOptOut === undefined ? {} : { alerts_opt_out: change.alertsOptOut ? 1 : 0 }),
    ...(change.language === undefined ? {} : { language: change.language }),
    updated_at: nowMs,
  };
  await store.db
    .insertInto('sms_preferences')
    .values({ msisdn, alerts_opt_out: 0, language: null, ...values })
    .onConflict((oc) => oc.column('msisdn').doUpdateSet(values))
    .execute();
}
