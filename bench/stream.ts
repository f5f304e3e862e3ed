/**
 * BENCH_ONLY=stream: usage end to end through the stream (publish -> rated in PostgreSQL) with
 * 1, 2 and 4 workers on a fresh 3-node JetStream cluster and a fresh database each, and the time
 * from an event handed to the publisher to its record being visible in PostgreSQL.
 * BENCH_STREAM_EVENTS (default 100,000), BENCH_STREAM_LINES (10,000), BENCH_STREAM_WORKERS (1,2,4).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import pg from 'pg';
import { connectStream, ensureUsageStream, usageJetStream } from '../src/channels/stream/nats-usage-stream.js';
import { UsagePublisher } from '../src/channels/stream/usage-publisher.js';
import type { RawUsageRow } from '../src/domain/usage-event.js';
import { UsageRouter } from '../src/services/stream/usage-router.js';
import { NatsCluster } from '../src/testing/nats-cluster.js';
import { DAY_MS, iccidOf, imsiOf, populateWorld, prng } from '../src/testing/synthetic-world.js';
import { openTestStore } from '../src/testing/test-stores.js';
import { describeMachine, percentile } from './machine.js';

const EVENTS = Number(process.env['BENCH_STREAM_EVENTS'] ?? 100_000);
const LINES = Number(process.env['BENCH_STREAM_LINES'] ?? 10_000);
const WORKERS = (process.env['BENCH_STREAM_WORKERS'] ?? '1,2,4').split(',').map(Number);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rows(startMs: number): RawUsageRow[] {
  const rand = prng(7);
  return Array.from({ length: EVENTS }, (_, n) => {
    const line = Math.floor(rand() * LINES);
    const data = rand() < 0.8;
    return {
      event_id: `ev-${n}`,
      imsi: imsiOf(line),
      ...(rand() < 0.5 ? {} : { iccid: iccidOf(line) }),
      kind: data ? 'data' : 'voice',
      direction: data ? '' : 'out',
      started_at: new Date(startMs + Math.floor((n / EVENTS) * DAY_MS)).toISOString(),
      quantity: String(data ? 1024 + Math.floor(rand() * 5e6) : 60),
      mcc_mnc: '45400',
    };
  });
}

function startWorker(url: string, servers: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/simledger.js', 'worker', '--db', url, '--stream', servers.join(','), '--rescan', '300'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) =>
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    }),
  );
}

/** Polls the records as they commit: the time each event became visible. */
async function watchVisible(url: string, visibleAt: Map<string, number>, until: () => boolean): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let last = '0';
  while (!until()) {
    const { rows: seen } = await client.query<{ id: string; event_id: string }>('select id::text, event_id from usage_records where id > $1 order by id', [last]);
    const now = performance.now();
    for (const r of seen) {
      visibleAt.set(r.event_id, now);
      last = r.id;
    }
    await sleep(20);
  }
  await client.end();
}

async function runOnce(workers: number): Promise<void> {
  const cluster = await NatsCluster.start(3);
  const store = await openTestStore('postgres');
  const startMs = Date.now() - 2 * DAY_MS;
  await populateWorld(store, LINES, startMs);
  const nc = await connectStream(cluster.servers, 'bench');
  await ensureUsageStream(nc);
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(store.url, cluster.servers)));
  await sleep(1_500); // the workers settle their shares of the partitions
  const events = rows(startMs);
  const addedAt = new Map<string, number>();
  const visibleAt = new Map<string, number>();
  const watching = watchVisible(store.url, visibleAt, () => visibleAt.size >= EVENTS);
  const load = os.loadavg()[0]!;
  const t0 = performance.now();
  const publisher = new UsagePublisher(usageJetStream(nc), new UsageRouter(store.ledger.reads(store.db)));
  for (let from = 0; from < EVENTS; from += 1_000) {
    const chunk = events.slice(from, from + 1_000);
    const now = performance.now();
    for (const r of chunk) addedAt.set(r.event_id!, now);
    await publisher.add('bench', chunk);
  }
  await publisher.flush();
  const published = performance.now();
  await watching;
  const elapsedS = (Math.max(...visibleAt.values()) - t0) / 1000;
  const latencies = [...visibleAt].map(([id, at]) => at - addedAt.get(id)!).sort((a, b) => a - b);
  console.log(
    `[stream] ${workers} worker(s): ${EVENTS} events in ${elapsedS.toFixed(1)} s = ${Math.round(EVENTS / elapsedS)} events/s end to end ` +
      `(publishing alone ${Math.round(EVENTS / ((published - t0) / 1000))} events/s, ${publisher.summary.messages} messages); ` +
      `publish-to-visible p50 ${Math.round(percentile(latencies, 50))} ms, p99 ${Math.round(percentile(latencies, 99))} ms; load average before ${load.toFixed(1)}`,
  );
  for (const c of children) c.kill('SIGTERM');
  await nc.close();
  await cluster.stop();
  await store.close();
}

export async function benchStream(): Promise<void> {
  console.log(`\n[stream] ${describeMachine()}; ${EVENTS} events over ${LINES} lines, 3 nats-server nodes (R3 stream), PostgreSQL, all on this machine`);
  for (const n of WORKERS) await runOnce(n);
}
