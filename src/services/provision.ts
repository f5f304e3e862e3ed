/**
 * Loads a provisioning file (tariffs, plans, accounts, esims, topups, purchases) all or nothing.
 * Everything is validated first (schema, then references within the file and against the
 * database); then the sections are applied in order in ONE write transaction. Idempotent by id:
 * same content = unchanged; other content = an update of a catalog entry or account or eSIM,
 * but `exists_with_different_payload` for a top-up or purchase.
 */
import type { z } from 'zod';
import { chunks, bulkInsert, bulkUpdate, type Cell, type ColumnType } from '../store/bulk.js';
import type { Db, Store } from '../store/open-store.js';
import { hashPassword } from './password-hash.js';
import {
  canonicalJson,
  payloadHash,
  provisioningSchema,
  type AccountEntry,
  type EsimEntry,
  type PlanEntry,
  type PurchaseEntry,
  type Section,
  type TariffEntry,
  type TopupEntry,
} from './provisioning-schema.js';
import { purchaseHash, purchasePlanInTx, type PurchaseRequest } from './purchase-plan.js';
import { operatorTopUpHash, topUpInTx, type TopUpRequest } from './top-up-wallet.js';

export interface ProvisionError {
  /** A section name, or `file` for a problem with the file as a whole (then index is -1). */
  readonly section: string;
  readonly index: number;
  readonly id?: string;
  /** Dotted path of the offending field, e.g. `esims[3].imsi`. */
  readonly field: string;
  /** Stable snake_case code: invalid, duplicate_id, duplicate_value, already_used, unknown_reference,
   *  immutable_field, currency_mismatch, exists_with_different_payload, insufficient_balance, ... */
  readonly code: string;
  readonly reason: string;
}

export interface SectionCounts {
  created: number;
  updated: number;
  unchanged: number;
}
export type ProvisionCounts = Record<Section, SectionCounts>;
export type ProvisionResult = { readonly ok: true; readonly counts: ProvisionCounts } | { readonly ok: false; readonly errors: readonly ProvisionError[] };

/** Thrown inside the write transaction so that it rolls back; `provision` turns it into `{ ok: false }`. */
export class ProvisionFailure extends Error {
  constructor(readonly errors: readonly ProvisionError[]) {
    super(`provisioning failed with ${errors.length} error(s)`);
    this.name = 'ProvisionFailure';
  }
}

interface File {
  tariffs: TariffEntry[];
  plans: PlanEntry[];
  accounts: AccountEntry[];
  esims: EsimEntry[];
  topups: TopupEntry[];
  purchases: PurchaseEntry[];
}

const IN_LIST = 5_000;

export async function provision(store: Store, input: unknown, nowMs: number): Promise<ProvisionResult> {
  const parsed = provisioningSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: schemaErrors(parsed.error, input) };
  const d = parsed.data;
  const file: File = {
    tariffs: d.tariffs ?? [],
    plans: d.plans ?? [],
    accounts: d.accounts ?? [],
    esims: d.esims ?? [],
    topups: d.topups ?? [],
    purchases: d.purchases ?? [],
  };
  const repeated = repeatedInFile(file);
  if (repeated.length > 0) return { ok: false, errors: repeated };
  try {
    const counts = await store.writeTransaction(async (tx) => {
      const known = await loadKnown(tx, file);
      const errors = checkReferences(file, known);
      if (errors.length > 0) throw new ProvisionFailure(errors);
      return apply(tx, file, known, nowMs);
    });
    return { ok: true, counts };
  } catch (error) {
    if (error instanceof ProvisionFailure) return { ok: false, errors: error.errors };
    throw error;
  }
}

// ---------- schema errors ----------

function entryId(input: unknown, section: string, index: number): string | undefined {
  const list = (input as Record<string, unknown> | null)?.[section];
  const entry = Array.isArray(list) ? (list[index] as Record<string, unknown> | undefined) : undefined;
  const id = entry?.['id'] ?? entry?.['iccid'];
  return typeof id === 'string' ? id : undefined;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join('');
}

/** `invalid`, or the code a check of the schema named (`amount_out_of_range`). */
function issueCode(issue: z.core.$ZodIssue): string {
  const code = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
  return typeof code === 'string' ? code : 'invalid';
}

