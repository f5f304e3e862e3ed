/**
 * `simledger demo`: a fresh database with the demo subscribers, a month of their usage and a few
 * vouchers, then what each subscriber would see. What `npm start` shows until the server exists.
 */
import { HISTORY_MONTHS, importDemoHistory } from '../demo/demo-history.js';
import { ConfigError, type Config } from '../config/config.js';
import type { ServerConfig } from '../config/server-config.js';
import { HOME_CURRENCIES } from '../demo/demo-catalog.js';
import { buildDemoProvisioning, buildDemoUsage, DEMO_LOGINS, type DemoProvisioning } from '../demo/demo-data.js';
import { formatMinorPlain } from '../domain/money.js';
import type { RawUsageRow } from '../domain/usage-event.js';
import { importUsage } from '../services/import-usage.js';
import { provision } from '../services/provision.js';
import { getAccountBalances } from '../services/query-balances.js';
import { createVouchers } from '../services/vouchers.js';
import { deleteSqliteDatabase, emptyPostgresTables, markDemoDatabase, probeDemoTarget } from '../store/demo-marker.js';
import { parseDatabaseUrl } from '../store/dialect.js';
import { openStore, type Store } from '../store/open-store.js';
import { formatAccountBalances, formatImportSummary } from './format-balances.js';

const DAY_MS = 86_400_000;
/** Face value of the demo vouchers: 100 of each home currency (OMR 10). */
const VOUCHER_VALUE_MINOR = { HKD: 10_000n, JPY: 3_000n, KRW: 30_000n, RUB: 100_000n, OMR: 10_000n } as const;

async function* asRows(rows: readonly RawUsageRow[]): AsyncGenerator<{ lineNo: number; raw: RawUsageRow }> {
  // Line numbers as in the CSV the same rows make (line 1 is the header).
  for (const [i, raw] of rows.entries()) yield { lineNo: i + 2, raw };
}

function print(line = ''): void {
  process.stdout.write(line + '\n');
}

async function printVouchers(store: Store, nowMs: number): Promise<void> {
  print('Vouchers (top up with the PIN; shown only now):');
  for (const currency of HOME_CURRENCIES) {
    const valueMinor = VOUCHER_VALUE_MINOR[currency];
    const issued = await createVouchers(store, { count: 5, valueMinor, currency, expiresAt: nowMs + 365 * DAY_MS, batch: `DEMO-${currency}` }, nowMs);
    for (const v of issued) print(`  ${currency} ${formatMinorPlain(valueMinor, currency)}  ${v.serial}  PIN ${v.pin}`);
  }
}

async function printAccounts(store: Store, p: DemoProvisioning, nowMs: number): Promise<void> {
  const plans = new Map(p.plans.map((plan) => [plan.id, plan]));
  const msisdns = new Map(p.esims.flatMap((e) => (e.msisdn === undefined ? [] : [[e.iccid, e.msisdn] as const])));
  for (const account of p.accounts) {
    print();
    for (const line of formatAccountBalances(account, await getAccountBalances(store, account.id, nowMs), plans, msisdns)) print(line);
  }
}

/** The database `demo` loads when neither --db nor SIMLEDGER_DB names one (what `npm start` uses). */
export const DEMO_DATABASE_URL = 'sqlite:./simledger-demo.db';

/**
 * Makes the database ready for the demo: a demo database of an earlier run is replaced (a SQLite
 * file deleted, PostgreSQL tables emptied); a missing or empty one is loaded; any other is refused.
 */
async function prepareDemoDatabase(url: string, demoAccountIds: ReadonlySet<string>): Promise<void> {
  const location = parseDatabaseUrl(url);
  const target = await probeDemoTarget(location, (ids) => ids.every((id) => demoAccountIds.has(id)));
  if (target.kind === 'in_use' || target.kind === 'not_a_database') {
    const what = target.kind === 'in_use' ? 'is not a demo database' : 'is not a SQLite database';
    throw new ConfigError(`demo: ${url} ${what} (${target.why}); it is left as it is. ` + `Give demo a new file, an empty database or one it made (default ${DEMO_DATABASE_URL})`);
  }
  if (target.kind !== 'demo') return;
  if (location.dialect === 'sqlite') {
    deleteSqliteDatabase(location.target);
    return;
  }
  const store = await openStore(url, { migrate: false });
  try {
    await emptyPostgresTables(store.db, target.tables);
  } finally {
    await store.close();
  }
}

export async function demoCommand(config: Config & Pick<ServerConfig, 'sms'>): Promise<void> {
  const nowMs = Date.now();
  const provisioning = buildDemoProvisioning(nowMs);
  await prepareDemoDatabase(config.databaseUrl, new Set(provisioning.accounts.map((a) => a.id)));
  const store = await openStore(config.databaseUrl);
  try {
    await markDemoDatabase(store.db, nowMs); // first, so that a load cut short can still be replaced
    const result = await provision(store, provisioning, nowMs);
    if (!result.ok) throw new Error(`demo provisioning failed: ${JSON.stringify(result.errors.slice(0, 5))}`);
    const history = await importDemoHistory(store, nowMs, provisioning, config.importBatchSize);
    const rows = buildDemoUsage(nowMs, provisioning);
    const summary = await importUsage(store, asRows(rows), {
      source: 'demo',
      now: () => nowMs,
      retentionMonths: config.retentionMonths,
      batchSize: config.importBatchSize,
    });
    print(`simledger demo in ${config.databaseUrl}: ${provisioning.accounts.length} accounts, ${provisioning.esims.length} eSIMs, ${provisioning.plans.length} plans`);
    print(`usage history (${HISTORY_MONTHS} months before, each settled by a top-up): ${history.reduce((n, h) => n + h.rated, 0)} events rated`);
    print(`usage import (source "demo"): ${formatImportSummary(summary)}`);
    print(`  held events: simledger suspense --db ${config.databaseUrl}`);
    await printAccounts(store, provisioning, nowMs);
    print();
    await printVouchers(store, nowMs);
    print();
    print('Demo logins (phone + password):');
    for (const l of DEMO_LOGINS) print(`  ${l.phone}  ${l.password}  ${l.language}  ${l.name}`);
    const smsFile = config.sms?.devSmsFile;
    if (smsFile !== undefined) print(`No SMS gateway: sign-in and password-reset codes are written to ${smsFile} (one JSON line per SMS), not sent.`);
  } finally {
    await store.close();
  }
}
