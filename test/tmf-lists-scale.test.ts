/**
 * Every TMF and operator list at 20,000 lines reads a page's worth of rows, not the table: the
 * store's Kysely instance counts the rows each request gets back from the database.
 */
import type { KyselyPlugin, PluginTransformResultArgs, QueryResult, UnknownRow } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/channels/http/app.js';
import type { AppDeps } from '../src/channels/http/env.js';
import { operatorRoutes } from '../src/channels/http/operator/routes.js';
import { tmfRoutes } from '../src/channels/http/tmf/routes.js';
import { createApiKey } from '../src/services/api-keys.js';
import { populateListWorld } from '../src/testing/list-world.js';
import { DAY_MS } from '../src/testing/synthetic-world.js';
import { openTestStore, TEST_DIALECTS } from '../src/testing/test-stores.js';

const LINES = 20_000;
const NOW = Date.UTC(2026, 10, 20);

class RowCounter implements KyselyPlugin {
  rows = 0;
  transformQuery<T>(args: { node: T }): T {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.rows += args.result.rows.length;
    return args.result;
  }
}

const P = '/tmf-api/prepayBalanceManagement/v4';
const B = '/tmf-api/customerBillManagement/v4';
/** Each list, and how many items its pages hold at this size (all full but the bill requests'). */
const LISTS = [
  '/tmf-api/usageManagement/v4/usage',
  '/tmf-api/usageManagement/v4/usage?status=rejected',
  `${P}/bucket`,
  `${P}/bucket?usageType=voice`,
  `${P}/topupBalance`,
  `${P}/accumulatedBalance`,
  '/tmf-api/usageConsumption/v4/usageConsumptionReport',
  `${B}/customerBill`,
  `${B}/appliedCustomerBillingRate`,
  '/api/v1/operator/suspense',
];

describe.each(TEST_DIALECTS)('lists at %s scale', (dialect) => {
  let app: App;
  let counter: RowCounter;
  let key: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const store = await openTestStore(dialect);
    close = () => store.close();
    await populateListWorld(store, LINES, NOW - 40 * DAY_MS);
    key = (await createApiKey(store, { name: 'lists', scopes: ['tmf:read', 'usage:read'] }, NOW)).secret;
    counter = new RowCounter();
    const deps: AppDeps = {
      store: { ...store, db: store.db.withPlugin(counter) },
      log: pino({ level: 'silent' }),
      now: () => NOW,
      sms: { send: async () => undefined } as unknown as AppDeps['sms'],
      config: { publicUrl: 'http://127.0.0.1:8080', retentionMonths: 12, importBatchSize: 5_000 },
    };
    app = createApp(deps, [tmfRoutes, operatorRoutes]);
  }, 120_000);
  afterAll(async () => {
    await close();
  });

  /** The answer, its items and the rows the database returned for it. */
  async function get(path: string) {
    counter.rows = 0;
    const res = await app.request(path, { headers: { authorization: `Bearer ${key}` } });
    const items = (await res.json()) as { id?: string; eventId?: string }[];
    return { res, items, rows: counter.rows, next: /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1] };
  }
  const sep = (path: string) => (path.includes('?') ? '&' : '?');

  it.each(LISTS)('%s: a first page and a deep page by cursor read a page of rows', async (list) => {
    const ids = (page: { items: { id?: string; eventId?: string }[] }) => page.items.map((i) => i.id ?? i.eventId);
    const first = await get(`${list}${sep(list)}limit=10`);
    expect(first.res.status).toBe(200);
    expect(first.items).toHaveLength(10);
    expect(first.res.headers.get('x-result-count')).toBe('10');
    expect(first.res.headers.get('x-total-count')).toBeNull();
    expect(first.rows).toBeLessThan(200);

    // The deepest offset reads up to the offset once; its next link goes on from there at page cost.
    const deep = await get(`${list}${sep(list)}limit=10&offset=10000`);
    expect(deep.res.status).toBe(200);
    expect(deep.rows).toBeLessThan(3 * 10_100);
    expect(deep.items).toHaveLength(10);
    expect(ids(deep).some((id) => ids(first).includes(id))).toBe(false);
    const url = new URL(deep.next!);
    const after = await get(url.pathname + url.search);
    expect(after.items).toHaveLength(10);
    expect(after.rows).toBeLessThan(200);
    expect(ids(after).some((id) => ids(deep).includes(id))).toBe(false);
  });

  it('checks a derived attribute on a bounded window and refuses other filters', async () => {
    const active = await get(`${P}/bucket?status=active&limit=10`);
    expect(active.items.length).toBeGreaterThan(0);
    // A window of rows from each kind of bucket (wallets, plan buckets, declared ones).
    expect(active.rows).toBeLessThan(3 * 510);
    // A window of ledger entries, with their records' and accounts' rows.
    const billed = await get(`${B}/appliedCustomerBillingRate?isBilled=false&limit=5`);
    expect(billed.rows).toBeLessThan(3 * 510);
    const refused = await get(`${B}/customerBill?amountDue.value=3`);
    expect(refused.res.status).toBe(400);
    expect(refused.rows).toBe(1); // the API key's
    expect(JSON.stringify(refused.items)).toContain('supported: id, billingAccount.id, state');
    expect((await get(`${P}/topupBalance?offset=10001`)).res.status).toBe(400);
  });

  it("reads one account's bills, usages and charges by its indexes", async () => {
    const bills = await get(`${B}/customerBill?billingAccount.id=A777`);
    expect(bills.items.map((b) => b.id)).toEqual(['B-2026-11-A777', 'B-2026-10-A777']);
    expect(bills.res.headers.get('x-total-count')).toBe('2');
    expect(bills.rows).toBeLessThan(20);
    const usages = await get('/tmf-api/usageManagement/v4/usage?relatedParty.id=A777&limit=1');
    const rest = await get(new URL(usages.next!).pathname + new URL(usages.next!).search);
    expect([...usages.items, ...rest.items].map((u) => u.id)).toEqual(['list-world:lw-777-1', 'list-world:lw-777-0']);
    expect(usages.rows + rest.rows).toBeLessThan(20);
    const rates = await get(`${B}/appliedCustomerBillingRate?billingAccount.id=A777`);
    expect(rates.items.map((r) => r.id)).toEqual(['usage-1556']);
    expect(rates.rows).toBeLessThan(20);
  });
});
