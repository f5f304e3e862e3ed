import pino, { type Logger } from 'pino';
import { createApp, type App } from '../channels/http/app.js';
import type { AppDeps } from '../channels/http/env.js';
import { ROUTE_MODULES } from '../channels/http/routes.js';
import { LogSmsSender } from '../channels/sms-log-sender.js';
import { openTestStore, type TestDialect } from './test-stores.js';

export interface TestApp {
  app: App;
  deps: AppDeps;
  sms: LogSmsSender;
  /** The fake clock: tests move it with `clock.set(...)` / `clock.advance(ms)`. */
  clock: { now(): number; set(ms: number): void; advance(ms: number): void };
  close(): Promise<void>;
}

/**
 * The whole app on a fresh database of the dialect, with a fake clock and the log SMS adapter;
 * `log` lets a test read what the server logs (default: silent, or SIMLEDGER_TEST_LOG's level).
 */
export async function createTestApp(dialect: TestDialect, startMs = Date.UTC(2026, 10, 20, 4, 0, 0), log?: Logger): Promise<TestApp> {
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
  const logger = log ?? pino({ level: process.env['SIMLEDGER_TEST_LOG'] ?? 'silent' });
  const sms = new LogSmsSender(logger);
  const deps: AppDeps = {
    store,
    log: logger,
    sms,
    now: clock.now,
    config: { publicUrl: 'http://127.0.0.1:8080', retentionMonths: 12, importBatchSize: 5_000 },
  };
  return { app: createApp(deps, ROUTE_MODULES), deps, sms, clock, close: () => store.close() };
}
