import type { Kysely, Migration } from 'kysely';

/**
 * Session state of the interactive channels: USSD sessions (keyed by the gateway's sessionId) and
 * hotline calls (keyed by Twilio's CallSid), each a small JSON state with an idle expiry; and the
 * hotline phone PINs of accounts (scrypt hashes, set through the USSD menu).
 */
export const channelsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('channel_sessions')
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('msisdn', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('channel_sessions_pk', ['channel', 'session_id'])
      .execute();
    await db.schema.createIndex('channel_sessions_expiry').on('channel_sessions').column('expires_at').execute();
    await db.schema
      .createTable('ivr_pins')
      .addColumn('account_id', 'text', (c) => c.primaryKey())
      .addColumn('pin_hash', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
