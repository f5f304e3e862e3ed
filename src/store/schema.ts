/**
 * Table shapes as Kysely sees them. Integers that can be large (money, bytes, instants in ms) are
 * `bigint | number | string` on read because drivers differ; `toBigInt` / `Number` normalise them.
 */
import type { Generated } from 'kysely';

type Int = bigint | number | string;

export interface AccountsTable {
  id: string;
  name: string;
  login_phone: string | null;
  language: string;
  time_zone: string;
  currency: string;
  password_hash: string | null;
  created_at: Int;
  payload_hash: string;
}
export interface WalletsTable {
  account_id: string;
  currency: string;
  balance_minor: Int;
  updated_at: Int;
}
export interface TariffsTable {
  id: string;
  currency: string;
  rates: string;
  payload_hash: string;
}
export interface PlansTable {
  id: string;
  currency: string;
  price_minor: Int;
  validity_days: Int;
  validity_starts: string;
  coverage: string;
  allowances: string;
  names: string;
  payload_hash: string;
}
export interface EsimsTable {
  iccid: string;
  imsi: string;
  msisdn: string | null;
  eid: string | null;
  account_id: string;
  tariff_id: string;
  state: string;
  activation_code: string | null;
  created_at: Int;
  payload_hash: string;
}
export interface PurchasesTable {
  id: string;
  iccid: string;
  plan_id: string;
  account_id: string;
  at: Int;
  paid_from: string;
  price_minor: Int;
  currency: string;
  payload_hash: string;
}
/** A bucket's plan side: fixed at purchase. */
export interface BucketPlansTable {
  id: string;
  purchase_id: string;
  iccid: string;
  plan_id: string;
  kind: string;
  initial: Int;
  validity_days: Int;
  purchased_at: Int;
  coverage: string;
}
/** A bucket's hot side: what rating changes. */
export interface BucketBalancesTable {
  id: string;
  remaining: Int;
  valid_from: Int | null;
  valid_to: Int | null;
  used_up_at: Int | null;
}
/** The view `buckets`: both sides of a bucket (read-only; write through bucket-rows.ts). */
export interface BucketsTable {
  id: string;
  purchase_id: string;
  iccid: string;
  plan_id: string;
  kind: string;
  initial: Int;
  remaining: Int;
  valid_from: Int | null;
  valid_to: Int | null;
  used_up_at?: Int | null;
  validity_days: Int;
  purchased_at: Int;
  coverage: string;
}
export interface TopupsTable {
  id: string;
  account_id: string;
  amount_minor: Int;
  currency: string;
  method: string;
  voucher_serial: string | null;
  payment_ref: string | null;
  at: Int;
  payload_hash: string;
}
export interface VouchersTable {
  pin_hash: string;
  serial: string;
  value_minor: Int;
  currency: string;
  expires_at: Int;
  created_at: Int;
  batch: string;
  redeemed_topup_id: string | null;
  redeemed_at: Int | null;
}
export interface LedgerEntriesTable {
  id: Generated<Int>;
  account_id: string;
  at: Int;
  amount_minor: Int;
  kind: string;
  ref: string;
}
export interface UsageRecordsTable {
  id: Int;
  source: string;
  event_id: string;
  hash: string;
  iccid: string;
  account_id: string;
  kind: string;
  direction: string;
  started_at: Int;
  quantity: Int;
  mcc_mnc: string;
  country: string;
  bucket_units: Int;
  charged_blocks: Int;
  amount_minor: Int;
  debt: Int;
  rated_at: Int;
  /** Masked at ingestion (migration 0014); null for data and when the network sent none. */
  peer: string | null;
}
export interface BucketDrawsTable {
  bucket_id: string;
  record_id: Int;
  units: Int;
}
export interface SuspenseTable {
  id: Generated<Int>;
  source: string;
  event_id: string;
  hash: string;
  reason: string;
  detail: string;
  payload: string;
  created_at: Int;
  resolved_at: Int | null;
  record_id: Int | null;
}
export interface IdCountersTable {
  name: string;
  next_id: Int;
}
export interface ApiKeysTable {
  id: string;
  key_hash: string;
  name: string;
  scopes: string;
  created_at: Int;
  revoked_at: Int | null;
}

export interface SessionsTable {
  id_hash: string;
  account_id: string;
  csrf_token: string;
  created_at: Int;
  last_seen_at: Int;
  expires_at: Int;
  authenticated_at: Int;
  client: string | null;
}

export interface TmfHubListenersTable {
  id: string;
  api: string;
  callback: string;
  query: string;
  created_at: Int;
}
export interface TmfUsageSpecsTable {
  id: string;
  name: string;
  body: string;
  created_at: Int;
}
export interface TmfAdjustmentsTable {
  id: string;
  account_id: string;
  amount_minor: Int;
  currency: string;
  reason: string | null;
  at: Int;
  payload_hash: string;
}
export interface TmfReservationsTable {
  id: string;
  account_id: string;
  amount_minor: Int;
  currency: string;
  body: string;
  at: Int;
}
export interface TmfBucketsTable {
  id: string;
  usage_type: string;
  body: string;
  created_at: Int;
}
export interface TmfUsageQueriesTable {
  id: string;
  body: string;
  created_at: Int;
}
export interface TmfBillStatesTable {
  bill_id: string;
  state: string;
  updated_at: Int;
}
export interface TmfBillRequestsTable {
  id: string;
  account_id: string;
  bill_id: string;
  body: string;
  created_at: Int;
}