function schemaErrors(error: z.ZodError, input: unknown): ProvisionError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path;
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    return keys.map((key): ProvisionError => {
      const full = key === undefined ? path : [...path, key];
      const reason = key === undefined ? issue.message : 'unknown field';
      const code = issueCode(issue);
      if (path.length < 2 || typeof path[1] !== 'number') {
        return { section: path.length === 0 ? 'file' : String(path[0]), index: -1, field: formatPath(full), code, reason };
      }
      const section = String(path[0]);
      const id = entryId(input, section, path[1]);
      return { section, index: path[1], ...(id === undefined ? {} : { id }), field: formatPath(full), code, reason };
    });
  });
}

// ---------- checks within the file ----------

function error(section: Section, index: number, id: string, field: string, code: string, reason: string): ProvisionError {
  return { section, index, id, field: `${section}[${index}].${field}`, code, reason };
}

function firstSeen<E>(section: Section, entries: readonly E[], field: string, value: (e: E) => string | undefined, idOf: (e: E) => string, code: string): ProvisionError[] {
  const seen = new Map<string, number>();
  const errors: ProvisionError[] = [];
  entries.forEach((e, i) => {
    const v = value(e);
    if (v === undefined) return;
    const first = seen.get(v);
    if (first === undefined) seen.set(v, i);
    else errors.push(error(section, i, idOf(e), field, code, `${field} ${v} already appears at ${section}[${first}]`));
  });
  return errors;
}

function repeatedInFile(f: File): ProvisionError[] {
  const byId = (e: { id: string }) => e.id;
  const byIccid = (e: EsimEntry) => e.iccid;
  return [
    ...firstSeen('tariffs', f.tariffs, 'id', byId, byId, 'duplicate_id'),
    ...firstSeen('plans', f.plans, 'id', byId, byId, 'duplicate_id'),
    ...firstSeen('accounts', f.accounts, 'id', byId, byId, 'duplicate_id'),
    ...firstSeen('accounts', f.accounts, 'loginPhone', (e) => e.loginPhone, byId, 'duplicate_value'),
    ...firstSeen('esims', f.esims, 'iccid', byIccid, byIccid, 'duplicate_id'),
    ...firstSeen('esims', f.esims, 'imsi', (e) => e.imsi, byIccid, 'duplicate_value'),
    ...firstSeen('esims', f.esims, 'msisdn', (e) => e.msisdn, byIccid, 'duplicate_value'),
    ...firstSeen('topups', f.topups, 'id', byId, byId, 'duplicate_id'),
    ...firstSeen('purchases', f.purchases, 'id', byId, byId, 'duplicate_id'),
  ];
}

// ---------- what the database already holds ----------

interface Stored {
  currency: string;
  hash: string;
}
interface Known {
  tariffs: Map<string, Stored>;
  plans: Map<string, Stored>;
  accounts: Map<string, Stored>;
  esims: Map<string, { accountId: string; hash: string }>;
  phoneOwners: Map<string, string>;
  imsiOwners: Map<string, string>;
  msisdnOwners: Map<string, string>;
  topups: Map<string, string>;
  purchases: Map<string, string>;
}

async function selectIn<R>(keys: Iterable<string | undefined>, load: (part: string[]) => Promise<R[]>): Promise<R[]> {
  const unique = [...new Set(keys)].filter((k): k is string => k !== undefined);
  const rows: R[] = [];
  for (const part of chunks(unique, IN_LIST)) rows.push(...(await load(part)));
  return rows;
}

