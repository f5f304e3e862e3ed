import type { Kysely, Migration } from 'kysely';

/** SMS keyword preferences per MSISDN: alerts opt-out (STOP/START) and a reply language (LANG). */
export const smsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sms_preferences')
      .addColumn('msisdn', 'text', (c) => c.primaryKey())
      .addColumn('alerts_opt_out', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('language', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