export interface OtpCodesTable {
  id: string;
  account_id: string;
  purpose: 'sign_in' | 'reset_password' | 'change_phone';
  code_hash: string;
  created_at: Int;
  expires_at: Int;
  used_at: Int | null;
  failed_attempts: Int;
  new_phone: string | null;
}
export interface AuthThrottleTable {
  key: string;
  failures: Int;
  window_start: Int;
  locked_until: Int;
}

export interface SmsPreferencesTable {
  msisdn: string;
  alerts_opt_out: Int;
  language: string | null;
  updated_at: Int;
}

export interface ChannelSessionsTable {
  channel: string;
  session_id: string;
  msisdn: string | null;
  state: string;
  expires_at: Int;
}
export interface IvrPinsTable {
  account_id: string;
  pin_hash: string;
  updated_at: Int;
}

export interface AlertSettingsTable {
  account_id: string;
  data_used_percent: string;
  wallet_below_minor: Int | null;
  expiry_within_hours: Int | null;
  channel_sms: Int;
  channel_email: Int;
  channel_webhook: Int;
  channel_inbox: Generated<Int>;
  quiet_start: string | null;
  quiet_end: string | null;
  updated_at: Int;
}

/** Per line: the latest usage time rated, when its last record arrived, and the network of that usage. */
export interface LineFreshnessTable {
  iccid: string;
  usage_to: Int;
  arrived_at: Int;
  mcc_mnc: string;
}
export interface PaygCapsTable {
  iccid: string;
  cap_bytes: Int;
  updated_at: Int;
}

export interface OauthClientsTable {
  client_id: string;
  name: string;
  secret_hash: string | null;
  redirect_uris: string;
  grant_types: string;
  scopes: string;
  created_at: Int;
  revoked_at: Int | null;
}
export interface OidcModelsTable {
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  uid: string | null;
  user_code: string | null;
  expires_at: Int | null;
  consumed_at: Int | null;
}
export interface OidcKeysTable {
  name: string;
  value: string;
  created_at: Int;
}
export interface OauthConsentsTable {
  grant_id: string;
  account_id: string;
  client_id: string;
  scopes: string;
  iccids: string;
  created_at: Int;
  expires_at: Int;
  last_read_at: Int | null;
  revoked_at: Int | null;
}
export interface CamaraSubscriptionsTable {
  id: string;
  client_id: string;
  iccid: string;
  body: string;
  types: string;
  sink: string;
  created_at: Int;
  expires_at: Int | null;
  fired: string;
}

export interface AlertOutboxTable {
  id: Generated<Int>;
  account_id: string;
  rule: string;
  subject: string;
  iccid: string | null;
  level: Int;
  once_key: string;
  payload: string;
  created_at: Int;
  deliver_after: Int | null;
  fanned_out: Generated<Int>;
}
export interface AlertDeliveriesTable {
  alert_id: Int;
  channel: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: Int;
  next_attempt_at: Int;
  last_error: string | null;
  sent_at: Int | null;
  read_at: Int | null;
}
export interface AlertContactsTable {
  account_id: string;
  email: string | null;
  email_verified_at: Int | null;
  email_pending: string | null;
  email_code_hash: string | null;
  email_code_expires_at: Int | null;
  email_code_failures: Generated<Int>;
  webhook_url: string | null;
  webhook_secret: string | null;
  updated_at: Int;
}

export interface Database {
  alert_outbox: AlertOutboxTable;
  alert_deliveries: AlertDeliveriesTable;
  alert_contacts: AlertContactsTable;
  line_freshness: LineFreshnessTable;
  payg_caps: PaygCapsTable;
  oauth_clients: OauthClientsTable;
  oidc_models: OidcModelsTable;
  oidc_keys: OidcKeysTable;
  oauth_consents: OauthConsentsTable;
  camara_subscriptions: CamaraSubscriptionsTable;
  alert_settings: AlertSettingsTable;
  channel_sessions: ChannelSessionsTable;
  ivr_pins: IvrPinsTable;
  sms_preferences: SmsPreferencesTable;
  otp_codes: OtpCodesTable;
  auth_throttle: AuthThrottleTable;
  tmf_hub_listeners: TmfHubListenersTable;
  tmf_usage_specs: TmfUsageSpecsTable;
  tmf_adjustments: TmfAdjustmentsTable;
  tmf_reservations: TmfReservationsTable;
  tmf_buckets: TmfBucketsTable;
  tmf_bill_states: TmfBillStatesTable;
  tmf_usage_queries: TmfUsageQueriesTable;
  tmf_bill_requests: TmfBillRequestsTable;
  sessions: SessionsTable;
  accounts: AccountsTable;
  wallets: WalletsTable;
  tariffs: TariffsTable;
  plans: PlansTable;
  esims: EsimsTable;
  purchases: PurchasesTable;
  buckets: BucketsTable;
  bucket_plans: BucketPlansTable;
  bucket_balances: BucketBalancesTable;
  topups: TopupsTable;
  vouchers: VouchersTable;
  ledger_entries: LedgerEntriesTable;
  usage_records: UsageRecordsTable;
  bucket_draws: BucketDrawsTable;
  suspense: SuspenseTable;
  id_counters: IdCountersTable;
  api_keys: ApiKeysTable;
}