async function loadKnown(tx: Db, f: File): Promise<Known> {
  const stored = (r: { id: string; currency: string; payload_hash: string }) => [r.id, { currency: r.currency, hash: r.payload_hash }] as const;
  const tariffs = await selectIn([...f.tariffs.map((t) => t.id), ...f.esims.map((e) => e.tariffId)], (part) =>
    tx.selectFrom('tariffs').select(['id', 'currency', 'payload_hash']).where('id', 'in', part).execute(),
  );
  const plans = await selectIn([...f.plans.map((p) => p.id), ...f.purchases.map((p) => p.planId)], (part) =>
    tx.selectFrom('plans').select(['id', 'currency', 'payload_hash']).where('id', 'in', part).execute(),
  );
  const esims = await selectIn([...f.esims.map((e) => e.iccid), ...f.purchases.map((p) => p.iccid)], (part) =>
    tx.selectFrom('esims').select(['iccid', 'account_id', 'payload_hash']).where('iccid', 'in', part).execute(),
  );
  const accountIds = [...f.accounts.map((a) => a.id), ...f.esims.map((e) => e.accountId), ...f.topups.map((t) => t.accountId), ...esims.map((e) => e.account_id)];
  const accounts = await selectIn(accountIds, (part) => tx.selectFrom('accounts').select(['id', 'currency', 'payload_hash']).where('id', 'in', part).execute());
  const phones = await selectIn(
    f.accounts.map((a) => a.loginPhone),
    (part) => tx.selectFrom('accounts').select(['id', 'login_phone']).where('login_phone', 'in', part).execute(),
  );
  const imsis = await selectIn(
    f.esims.map((e) => e.imsi),
    (part) => tx.selectFrom('esims').select(['iccid', 'imsi']).where('imsi', 'in', part).execute(),
  );
  const msisdns = await selectIn(
    f.esims.map((e) => e.msisdn),
    (part) => tx.selectFrom('esims').select(['iccid', 'msisdn']).where('msisdn', 'in', part).execute(),
  );
  const topups = await selectIn(
    f.topups.map((t) => t.id),
    (part) => tx.selectFrom('topups').select(['id', 'payload_hash']).where('id', 'in', part).execute(),
  );
  const purchases = await selectIn(
    f.purchases.map((p) => p.id),
    (part) => tx.selectFrom('purchases').select(['id', 'payload_hash']).where('id', 'in', part).execute(),
  );
  return {
    tariffs: new Map(tariffs.map(stored)),
    plans: new Map(plans.map(stored)),
    accounts: new Map(accounts.map(stored)),
    esims: new Map(esims.map((e) => [e.iccid, { accountId: e.account_id, hash: e.payload_hash }])),
    phoneOwners: new Map(phones.map((p) => [p.login_phone!, p.id])),
    imsiOwners: new Map(imsis.map((e) => [e.imsi, e.iccid])),
    msisdnOwners: new Map(msisdns.map((e) => [e.msisdn!, e.iccid])),
    topups: new Map(topups.map((t) => [t.id, t.payload_hash])),
    purchases: new Map(purchases.map((p) => [p.id, p.payload_hash])),
  };
}

// ---------- references and currencies ----------

const accountHash = (a: AccountEntry) => payloadHash({ ...a, password: undefined });
const topUpRequest = (t: TopupEntry): TopUpRequest => ({
  id: t.id,
  accountId: t.accountId,
  amountMinor: t.amountMinor,
  at: t.at,
  ...(t.paymentRef === undefined ? {} : { paymentRef: t.paymentRef }),
});
const purchaseRequest = (p: PurchaseEntry): PurchaseRequest => ({ id: p.id, iccid: p.iccid, planId: p.planId, at: p.at, paidFrom: p.paidFrom });

/** Currency (or account) of each id as it will be after this file: the file's entry, else the database's. */
function lookups(f: File, k: Known) {
  const currencyOf = <E extends { id: string; currency: string }>(entries: E[], stored: Map<string, Stored>) => {
    const fromFile = new Map(entries.map((e) => [e.id, e.currency]));
    return (id: string) => fromFile.get(id) ?? stored.get(id)?.currency;
  };
  const esimAccounts = new Map(f.esims.map((e) => [e.iccid, e.accountId]));
  return {
    tariff: currencyOf(f.tariffs, k.tariffs),
    plan: currencyOf(f.plans, k.plans),
    account: currencyOf(f.accounts, k.accounts),
    esimAccount: (iccid: string) => esimAccounts.get(iccid) ?? k.esims.get(iccid)?.accountId,
  };
}

