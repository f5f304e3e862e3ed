/**
 * The twelve 30-day months before the demo month, so the 12-month trend, a statement for every
 * month and `purge` have something to show: each subscriber's phone and tablet at home, busier in
 * some months than others (a seasonal swing of their own). None of it is covered by a plan, so
 * it is charged to the wallet; each month is then settled by a top-up of what it cost, dated the
 * month's first day, which leaves every wallet as the demo month alone would.
 */
import { sql } from 'kysely';
import type { RawUsageRow } from '../domain/usage-event.js';
import { importUsage, type ImportSummary } from '../services/import-usage.js';
import { topUpInTx } from '../services/top-up-wallet.js';
import type { Store } from '../store/open-store.js';
import type { DemoEsim, DemoProvisioning } from './demo-data.js';
import { MARKETS, PROFILES, type LineRole, type Profile } from './demo-people.js';
import { DEMO_MONTH_DAYS, demoDayStart, localIso } from './local-time.js';
import { mulberry32, type Rng } from './prng.js';

export const HISTORY_MONTHS = 12;
/** The retention the demo imports with: the history's oldest month and the demo month fit. */
export const DEMO_RETENTION_MONTHS = 14;
const HISTORY_SEED = 0x4157_0a12;
const KIB = 1_024;
const MIB = 1_048_576;

/** How busy a subscriber is in history month `m` (12 = oldest): 0.3-1.3, peaking in a month of their own. */
function season(p: Profile, m: number, rng: Rng): number {
  const peak = p.id.length % 12;
  return 0.8 + 0.5 * Math.cos((2 * Math.PI * (m - peak)) / 12) + (rng.next() - 0.5) * 0.2;
}

function lineRows(p: Profile, role: LineRole, esim: DemoEsim, m: number, nowMs: number, rng: Rng): RawUsageRow[] {
  const { timeZone, homeNetwork } = MARKETS[p.market];
  const rows: RawUsageRow[] = [];
  const busy = season(p, m, rng);
  let n = 0;
  const emit = (day: number, kind: 'data' | 'voice' | 'sms', direction: 'out' | 'in', quantity: number) => {
    const ms = demoDayStart(nowMs, day, timeZone) + rng.int(7, 22) * 3_600_000 + rng.int(0, 3_599) * 1_000;
    rows.push({
      event_id: `h${m}-${homeNetwork}-${esim.iccid.slice(-8)}-${++n}`,
      imsi: esim.imsi,
      kind,
      ...(kind === 'data' ? {} : { direction }),
      started_at: localIso(ms, timeZone),
      quantity: String(quantity),
      mcc_mnc: homeNetwork,
    });
  };
  for (let d = 0; d < DEMO_MONTH_DAYS; d++) {
    const day = d - m * DEMO_MONTH_DAYS;
    const dataMean = (role === 'phone' ? p.perDay.data : 1.5) * busy * 0.5;
    for (let i = rng.poisson(dataMean); i > 0; i--) emit(day, 'data', 'out', rng.skewed(50 * KIB, 40 * MIB, 1.5));
    if (role !== 'phone') continue;
    for (let i = rng.poisson(p.perDay.calls * busy * 0.5); i > 0; i--) emit(day, 'voice', rng.next() < 0.6 ? 'out' : 'in', rng.skewed(10, 900, 1.4));
    for (let i = rng.poisson(p.perDay.sms * busy * 0.5); i > 0; i--) emit(day, 'sms', rng.next() < 0.6 ? 'out' : 'in', 1);
  }
  return rows;
}

/** History month `m` (12 = oldest, 1 = the month before the demo month): rows in time order. */
export function buildDemoHistoryMonth(nowMs: number, provisioning: DemoProvisioning, m: number): RawUsageRow[] {
  const rng = mulberry32(HISTORY_SEED + m);
  const rows: RawUsageRow[] = [];
  for (const p of PROFILES) {
    const esims = provisioning.esims.filter((e) => e.accountId === p.id);
    p.lines.forEach((role, i) => {
      const esim = esims[i];
      if (esim !== undefined && role !== 'travel') rows.push(...lineRows(p, role, esim, m, nowMs, rng));
    });
  }
  return rows.sort((a, b) => (a.started_at! < b.started_at! ? -1 : a.started_at! > b.started_at! ? 1 : 0));
}

async function* numbered(rows: readonly RawUsageRow[]) {
  let lineNo = 1;
  for (const raw of rows) yield { lineNo: ++lineNo, raw };
}

/** Each account's usage charges so far, as a positive amount. */
async function chargesSoFar(store: Store): Promise<Map<string, bigint>> {
  const rows = (
    await sql<{ account_id: string; total: unknown }>`select account_id, sum(amount_minor) as total from ledger_entries
    where kind = 'usage' group by account_id`.execute(store.db)
  ).rows;
  return new Map(rows.map((r) => [r.account_id, -BigInt(String(r.total))]));
}

/** Imports the twelve history months, oldest first, each settled by a top-up of what it cost. */
export async function importDemoHistory(store: Store, nowMs: number, provisioning: DemoProvisioning, batchSize?: number): Promise<ImportSummary[]> {
  const summaries: ImportSummary[] = [];
  // The accounts were opened when their history starts (a wallet forecast counts days from then).
  const opened = demoDayStart(nowMs, -HISTORY_MONTHS * DEMO_MONTH_DAYS - 1, 'UTC');
  await store.writeTransaction((tx) =>
    tx
      .updateTable('accounts')
      .set({ created_at: opened })
      .where(
        'id',
        'in',
        provisioning.accounts.map((a) => a.id),
      )
      .where('created_at', '>', opened)
      .execute(),
  );
  const currency = new Map(provisioning.accounts.map((a) => [a.id, a.currency]));
  for (let m = HISTORY_MONTHS; m >= 1; m--) {
    const from = demoDayStart(nowMs, -m * DEMO_MONTH_DAYS - 1, 'UTC');
    const before = await chargesSoFar(store);
    summaries.push(
      await importUsage(store, numbered(buildDemoHistoryMonth(nowMs, provisioning, m)), {
        source: 'demo',
        now: () => nowMs,
        retentionMonths: DEMO_RETENTION_MONTHS,
        ...(batchSize === undefined ? {} : { batchSize }),
      }),
    );
    for (const [accountId, total] of await chargesSoFar(store)) {
      const charged = total - (before.get(accountId) ?? 0n);
      if (charged <= 0n) continue;
      const r = await store.writeTransaction((tx) =>
        topUpInTx(
          tx,
          {
            id: `demo-history-${accountId}-${m}`,
            accountId,
            amountMinor: charged,
            currency: currency.get(accountId)!,
            paymentRef: `monthly-${m}`,
            at: from,
          },
          nowMs,
        ),
      );
      if (!r.ok) throw new Error(`demo history top-up for ${accountId}: ${r.detail}`);
    }
  }
  return summaries;
}
