import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './dialect.js';

/**
 * What a subscriber needs to trust and act on the numbers:
 * - `line_freshness`: per line, the latest usage time rated for it (`usage_to`), when its last
 *   record arrived (`arrived_at`) and on which network that usage was; one upsert per line per
 *   rating batch, in the batch's transaction (never per event).
 * - `payg_caps`: an optional pay-as-you-go data cap per eSIM, set by the subscriber.
 */
export function numbersMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('line_freshness')
        .addColumn('iccid', 'text', (c) => c.primaryKey())
        .addColumn('usage_to', 'bigint', (c) => c.notNull())
        .addColumn('arrived_at', 'bigint', (c) => c.notNull())
        .addColumn('mcc_mnc', 'text', (c) => c.notNull())
        .$call((t) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
        .execute();
      if (dialect === 'postgres') await sql`alter table line_freshness set (fillfactor = 50)`.execute(db);
      await sql`insert into line_freshness (iccid, usage_to, arrived_at, mcc_mnc)
        select x.iccid, max(x.started_at), max(x.rated_at),
          (select y.mcc_mnc from usage_records y where y.iccid = x.iccid order by y.started_at desc, y.id desc limit 1)
        from usage_records x group by x.iccid`.execute(db);
      await db.schema
        .createTable('payg_caps')
        .addColumn('iccid', 'text', (c) => c.primaryKey())
        .addColumn('cap_bytes', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  };
}
