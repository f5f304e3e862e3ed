/**
 * `simledger demo`: a fresh database with the demo subscribers, a month of their usage and a few
 * vouchers, then what each subscriber would see. What `npm start` shows until the server exists.
 */
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfigError, type Config } from '../config/config.js';
import type { ServerConfig } from '../config/server-config.js';
import { HOME_CURRENCIES } from '../demo/demo-catalog.js';
import { buildDemoProvisioning, buildDemoUsage, DEMO_LOGINS, type DemoProvisioning } from '../demo/demo-data.js';
import { formatMinorPlain } from '../domain/money.js';
import type { RawUsageRow } from '../domain/usage-event.js';
import { exportBalances } from '../services/export-balances.js';
import { importUsage } from '../services/import-usage.js';
import { provision } from '../services/provision.js';
import { getAccountBalances } from '../services/query-balances.js';
import { createVouchers } from '../services/vouchers.js';
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

export async function demoCommand(config: Config & Pick<ServerConfig, 'sms'>): Promise<void> {
  const nowMs = Date.now();
  const location = parseDatabaseUrl(config.databaseUrl);
  // Only a SQLite file named as a demo one is thrown away; any other database must be empty.
  const disposable = location.dialect === 'sqlite' && /demo/i.test(basename(location.target));
  if (disposable) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(location.target + suffix, { force: true });
  const store = await openStore(config.databaseUrl);
  try {
    if (!disposable && (await exportBalances(store)).wallets.length > 0) {
      throw new ConfigError(`demo: ${config.databaseUrl} is not empty; use an empty database or a SQLite file with "demo" in its name`);
    }
    const provisioning = buildDemoProvisioning(nowMs);
    const result = await provision(store, provisioning, nowMs);
    if (!result.ok) throw new Error(`demo provisioning failed: ${JSON.stringify(result.errors.slice(0, 5))}`);
    const rows = buildDemoUsage(nowMs, provisioning);
    const summary = await importUsage(store, asRows(rows), {
      source: 'demo', now: () => nowMs, retentionMonths: config.retentionMonths, batchSize: config.importBatchSize,
    });
    print(`simledger demo in ${config.databaseUrl}: ${provisioning.accounts.length} accounts, ${provisioning.esims.length} eSIMs, ${provisioning.plans.length} plans`);
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
