import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Sign-in support: one-time SMS codes (only a hash of the code is stored) and the failure
 * counters that throttle password and code guessing per account, per phone and per address.
 */
export const authMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('otp_codes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('sign_in', 'reset_password', 'change_phone')`))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('new_phone', 'text')
      .execute();
    await db.schema.createIndex('otp_codes_account_purpose').on('otp_codes').columns(['account_id', 'purpose', 'created_at']).execute();
    await db.schema
      .createTable('auth_throttle')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .addColumn('locked_until', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