function checkReferences(f: File, k: Known): ProvisionError[] {
  const at = lookups(f, k);
  const errors: ProvisionError[] = [];
  const push = (s: Section, i: number, id: string, field: string, code: string, reason: string) => errors.push(error(s, i, id, field, code, reason));
  const missing = (what: string, id: string) => `${what} ${id} is neither in this file nor in the database`;
  f.tariffs.forEach((t, i) => {
    const old = k.tariffs.get(t.id);
    if (old && old.currency !== t.currency) push('tariffs', i, t.id, 'currency', 'immutable_field', `tariff ${t.id} is in ${old.currency}; its currency cannot change`);
  });
  f.accounts.forEach((a, i) => {
    const old = k.accounts.get(a.id);
    if (old && old.currency !== a.currency) push('accounts', i, a.id, 'currency', 'immutable_field', `account ${a.id} holds ${old.currency}; its wallet currency cannot change`);
    const owner = a.loginPhone === undefined ? undefined : k.phoneOwners.get(a.loginPhone);
    if (owner !== undefined && owner !== a.id) push('accounts', i, a.id, 'loginPhone', 'already_used', `login phone ${a.loginPhone} belongs to account ${owner}`);
  });
  f.esims.forEach((e, i) => {
    const accountCurrency = at.account(e.accountId);
    const tariffCurrency = at.tariff(e.tariffId);
    if (accountCurrency === undefined) push('esims', i, e.iccid, 'accountId', 'unknown_reference', missing('account', e.accountId));
    if (tariffCurrency === undefined) push('esims', i, e.iccid, 'tariffId', 'unknown_reference', missing('tariff', e.tariffId));
    if (accountCurrency !== undefined && tariffCurrency !== undefined && accountCurrency !== tariffCurrency) {
      push('esims', i, e.iccid, 'tariffId', 'currency_mismatch', `tariff ${e.tariffId} is in ${tariffCurrency} but account ${e.accountId} holds ${accountCurrency}`);
    }
    const imsiOwner = k.imsiOwners.get(e.imsi);
    if (imsiOwner !== undefined && imsiOwner !== e.iccid) push('esims', i, e.iccid, 'imsi', 'already_used', `IMSI ${e.imsi} belongs to eSIM ${imsiOwner}`);
    const msisdnOwner = e.msisdn === undefined ? undefined : k.msisdnOwners.get(e.msisdn);
    if (msisdnOwner !== undefined && msisdnOwner !== e.iccid) push('esims', i, e.iccid, 'msisdn', 'already_used', `MSISDN ${e.msisdn} belongs to eSIM ${msisdnOwner}`);
  });
  f.topups.forEach((t, i) => {
    if (at.account(t.accountId) === undefined) push('topups', i, t.id, 'accountId', 'unknown_reference', missing('account', t.accountId));
    const old = k.topups.get(t.id);
    if (old !== undefined && old !== operatorTopUpHash(topUpRequest(t))) push('topups', i, t.id, 'id', 'exists_with_different_payload', `top-up ${t.id} already exists with other content`);
  });
  f.purchases.forEach((p, i) => errors.push(...checkPurchase(p, i, k, at)));
  return errors;
}

function checkPurchase(p: PurchaseEntry, i: number, k: Known, at: ReturnType<typeof lookups>): ProvisionError[] {
  const errors: ProvisionError[] = [];
  const old = k.purchases.get(p.id);
  if (old !== undefined) {
    // An existing purchase is answered by its first copy; only a change of content is an error.
    if (old !== purchaseHash(purchaseRequest(p))) errors.push(error('purchases', i, p.id, 'id', 'exists_with_different_payload', `purchase ${p.id} already exists with other content`));
    return errors;
  }
  const accountId = at.esimAccount(p.iccid);
  const planCurrency = at.plan(p.planId);
  if (accountId === undefined) errors.push(error('purchases', i, p.id, 'iccid', 'unknown_reference', `eSIM ${p.iccid} is neither in this file nor in the database`));
  if (planCurrency === undefined) errors.push(error('purchases', i, p.id, 'planId', 'unknown_reference', `plan ${p.planId} is neither in this file nor in the database`));
  const accountCurrency = accountId === undefined ? undefined : at.account(accountId);
  if (p.paidFrom === 'wallet' && planCurrency !== undefined && accountCurrency !== undefined && planCurrency !== accountCurrency) {
    errors.push(error('purchases', i, p.id, 'planId', 'currency_mismatch', `plan ${p.planId} costs ${planCurrency} but the wallet of account ${accountId} holds ${accountCurrency}`));
  }
  return errors;
}

