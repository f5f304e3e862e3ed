/** The four TM Forum conformance kits, run with newman against a real server on each database. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/config/server-config.js';
import { startServer, type Running } from '../src/main.js';
import { createApiKey } from '../src/services/api-keys.js';
import { openStore } from '../src/store/open-store.js';
import { freePort } from '../src/testing/free-port.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../src/testing/test-stores.js';
import { provisionTmfWorld } from './tmf-fixture.js';

// newman ships no types; its Node API is run(options, callback(err, summary)).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const newman = (await import('newman' as string)) as { run(o: unknown, cb: (err: Error | null, summary: Summary) => void): void };
interface Summary {
  run: { stats: { assertions: { total: number; failed: number } }; failures: { source?: { name?: string }; error: { test?: string; message: string } }[] };
}

// The kits live in shared/ beside the project (a copy sits beside CI's clone too); SIMLEDGER_CTK_DIR overrides.
const CTK =
  process.env['SIMLEDGER_CTK_DIR'] ??
  [join(import.meta.dirname, '..', '..', 'shared', 'ctk'), '/work/shared/ctk'].find((dir) => existsSync(dir)) ??
  join(import.meta.dirname, '..', '..', 'shared', 'ctk');
const KITS = [
  {
    name: 'TMF635',
    collection: 'TMF635-Usage/CTK-Usage-4.0.0.postman_collection.json',
    env: 'TMF635-Usage/TMFENV-V4.0.0.postman_environment.json',
    variable: 'Usage',
    path: '/tmf-api/usageManagement/v4/',
  },
  {
    name: 'TMF654',
    collection: 'TMF654-PrepayBalance/CTK-PrepayBalance-4.0.0.postman_collection.json',
    env: 'TMF654-PrepayBalance/TMFENV-V4.0.0.postman_environment.json',
    variable: 'PrepayBalance',
    path: '/tmf-api/prepayBalanceManagement/v4/',
  },
  {
    name: 'TMF677',
    collection: 'TMF677-UsageConsumption/CTK-TMF677-UsageConsumption-R18-5.postman_collection.json',
    env: 'TMF677-UsageConsumption/CTK-TMFENV-V3.0.0.postman_environment.json',
    variable: 'UsageConsumptionAPI',
    path: '/tmf-api/usageConsumption/v4',
  },
  {
    name: 'TMF678',
    collection: 'TMF678-CustomerBill/CTK-Customer_Bill-4.0.postman_collection.json',
    env: 'TMF678-CustomerBill/TMFENV-V4.0.0.postman_environment.json',
    variable: 'Customer_Bill',
    path: '/tmf-api/customerBillManagement/v4/',
  },
];

function runKit(kit: (typeof KITS)[number], baseUrl: string, secret: string): Promise<Summary> {
  const collection = JSON.parse(readFileSync(join(CTK, kit.collection), 'utf8')) as Record<string, unknown>;
  collection['auth'] = { type: 'bearer', bearer: [{ key: 'token', value: secret, type: 'string' }] };
  return new Promise((resolve, reject) =>
    newman.run(
      {
        collection,
        environment: join(CTK, kit.env),
        envVar: [{ key: kit.variable, value: `${baseUrl}${kit.path}` }],
        reporters: [],
      },
      (err, summary) => (err ? reject(err) : resolve(summary)),
    ),
  );
}

describe.each(TEST_DIALECTS)('TM Forum conformance kits on %s', (dialect) => {
  let database: TestDatabase;
  let running: Running;
  let secret: string;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const store = await openStore(database.url);
    await provisionTmfWorld(store, Date.now());
    secret = (await createApiKey(store, { name: 'ctk', scopes: ['tmf:read', 'tmf:write'] }, Date.now())).secret;
    await store.close();
    const port = await freePort();
    running = await startServer(
      loadServerConfig(
        { db: database.url, host: '127.0.0.1', port: String(port) },
        { SIMLEDGER_IMPORT_BATCH: '5000', SIMLEDGER_PUBLIC_URL: `http://127.0.0.1:${port}`, SIMLEDGER_LOG_LEVEL: 'silent' },
      ),
      pino({ level: 'silent' }),
    );
  });
  afterAll(async () => {
    await running?.stop();
    await database?.drop();
  });

  it.each(KITS)('$name passes with no failed assertion', async (kit) => {
    const summary = await runKit(kit, running.server.url, secret);
    const failures = summary.run.failures.map((f) => `${f.source?.name ?? '?'}: ${f.error.test ?? ''} ${f.error.message}`);
    console.info(`${dialect} ${kit.name}: ${summary.run.stats.assertions.total} assertions, ${summary.run.stats.assertions.failed} failed`);
    expect(failures).toEqual([]);
    expect(summary.run.stats.assertions.failed).toBe(0);
    expect(summary.run.stats.assertions.total).toBeGreaterThan(0);
  });
});
