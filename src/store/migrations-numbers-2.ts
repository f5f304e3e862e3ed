import type { Kysely, Migration } from 'kysely';

/**
 * `usage_records.peer`: the other party of a call or SMS as the network sent it, already masked
 * (all but the last digits) at ingestion; null for data and when the network sent none.
 */
export const peerMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('usage_records').addColumn('peer', 'text').execute();
  },
};

/**
 * `payg_cap_reached`: the months in which an eSIM reached its pay-as-you-go data cap, so the
 * alert and the network barring request go out once per month, however many batches follow.
 */
export const paygCapReachedMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('payg_cap_reached')
      .addColumn('iccid', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('used_bytes', 'bigint', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('payg_cap_reached_pk', ['iccid', 'month'])
      .execute();
  },
};
