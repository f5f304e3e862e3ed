import pino from 'pino';
import { createApp, type App } from '../src/channels/http/app.js';
import type { AppDeps } from '../src/channels/http/env.js';
import { tmfRoutes } from '../src/channels/http/tmf/routes.js';
import { createApiKey, type ApiScope } from '../src/services/api-keys.js';
import { openTestStore, type TestDialect } from '../src/testing/test-stores.js';
import { provisionTmfWorld } from './tmf-fixture.js';

interface TestApp {
  app: App;
  deps: AppDeps;
  close(): Promise<void>;
  clock: { now(): number; set(ms: number): void; advance(ms: number): void };
}

/** The app with the TMF routes only (like createTestApp, whose other route sets belong to other work). */
async function createTestApp(dialect: TestDialect, startMs = Date.UTC(2026, 10, 20, 4, 0, 0)): Promise<TestApp> {
  const store = await openTestStore(dialect);
  let nowMs = startMs;
  const clock = {
    now: () => nowMs,
    set: (ms: number) => {
      nowMs = ms;
    },
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
  const log = pino({ level: process.env['SIMLEDGER_TEST_LOG'] ?? 'silent' });
  const deps: AppDeps = {
    store,
    log,
    now: clock.now,
    sms: { send: async () => undefined } as unknown as AppDeps['sms'],
    config: { publicUrl: 'http://127.0.0.1:8080', retentionMonths: 12, importBatchSize: 5_000 },
  };
  return { app: createApp(deps, [tmfRoutes]), deps, clock, close: () => store.close() };
}

export interface TmfTestApp extends TestApp {
  /** A request with the operator key (tmf:read + tmf:write unless `key` says otherwise). */
  call(method: string, path: string, body?: unknown, key?: string | null): Promise<Response>;
  readOnlyKey: string;
  fullKey: string;
}

export async function tmfTestApp(dialect: TestDialect): Promise<TmfTestApp> {
  const t = await createTestApp(dialect);
  await provisionTmfWorld(t.deps.store, t.clock.now());
  const key = async (scopes: ApiScope[]) => (await createApiKey(t.deps.store, { name: scopes.join(','), scopes }, t.clock.now())).secret;
  const full = await key(['tmf:read', 'tmf:write']);
  const readOnlyKey = await key(['tmf:read']);
  const call = (method: string, path: string, body?: unknown, k: string | null = full) =>
    t.app.request(path, {
      method,
      headers: { ...(k === null ? {} : { authorization: `Bearer ${k}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { ...t, call, readOnlyKey, fullKey: full };
}

export const json = async (res: Response) => (await res.json()) as Record<string, any>;
