/** A subscriber changes its own language or time zone (validated by the channel). */
import type { Store } from '../store/open-store.js';
import { accountOf, type AccountView, type Found } from './query-account.js';

export interface AccountSettings {
  language?: string;
  timeZone?: string;
}

export async function updateAccountSettings(store: Store, accountId: string, settings: AccountSettings): Promise<Found<AccountView, 'unknown_account'>> {
  const changes = {
    ...(settings.language === undefined ? {} : { language: settings.language }),
    ...(settings.timeZone === undefined ? {} : { time_zone: settings.timeZone }),
  };
  // In a write transaction: its generation bump makes cached outlooks (counted in the zone) stale.
  if (Object.keys(changes).length > 0) {
    await store.writeTransaction((tx) => tx.updateTable('accounts').set(changes).where('id', '=', accountId).execute());
  }
  const account = await accountOf(store.db, accountId);
  return account ? { ok: true, value: account } : { ok: false, code: 'unknown_account' };
}
