import type { Kysely, Migration } from 'kysely';

/**
 * Per-account alert settings (DESIGN.md "Alerts"): data-used thresholds in percent of a bucket
 * (a JSON array of integers), a wallet floor in the account's minor units, an expiry warning
 * window, the channels, and quiet hours (local `HH:MM` in the account's time zone).
 * No row = the defaults. Statements themselves are computed from the ledger and need no table.
 */
export const alertsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('alert_settings')
      .addColumn('account_id', 'text', (c) => c.primaryKey())
      .addColumn('data_used_percent', 'text', (c) => c.notNull())
      .addColumn('wallet_below_minor', 'bigint')
      .addColumn('expiry_within_hours', 'integer')
      .addColumn('channel_sms', 'integer', (c) => c.notNull())
      .addColumn('channel_email', 'integer', (c) => c.notNull())
      .addColumn('channel_webhook', 'integer', (c) => c.notNull())
      .addColumn('quiet_start', 'text')
      .addColumn('quiet_end', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
