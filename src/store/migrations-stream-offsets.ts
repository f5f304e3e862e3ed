import type { Kysely, Migration } from 'kysely';

/**
 * Where each partition of the usage stream has been rated up to: the stream sequence of the last
 * message whose events are committed. Written in the same transaction as those events (see
 * services/stream/rate-stream-batch.ts), so a worker that dies resumes exactly after them.
 */
export const streamOffsetsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('stream_offsets')
      .addColumn('partition', 'integer', (c) => c.primaryKey())
      .addColumn('stream_seq', 'bigint', (c) => c.notNull())
      .execute();
  },
};