// ---------- apply ----------

interface Split<E> {
  created: { entry: E; hash: string }[];
  updated: { entry: E; hash: string }[];
  counts: SectionCounts;
}

function split<E>(entries: readonly E[], key: (e: E) => string, hash: (e: E) => string, stored: (key: string) => string | undefined): Split<E> {
  const out: Split<E> = { created: [], updated: [], counts: { created: 0, updated: 0, unchanged: 0 } };
  for (const entry of entries) {
    const h = hash(entry);
    const old = stored(key(entry));
    if (old === undefined) out.created.push({ entry, hash: h });
    else if (old !== h) out.updated.push({ entry, hash: h });
    else out.counts.unchanged += 1;
  }
  out.counts.created = out.created.length;
  out.counts.updated = out.updated.length;
  return out;
}

type Columns = readonly (readonly [string, ColumnType])[];

/** Inserts the new rows and updates the changed ones (every column but the key, which comes first). */
async function write<E>(tx: Db, table: string, columns: Columns, s: Split<E>, row: (e: E, hash: string) => Cell[]): Promise<void> {
  await bulkInsert(
    tx,
    table,
    columns,
    s.created.map((c) => row(c.entry, c.hash)),
  );
  await bulkUpdate(
    tx,
    table,
    columns[0]![0],
    columns.slice(1),
    s.updated.map((c) => row(c.entry, c.hash)),
  );
}

const TARIFF_COLUMNS: Columns = [
  ['id', 'text'],
  ['rates', 'text'],
  ['payload_hash', 'text'],
  ['currency', 'text'],
];
const PLAN_COLUMNS: Columns = [
  ['id', 'text'],
  ['currency', 'text'],
  ['price_minor', 'bigint'],
  ['validity_days', 'bigint'],
  ['validity_starts', 'text'],
  ['coverage', 'text'],
  ['allowances', 'text'],
  ['names', 'text'],
  ['payload_hash', 'text'],
];
const ACCOUNT_COLUMNS: Columns = [
  ['id', 'text'],
  ['name', 'text'],
  ['login_phone', 'text'],
  ['language', 'text'],
  ['time_zone', 'text'],
  ['payload_hash', 'text'],
];
const ESIM_COLUMNS: Columns = [
  ['iccid', 'text'],
  ['imsi', 'text'],
  ['msisdn', 'text'],
  ['eid', 'text'],
  ['account_id', 'text'],
  ['tariff_id', 'text'],
  ['state', 'text'],
  ['activation_code', 'text'],
  ['payload_hash', 'text'],
];

async function apply(tx: Db, f: File, k: Known, nowMs: number): Promise<ProvisionCounts> {
  const tariffs = split(
    f.tariffs,
    (t) => t.id,
    payloadHash,
    (id) => k.tariffs.get(id)?.hash,
  );
  await write(tx, 'tariffs', TARIFF_COLUMNS, tariffs, (t, h) => [t.id, canonicalJson(t.rates), h, t.currency]);
  const plans = split(
    f.plans,
    (p) => p.id,
    payloadHash,
    (id) => k.plans.get(id)?.hash,
  );
  await write(tx, 'plans', PLAN_COLUMNS, plans, (p, h) => [
    p.id,
    p.currency,
    p.priceMinor,
    p.validityDays,
    p.validityStarts,
    JSON.stringify(p.coverage),
    canonicalJson(p.allowances),
    canonicalJson(p.name),
    h,
  ]);
  const accounts = await applyAccounts(tx, f.accounts, k, nowMs);
  const esims = split(
    f.esims,
    (e) => e.iccid,
    payloadHash,
    (iccid) => k.esims.get(iccid)?.hash,
  );
  const esimRow = (e: EsimEntry, h: string): Cell[] => [e.iccid, e.imsi, e.msisdn ?? null, e.eid ?? null, e.accountId, e.tariffId, e.state, e.activationCode ?? null, h];
  await bulkInsert(
    tx,
    'esims',
    [...ESIM_COLUMNS, ['created_at', 'bigint']],
    esims.created.map((c) => [...esimRow(c.entry, c.hash), nowMs]),
  );
  await bulkUpdate(
    tx,
    'esims',
    'iccid',
    ESIM_COLUMNS.slice(1),
    esims.updated.map((c) => esimRow(c.entry, c.hash)),
  );
  return {
    tariffs: tariffs.counts,
    plans: plans.counts,
    accounts,
    esims: esims.counts,
    topups: await applyTopups(tx, f.topups, nowMs),
    purchases: await applyPurchases(tx, f.purchases, nowMs),
  };
}

