// BENCH_ONLY=alerts: what evaluating alerts inside rating costs the import, and how fast the
// worker delivers them. The same world and events in one run, in rounds that alternate: every
// account without rules (no levels, no wallet floor), then every account with rules (50/80/100 %
// and a wallet floor), each import on a settled copy of its world; then every alert raised
// delivered by SMS (an in-memory sender: the worker's own cost) and to the inbox. Sizes:
// BENCH_ALERT_EVENTS, BENCH_ALERT_LINES, BENCH_ALERT_ROUNDS, BENCH_DIALECTS (defaults 200,000 /
// 20,000 / 3 / both).
import { openStore, type Store } from '../src/store/open-store.js';
import { deliverDueAlerts } from '../src/services/alerts/deliver-alerts.js';
import { importUsage } from '../src/services/import-usage.js';
import type { OutgoingSms } from '../src/services/ports/sms-sender.js';
import type { RawUsageRow } from '../src/domain/usage-event.js';
import { ALERT_START, alertAccount, alertEvents, populateAlertWorld } from '../src/testing/alert-world.js';
import { cloneDatabase, freshDatabase, settle } from './databases.js';
import { describeMachine } from './machine.js';

const EVENTS = Number(process.env['BENCH_ALERT_EVENTS'] ?? 200_000);
const LINES = Number(process.env['BENCH_ALERT_LINES'] ?? 20_000);
const ROUNDS = Math.max(1, Number(process.env['BENCH_ALERT_ROUNDS'] ?? 3));
const DIALECTS = (process.env['BENCH_DIALECTS'] ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const NOW = ALERT_START + 30 * 86_400_000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function* rowsOf(rows: readonly RawUsageRow[]): AsyncGenerator<{ lineNo: number; raw: RawUsageRow }> {
  for (const [i, raw] of rows.entries()) yield { lineNo: i + 2, raw };
}

/** Every account's rules: none at all, or levels and a wallet floor; SMS on, no quiet hours. */
async function setRulesForAll(store: Store, withRules: boolean): Promise<void> {
  await store.db.deleteFrom('alert_settings').execute();
  for (let from = 0; from < LINES; from += 500) {
    const rows = [];
    for (let i = from; i < Math.min(LINES, from + 500); i++) {
      rows.push({
        account_id: alertAccount(i),
        data_used_percent: JSON.stringify(withRules ? [50, 80, 100] : []),
        wallet_below_minor: withRules ? 400n : null,
        expiry_within_hours: null,
        channel_sms: 1,
        channel_email: 0,
        channel_webhook: 0,
        quiet_start: null,
        quiet_end: null,
        updated_at: 0,
      });
    }
    await store.db.insertInto('alert_settings').values(rows).execute();
  }
}

async function world(dialect: 'sqlite' | 'postgres', name: string, withRules: boolean): Promise<void> {
  const store = await openStore(await freshDatabase(dialect, name));
  await populateAlertWorld(store, LINES);
  await setRulesForAll(store, withRules);
  await store.close();
}

/** A settled copy of the world `from`, as the ingest bench times its imports (see settle). */
async function settledCopy(dialect: 'sqlite' | 'postgres', from: string): Promise<Store> {
  const store = await openStore(await cloneDatabase(dialect, from, `${from}_run`));
  await settle(store);
  return store;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timedImport(store: Store, events: readonly RawUsageRow[]): Promise<{ perSecond: number; alerts: number }> {
  const started = performance.now();
  const summary = await importUsage(store, rowsOf(events), { source: 'bench', now: () => NOW, retentionMonths: 12, batchSize: 20_000 });
  const seconds = (performance.now() - started) / 1000;
  if (summary.rated !== events.length) throw new Error(`bench alerts: rated ${summary.rated} of ${events.length}`);
  const alerts = Number(
    (
      await store.db
        .selectFrom('alert_outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  return { perSecond: events.length / seconds, alerts };
}

async function timedDelivery(store: Store): Promise<{ perSecond: number; sent: number }> {
  const sent: OutgoingSms[] = [];
  const sms = {
    send: async (m: OutgoingSms) => {
      sent.push(m);
    },
  };
  const policy = { batch: 2_000, backoffMs: 1_000, maxBackoffMs: 60_000, maxAttempts: 3 };
  const started = performance.now();
  for (;;) {
    const round = await deliverDueAlerts(store, { sms }, NOW, policy);
    if (round.sent + round.retried + round.failed === 0 && round.fannedOut === 0) break;
  }
  return { perSecond: sent.length / ((performance.now() - started) / 1000), sent: sent.length };
}

export async function benchAlerts(): Promise<void> {
  console.log(`machine: ${describeMachine()}`);
  console.log(`alerts: ${fmt(EVENTS)} events over ${fmt(LINES)} lines (100 MiB data bundle each, half with a first-use voice bundle), batch 20,000, ${ROUNDS} rounds`);
  const events = alertEvents(EVENTS, LINES);
  for (const dialect of DIALECTS) {
    await world(dialect, 'alerts_none', false);
    await world(dialect, 'alerts_all', true);
    const rates: Record<'none' | 'all', number[]> = { none: [], all: [] };
    const raised = { none: 0, all: 0 };
    let delivery = { perSecond: 0, sent: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of ['none', 'all'] as const) {
        const store = await settledCopy(dialect, `alerts_${kind}`);
        try {
          const run = await timedImport(store, events);
          rates[kind].push(run.perSecond);
          raised[kind] = run.alerts;
          if (kind === 'all' && round === ROUNDS - 1) delivery = await timedDelivery(store);
        } finally {
          await store.close();
        }
      }
    }
    const rounds = (v: number[]) => v.map(fmt).join(' / ');
    console.log(
      `[${dialect}] import, no rules on any account: median ${fmt(median(rates.none))} events/s (rounds ${rounds(rates.none)}; ${fmt(raised.none)} alerts: plan started, pay-as-you-go, debt)`,
    );
    console.log(
      `[${dialect}] import, rules on every account: median ${fmt(median(rates.all))} events/s (rounds ${rounds(rates.all)}; ${fmt(raised.all)} alerts), ratio of medians ${(median(rates.all) / median(rates.none)).toFixed(2)}`,
    );
    console.log(`[${dialect}] delivery (fan-out, text in the account's language, SMS sender in memory, recorded): ${fmt(delivery.perSecond)} alerts/s (${fmt(delivery.sent)} SMS)`);
  }
}
