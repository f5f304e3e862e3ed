import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './dialect.js';

/**
 * Indexes that serve the TMF and operator lists page by page: each list's order (time then id,
 * or id) and the filters it pushes into SQL, so a page is an index range however deep.
 */
const INDEXES: readonly [name: string, table: string, columns: readonly string[]][] = [
  ['topups_time', 'topups', ['at', 'id']],
  ['tmf_adjustments_time', 'tmf_adjustments', ['at', 'id']],
  ['tmf_adjustments_account', 'tmf_adjustments', ['account_id', 'at']],
  ['tmf_reservations_time', 'tmf_reservations', ['at', 'id']],
  ['tmf_reservations_account', 'tmf_reservations', ['account_id', 'at']],
  ['tmf_usage_queries_time', 'tmf_usage_queries', ['created_at', 'id']],
  ['tmf_bill_requests_time', 'tmf_bill_requests', ['created_at', 'id']],
  ['tmf_bill_requests_account', 'tmf_bill_requests', ['account_id', 'created_at']],
  ['tmf_usage_specs_time', 'tmf_usage_specs', ['created_at', 'id']],
  ['tmf_usage_specs_name', 'tmf_usage_specs', ['name']],
  ['tmf_buckets_usage_type', 'tmf_buckets', ['usage_type', 'id']],
  // Written at purchase only, never by rating.
  ['bucket_plans_kind', 'bucket_plans', ['kind', 'id']],
  ['suspense_held', 'suspense', ['resolved_at', 'id']],
  ['suspense_reason', 'suspense', ['reason', 'id']],
  ['suspense_source', 'suspense', ['source', 'id']],
  ['api_keys_created', 'api_keys', ['created_at', 'id']],
];

export function listIndexesMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const [name, table, columns] of INDEXES)
        await db.schema
          .createIndex(name)
          .on(table)
          .columns([...columns])
          .execute();
      if (dialect === 'sqlite') await sql`analyze`.execute(db);
    },
  };
}