async function hashPasswords(entries: readonly AccountEntry[]): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const withPassword = entries.filter((a) => a.password !== undefined);
  for (const part of chunks(withPassword, 16)) {
    const done = await Promise.all(part.map(async (a) => [a.id, await hashPassword(a.password!)] as const));
    for (const [id, hash] of done) hashes.set(id, hash);
  }
  return hashes;
}

async function applyAccounts(tx: Db, entries: readonly AccountEntry[], k: Known, nowMs: number): Promise<SectionCounts> {
  const s = split(
    entries,
    (a) => a.id,
    accountHash,
    (id) => k.accounts.get(id)?.hash,
  );
  const passwords = await hashPasswords([...s.created, ...s.updated].map((c) => c.entry));
  const row = (a: AccountEntry, h: string): Cell[] => [a.id, a.name, a.loginPhone ?? null, a.language, a.timeZone, h];
  await bulkInsert(
    tx,
    'accounts',
    [...ACCOUNT_COLUMNS, ['currency', 'text'], ['password_hash', 'text'], ['created_at', 'bigint']],
    s.created.map((c) => [...row(c.entry, c.hash), c.entry.currency, passwords.get(c.entry.id) ?? null, nowMs]),
  );
  await bulkInsert(
    tx,
    'wallets',
    [
      ['account_id', 'text'],
      ['currency', 'text'],
      ['balance_minor', 'bigint'],
      ['updated_at', 'bigint'],
    ],
    s.created.map((c) => [c.entry.id, c.entry.currency, 0n, nowMs]),
  );
  await bulkUpdate(
    tx,
    'accounts',
    'id',
    ACCOUNT_COLUMNS.slice(1),
    s.updated.map((c) => row(c.entry, c.hash)),
  );
  await bulkUpdate(
    tx,
    'accounts',
    'id',
    [['password_hash', 'text']],
    s.updated.filter((c) => passwords.has(c.entry.id)).map((c) => [c.entry.id, passwords.get(c.entry.id)!]),
  );
  return s.counts;
}

const TOPUP_FIELD: Record<string, string> = {
  unknown_account: 'accountId',
  currency_mismatch: 'accountId',
  invalid_amount: 'amountMinor',
  amount_out_of_range: 'amountMinor',
  exists_with_different_payload: 'id',
};
const PURCHASE_FIELD: Record<string, string> = {
  unknown_esim: 'iccid',
  unknown_plan: 'planId',
  currency_mismatch: 'planId',
  insufficient_balance: 'paidFrom',
  amount_out_of_range: 'planId',
  exists_with_different_payload: 'id',
};

async function applyTopups(tx: Db, entries: readonly TopupEntry[], nowMs: number): Promise<SectionCounts> {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const [i, t] of entries.entries()) {
    const result = await topUpInTx(tx, topUpRequest(t), nowMs);
    if (!result.ok) throw new ProvisionFailure([error('topups', i, t.id, TOPUP_FIELD[result.code] ?? 'id', result.code, result.detail)]);
    if (result.duplicate) counts.unchanged += 1;
    else counts.created += 1;
  }
  return counts;
}

async function applyPurchases(tx: Db, entries: readonly PurchaseEntry[], nowMs: number): Promise<SectionCounts> {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const [i, p] of entries.entries()) {
    const result = await purchasePlanInTx(tx, purchaseRequest(p), nowMs);
    if (!result.ok) throw new ProvisionFailure([error('purchases', i, p.id, PURCHASE_FIELD[result.code] ?? 'id', result.code, result.detail)]);
    if (result.duplicate) counts.unchanged += 1;
    else counts.created += 1;
  }
  return counts;
}
