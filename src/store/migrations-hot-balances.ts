import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './dialect.js';

/**
 * "A small hot balance table": what rating changes of a bucket (remaining units, validity once
 * started, when it ran out) moves out of the wide bucket row into a narrow table keyed by bucket
 * id. A batch of usage updates thousands of buckets; on the narrow rows that touches about a third
 * of the pages, so each commit writes that much less (SQLite's WAL, PostgreSQL's heap and WAL).
 * The plan side (`bucket_plans`) never changes after purchase. `buckets` stays, as a view of both,
 * for every reader; writers insert into both tables (see bucket-rows.ts).
 */
export function hotBalancesMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('bucket_balances')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('remaining', 'bigint', (c) => c.notNull())
        .addColumn('valid_from', 'bigint')
        .addColumn('valid_to', 'bigint')
        .addColumn('used_up_at', 'bigint')
        .$call((t) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
        .execute();
      if (dialect === 'postgres') {
        // Room on every page for the next version of its rows: an update then stays on its page
        // (a HOT update) and leaves the key index alone; these rows change with every batch.
        await sql`alter table bucket_balances set (fillfactor = 50)`.execute(db);
        await sql`alter table wallets set (fillfactor = 50)`.execute(db);
      }
      await sql`insert into bucket_balances (id, remaining, valid_from, valid_to, used_up_at)
        select id, remaining, valid_from, valid_to, used_up_at from buckets`.execute(db);
      await db.schema.alterTable('buckets').renameTo('bucket_plans').execute();
      for (const column of ['remaining', 'valid_from', 'valid_to', 'used_up_at']) {
        await db.schema.alterTable('bucket_plans').dropColumn(column).execute();
      }
      await sql`create view buckets as
        select p.id, p.purchase_id, p.iccid, p.plan_id, p.kind, p.initial, b.remaining, b.valid_from, b.valid_to,
          b.used_up_at, p.validity_days, p.purchased_at, p.coverage
        from bucket_plans p join bucket_balances b on b.id = p.id`.execute(db);
      if (dialect === 'sqlite') await sql`analyze`.execute(db);
    },
  };
}
