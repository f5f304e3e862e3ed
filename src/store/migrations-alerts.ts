import type { Kysely, Migration } from 'kysely';
import type { DialectName } from './dialect.js';

/**
 * Alerts that go out (issue 25). `alert_outbox`: one row per crossing, written by the rating in
 * the transaction that changed the balance; `once_key` is unique, so no crossing is recorded twice
 * whatever retries or replays happen. `alert_deliveries`: one row per alert and channel, added by
 * the delivery worker after commit, with its state, attempts and next attempt (quiet hours, backoff).
 * `alert_contacts`: where an account can be reached besides its phone (a verified e-mail address,
 * the address waiting for its code with the code's hash, a webhook URL and its signing secret).
 */
export function alertOutboxMigration(dialect: DialectName): Migration {
  const autoKey = dialect === 'sqlite' ? 'integer' : 'bigserial';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('alert_outbox')
        .addColumn('id', autoKey, (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('iccid', 'text')
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('once_key', 'text', (c) => c.notNull().unique())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('deliver_after', 'bigint')
        .addColumn('fanned_out', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('alert_outbox_fan_out').on('alert_outbox').columns(['fanned_out', 'id']).execute();
      await db.schema.createIndex('alert_outbox_account').on('alert_outbox').columns(['account_id', 'id']).execute();
      await db.schema
        .createTable('alert_deliveries')
        .addColumn('alert_id', 'bigint', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('last_error', 'text')
        .addColumn('sent_at', 'bigint')
        .addColumn('read_at', 'bigint')
        .addPrimaryKeyConstraint('alert_deliveries_pk', ['alert_id', 'channel'])
        .execute();
      await db.schema.createIndex('alert_deliveries_due').on('alert_deliveries').columns(['state', 'next_attempt_at']).execute();
      await db.schema
        .createTable('alert_contacts')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text')
        .addColumn('email_verified_at', 'bigint')
        .addColumn('email_pending', 'text')
        .addColumn('email_code_hash', 'text')
        .addColumn('email_code_expires_at', 'bigint')
        .addColumn('email_code_failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('webhook_url', 'text')
        .addColumn('webhook_secret', 'text')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .alterTable('alert_settings')
        .addColumn('channel_inbox', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
    },
  };
}
