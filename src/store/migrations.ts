import { paygCapReachedMigration, peerMigration } from './migrations-numbers-2.js';
import { hotBalancesMigration } from './migrations-hot-balances.js';
import { listIndexesMigration } from './migrations-list-indexes.js';
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DialectName } from './dialect.js';
import { sessionsMigration } from './migrations-sessions.js';
import { authMigration } from './migrations-auth.js';
import { tmfMigration } from './migrations-tmf.js';
import { alertsMigration } from './migrations-statements.js';
import { channelsMigration } from './migrations-channels.js';
import { smsMigration } from './migrations-sms.js';
import { numbersMigration } from './migrations-numbers.js';
import { oauthMigration } from './migrations-oauth.js';
import { alertOutboxMigration } from './migrations-alerts.js';
import { streamOffsetsMigration } from './migrations-stream-offsets.js';

/**
 * Schema v1. Instants are epoch milliseconds (BIGINT) on both databases so comparisons and
 * indexes behave the same; JSON-ish columns (rates, coverage) are small texts read whole.
 */
function initial(dialect: DialectName): Migration {
  // SQLite needs exactly `integer primary key` for a rowid alias (the fast, time-ordered key).
  const rowKey = dialect === 'sqlite' ? 'integer' : 'bigint';
  const autoKey = dialect === 'sqlite' ? 'integer' : 'bigserial';
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('login_phone', 'text', (c) => c.unique())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('payload_hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('wallets')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('balance_minor', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('tariffs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('rates', 'text', (c) => c.notNull())
        .addColumn('payload_hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('price_minor', 'bigint', (c) => c.notNull())
        .addColumn('validity_days', 'integer', (c) => c.notNull())
        .addColumn('validity_starts', 'text', (c) => c.notNull())
        .addColumn('coverage', 'text', (c) => c.notNull())
        .addColumn('allowances', 'text', (c) => c.notNull())
        .addColumn('names', 'text', (c) => c.notNull())
        .addColumn('payload_hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('esims')
        .addColumn('iccid', 'text', (c) => c.primaryKey())
        .addColumn('imsi', 'text', (c) => c.notNull().unique())
        .addColumn('msisdn', 'text', (c) => c.unique())
        .addColumn('eid', 'text')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('tariff_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('activation_code', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('payload_hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('esims_account').on('esims').column('account_id').execute();
      await db.schema
        .createTable('purchases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('iccid', 'text', (c) => c.notNull())
        .addColumn('plan_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('paid_from', 'text', (c) => c.notNull())
        .addColumn('price_minor', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('payload_hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('purchases_iccid').on('purchases').columns(['iccid', 'at']).execute();
      await db.schema
        .createTable('buckets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('purchase_id', 'text', (c) => c.notNull())
        .addColumn('iccid', 'text', (c) => c.notNull())
        .addColumn('plan_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('initial', 'bigint', (c) => c.notNull())
        .addColumn('remaining', 'bigint', (c) => c.notNull())
        .addColumn('valid_from', 'bigint')
        .addColumn('valid_to', 'bigint')
        .addColumn('used_up_at', 'bigint')
        .addColumn('validity_days', 'integer', (c) => c.notNull())
        .addColumn('purchased_at', 'bigint', (c) => c.notNull())
        .addColumn('coverage', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('buckets_iccid').on('buckets').columns(['iccid', 'kind']).execute();
      await db.schema
        .createTable('topups')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('amount_minor', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('voucher_serial', 'text')
        .addColumn('payment_ref', 'text')
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('payload_hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('topups_account').on('topups').columns(['account_id', 'at']).execute();
      await db.schema
        .createTable('vouchers')
        .addColumn('pin_hash', 'text', (c) => c.primaryKey())
        .addColumn('serial', 'text', (c) => c.notNull().unique())
        .addColumn('value_minor', 'bigint', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('batch', 'text', (c) => c.notNull())
        .addColumn('redeemed_topup_id', 'text')
        .addColumn('redeemed_at', 'bigint')
        .execute();
      await db.schema
        .createTable('ledger_entries')
        .addColumn('id', autoKey, (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('amount_minor', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ledger_account').on('ledger_entries').columns(['account_id', 'at']).execute();
      await db.schema
        .createTable('usage_records')
        .addColumn('id', rowKey, (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('iccid', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('quantity', 'bigint', (c) => c.notNull())
        .addColumn('mcc_mnc', 'text', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('bucket_units', 'bigint', (c) => c.notNull())
        .addColumn('charged_blocks', 'bigint', (c) => c.notNull())
        .addColumn('amount_minor', 'bigint', (c) => c.notNull())
        .addColumn('debt', 'integer', (c) => c.notNull())
        .addColumn('rated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('usage_records_event', ['source', 'event_id'])
        .execute();
      await db.schema.createIndex('usage_records_line_time').on('usage_records').columns(['iccid', 'started_at']).execute();
      await db.schema.createIndex('usage_records_account_time').on('usage_records').columns(['account_id', 'started_at']).execute();
      await db.schema
        .createTable('bucket_draws')
        .addColumn('bucket_id', 'text', (c) => c.notNull())
        .addColumn('record_id', 'bigint', (c) => c.notNull())
        .addColumn('units', 'bigint', (c) => c.notNull())
        // Keyed in rating order: a batch's draws append to the end of one B-tree instead of
        // landing on random pages of it (when a bucket ran out is kept on the bucket itself).
        .addPrimaryKeyConstraint('bucket_draws_pk', ['record_id', 'bucket_id'])
        .$call((t) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
        .execute();
      await db.schema
        .createTable('suspense')
        .addColumn('id', autoKey, (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('resolved_at', 'bigint')
        .addColumn('record_id', 'bigint')
        .addUniqueConstraint('suspense_event', ['source', 'event_id', 'hash'])
        .execute();
      await db.schema
        .createTable('id_counters')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('next_id', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .execute();
      if (dialect === 'sqlite') await sql`analyze`.execute(db);
    },
  };
}

export function migrationProvider(dialect: DialectName): MigrationProvider {
  return {
    getMigrations: async () => ({
      '0001_initial': initial(dialect),
      '0002_sessions': sessionsMigration,
      '0003_auth': authMigration,
      '0004_tmf': tmfMigration,
      '0005_sms': smsMigration,
      '0006_channels': channelsMigration,
      '0007_alerts': alertsMigration,
      '0008_hot_balances': hotBalancesMigration(dialect),
      '0009_numbers': numbersMigration(dialect),
      '0010_list_indexes': listIndexesMigration(dialect),
      '0011_oauth': oauthMigration,
      '0012_alerts': alertOutboxMigration(dialect),
      '0013_stream_offsets': streamOffsetsMigration,
      '0014_peer': peerMigration,
      '0015_payg_cap_reached': paygCapReachedMigration,
    }),
  };
}
