// Alerts are raised inside rating: exactly one per (rule, bucket or wallet, level) crossing, none
// on a replay, and the same whichever way the usage came in (file, operator API, TMF635).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawUsageRow } from '../src/domain/usage-event.js';
import { createApiKey } from '../src/services/api-keys.js';
import { importUsage } from '../src/services/import-usage.js';
import type { UsageFileRow } from '../src/channels/files/usage-file.js';
import type { Store } from '../src/store/open-store.js';
import { alertEvents, alertKeys, expectedAlertKeys, populateAlertWorld } from '../src/testing/alert-world.js';
import { invariantViolations } from '../src/testing/scenario.js';
import { createTestApp, type TestApp } from '../src/testing/test-app.js';
import { openTestStore, TEST_DIALECTS } from '../src/testing/test-stores.js';

const LINES = 300;
const EVENTS = 10_000;
const NOW = Date.UTC(2026, 10, 20);

async function* fileRows(rows: readonly RawUsageRow[]): AsyncGenerator<UsageFileRow> {
  for (const [i, raw] of rows.entries()) yield { lineNo: i + 2, raw };
}

function importRows(store: Store, rows: readonly RawUsageRow[], source = 'file') {
  // Small batches and no lines kept past them: alerts must carry across batches and reloads.
  return importUsage(store, fileRows(rows), { source, now: () => NOW, retentionMonths: 12, batchSize: 1_000, contextLines: 0 });
}

describe.each(TEST_DIALECTS)('alerts raised by rating (%s)', (dialect) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await populateAlertWorld(store, LINES);
  }, 120_000);
  afterAll(async () => store.close());

  it(`${EVENTS.toLocaleString('en')} events over ${LINES} lines: exactly one alert per crossing`, async () => {
    const summary = await importRows(store, alertEvents(EVENTS, LINES));
    expect(summary.rated).toBe(EVENTS);
    const keys = await alertKeys(store);
    const expected = await expectedAlertKeys(store);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expected);
    // The world is made to cross every kind of rule many times.
    for (const rule of ['bucket_level', 'plan_started', 'payg', 'wallet_low', 'wallet_debt']) {
      expect(keys.filter((k) => k.startsWith(`${rule} `)).length, rule).toBeGreaterThan(10);
    }
    expect(await invariantViolations(store)).toEqual([]);
  }, 300_000);

  it('the same events imported again add no alert', async () => {
    const before = await alertKeys(store);
    const summary = await importRows(store, alertEvents(EVENTS, LINES));
    expect(summary.duplicates).toBe(EVENTS);
    expect(await alertKeys(store)).toEqual(before);
  }, 300_000);
});

describe.each(TEST_DIALECTS)('alerts whichever way usage comes in (%s)', (dialect) => {
  const events = alertEvents(1_500, 40, 11);
  let split: TestApp;
  let whole: Store;
  beforeAll(async () => {
    split = await createTestApp(dialect, NOW);
    whole = await openTestStore(dialect);
    await populateAlertWorld(split.deps.store, 40);
    await populateAlertWorld(whole, 40);
  }, 120_000);
  afterAll(async () => {
    await split.close();
    await whole.close();
  });

  it('a file, the operator API and TMF635 together raise the alerts one file raises', async () => {
    await importRows(whole, events);
    const key = (await createApiKey(split.deps.store, { name: 'ingest', scopes: ['usage:write', 'tmf:write'] }, NOW)).secret;
    const third = Math.floor(events.length / 3);
    await importRows(split.deps.store, events.slice(0, third));
    for (let i = third; i < 2 * third; i += 100) {
      const body =
        events
          .slice(i, Math.min(i + 100, 2 * third))
          .map((e) => JSON.stringify(e))
          .join('\n') + '\n';
      const res = await split.app.request('/api/v1/operator/usage?source=file', { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' }, body });
      expect(res.status, await res.clone().text()).toBe(200);
    }
    for (const e of events.slice(2 * third)) {
      const usage = {
        id: e['event_id'],
        usageDate: e['started_at'],
        usageType: e['kind'],
        usageCharacteristic: [
          { name: 'imsi', value: e['imsi'] },
          { name: 'quantity', value: e['quantity'] },
          { name: 'mcc_mnc', value: e['mcc_mnc'] },
          ...(e['direction'] ? [{ name: 'direction', value: e['direction'] }] : []),
        ],
      };
      const res = await split.app.request('/tmf-api/usageManagement/v4/usage', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(usage),
      });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    const keys = await alertKeys(split.deps.store);
    expect(keys.length).toBeGreaterThan(20);
    expect(keys).toEqual(await alertKeys(whole));
    expect(keys).toEqual(await expectedAlertKeys(split.deps.store));
  }, 300_000);
});
