// SMS keyword replies through the Kannel get-url endpoint, over loopback with autocannon, on SQLite
// with the demo subscribers: BALANCE / 余额 / USAGE from the demo numbers in turn.
// Sizes: BENCH_SMS_SECONDS, BENCH_SMS_CONNECTIONS (defaults 10 / 10).
import { mkdtempSync, rmSync } from 'node:fs';
import { autocannon, type CannonRequest } from './cannon.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApp } from '../src/channels/http/app.js';
import type { AppDeps } from '../src/channels/http/env.js';
import { listen } from '../src/channels/http/serve.js';
import { kannelRoute } from '../src/channels/sms/kannel-route.js';
import { LogSmsSender } from '../src/channels/sms-log-sender.js';
import { buildDemoProvisioning } from '../src/demo/demo-data.js';
import { provision } from '../src/services/provision.js';
import { openStore } from '../src/store/open-store.js';
import { describeMachine } from './machine.js';

const SECONDS = Number(process.env['BENCH_SMS_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['BENCH_SMS_CONNECTIONS'] ?? 10);
const SECRET = 'bench-secret';
const KEYWORDS = ['BALANCE', '余额', 'USAGE', 'bal'];

export async function benchSms(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'simledger-bench-sms-'));
  const store = await openStore(`sqlite:${join(dir, 'bench.db')}`);
  const nowMs = Date.now();
  const demo = buildDemoProvisioning(nowMs);
  const result = await provision(store, demo, nowMs);
  if (!result.ok) throw new Error('bench sms: demo provisioning failed');
  const numbers = demo.esims.flatMap((e) => (e.msisdn === undefined ? [] : [e.msisdn]));
  const log = pino({ level: 'silent' });
  const deps: AppDeps = { store, log, sms: new LogSmsSender(log), now: () => Date.now(), config: { publicUrl: 'http://127.0.0.1', retentionMonths: 12, importBatchSize: 5_000 } };
  const server = await listen(createApp(deps, [kannelRoute({ secret: SECRET, allow: ['127.0.0.1', '::1'] })]), '127.0.0.1', 0, log);
  try {
    let i = 0;
    const next = (): CannonRequest => {
      const from = numbers[i % numbers.length]!;
      const text = KEYWORDS[Math.floor(i / numbers.length) % KEYWORDS.length]!;
      i += 1;
      return { method: 'GET', path: `/channels/sms/kannel?${new URLSearchParams({ from, to: '1234', text, secret: SECRET })}` };
    };
    const r = await autocannon({ url: server.url, connections: CONNECTIONS, duration: SECONDS, requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }] });
    console.log(`[sms kannel sqlite] ${describeMachine()}`);
    console.log(
      `[sms kannel sqlite] ${numbers.length} demo lines, keywords ${KEYWORDS.join('/')}, ${CONNECTIONS} connections, ${SECONDS} s: ` +
        `${r.requests.average.toFixed(1)} replies/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms; ${r.requests.total} requests, non-2xx ${r.non2xx}, errors ${r.errors + r.timeouts}`,
    );
  } finally {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSms();
