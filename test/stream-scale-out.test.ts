/**
 * Issue 27's acceptance (PostgreSQL only: the workers' partitions are advisory locks): usage
 * published to a 3-node JetStream cluster while its leader is killed and restarted, 10 % published
 * again, a worker killed right after a commit, a second worker started half-way; the result must
 * equal a single-process run of the same events on another database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectStream, ensureUsageStream, usageJetStream } from '../src/channels/stream/nats-usage-stream.js';
import { UsagePublisher } from '../src/channels/stream/usage-publisher.js';
import type { RawUsageRow } from '../src/domain/usage-event.js';
import { rateUsageBatch } from '../src/services/rate-usage-batch.js';
import { USAGE_STREAM, decodeUsageMessage, partitionOfAccount } from '../src/services/stream/usage-partitions.js';
import { UsageRouter } from '../src/services/stream/usage-router.js';
import { usageWindow } from '../src/services/usage-window.js';
import type { Store } from '../src/store/open-store.js';
import { NatsCluster } from '../src/testing/nats-cluster.js';
import { DAY_MS, iccidOf, imsiOf, populateWorld, prng } from '../src/testing/synthetic-world.js';
import { openTestStore } from '../src/testing/test-stores.js';

const EVENTS = Number(process.env['STREAM_TEST_EVENTS'] ?? 50_000);
const LINES = 2_000;
const SOURCE = 'sgw-1';
const START_MS = Date.now() - 10 * DAY_MS;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The events, in the order they are published: a few name no line (held as unknown_subscriber). */
function usageRows(): RawUsageRow[] {
  const rand = prng(27);
  const rows: RawUsageRow[] = [];
  for (let n = 0; n < EVENTS; n++) {
    const line = Math.floor(rand() * LINES);
    const r = rand();
    const kind = r < 0.7 ? 'data' : r < 0.9 ? 'voice' : 'sms';
    const quantity = kind === 'data' ? Math.floor(1024 + rand() * rand() * 80_000_000) : kind === 'voice' ? Math.floor(5 + rand() * 600) : 1;
    const at = new Date(START_MS + Math.floor((n / EVENTS) * 9 * DAY_MS)).toISOString();
    const unknown = rand() < 0.005;
    const byImsi = rand() < 0.5;
    rows.push({
      event_id: `ev-${n}`,
      kind,
      direction: kind === 'data' ? '' : rand() < 0.7 ? 'out' : 'in',
      started_at: at,
      quantity: String(quantity),
      mcc_mnc: '45400',
      ...(unknown ? { imsi: `4540099${String(n).padStart(8, '0')}` } : byImsi ? { imsi: imsiOf(line) } : { iccid: iccidOf(line) }),
    });
  }
  return rows;
}

/** A rating worker as a real process of the built command; its log kept for the failure message. */
class WorkerProcess {
  readonly child: ChildProcess;
  log = '';
  readonly exited: Promise<number | null>;
  constructor(dbUrl: string, servers: string[], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, ['bin/simledger.js', 'worker', '--db', dbUrl, '--stream', servers.join(','), '--rescan', '300', '--batch', '1000'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const s of [this.child.stdout!, this.child.stderr!])
      s.on('data', (d: Buffer) => {
        this.log += d.toString();
      });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }
  async ready(): Promise<void> {
    for (let i = 0; i < 600 && !this.log.includes('ready'); i++) await sleep(50);
    if (!this.log.includes('ready')) throw new Error(`worker not ready:\n${this.log}`);
  }
  kill(): void {
    this.child.kill('SIGKILL');
  }
}

interface StreamEntry {
  seq: number;
  partition: number;
  rows: readonly RawUsageRow[];
}

/** Every message of the stream, in stream order. */
async function readWholeStream(nc: NatsConnection): Promise<StreamEntry[]> {
  const jsm = await jetstreamManager(nc);
  const last = (await jsm.streams.info(USAGE_STREAM)).state.last_seq;
  const consumer = await usageJetStream(nc).consumers.get(USAGE_STREAM, { opt_start_seq: 1 });
  const entries: StreamEntry[] = [];
  while (entries.length === 0 || entries[entries.length - 1]!.seq < last) {
    const m = await consumer.next({ expires: 5_000 });
    if (!m) throw new Error(`stream read stopped at ${entries[entries.length - 1]?.seq ?? 0} of ${last}`);
    entries.push({ seq: m.seq, partition: Number(m.subject.split('.')[1]), rows: decodeUsageMessage(m.string()).rows });
  }
  return entries;
}

async function leaderOf(nc: NatsConnection): Promise<string> {
  const jsm = await jetstreamManager(nc);
  for (;;) {
    const leader = (await jsm.streams.info(USAGE_STREAM).catch(() => undefined))?.cluster?.leader;
    if (leader) return leader;
    await sleep(100);
  }
}

async function offsets(store: Store): Promise<Map<number, number>> {
  const rows = (await store.db
    .selectFrom('stream_offsets' as never)
    .selectAll()
    .execute()) as { partition: number; stream_seq: bigint }[];
  return new Map(rows.map((r) => [Number(r.partition), Number(r.stream_seq)]));
}

async function ledgerState(store: Store) {
  const wallets = await store.db.selectFrom('wallets').select(['account_id', 'balance_minor']).orderBy('account_id').execute();
  const buckets = await store.db.selectFrom('bucket_balances').select(['id', 'remaining', 'valid_from', 'valid_to', 'used_up_at']).orderBy('id').execute();
  const records = await store.db.selectFrom('usage_records').select(['event_id', 'amount_minor', 'bucket_units', 'charged_blocks', 'debt']).orderBy('event_id').execute();
  const held = await store.db.selectFrom('suspense').select(['event_id', 'reason']).orderBy('event_id').execute();
  const freshness = await store.db.selectFrom('line_freshness').select(['iccid', 'usage_to']).orderBy('iccid').execute();
  return { wallets, buckets, records, held, freshness };
}

describe('scale-out on NATS JetStream: workers rate the stream exactly once (PostgreSQL)', () => {
  let cluster: NatsCluster;
  let streamed: Store & { url: string };
  let reference: Store & { url: string };
  let nc: NatsConnection;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    if (!existsSync('dist/src/cli/main.js')) throw new Error('build first (npm run build): the workers run as `node bin/simledger.js worker`');
    cluster = await NatsCluster.start(3);
    [streamed, reference] = [await openTestStore('postgres'), await openTestStore('postgres')];
    await populateWorld(streamed, LINES, START_MS);
    await populateWorld(reference, LINES, START_MS);
    nc = await connectStream(cluster.servers, 'acceptance test');
    await ensureUsageStream(nc);
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) w.kill();
    await nc?.close();
    await cluster?.stop();
    await streamed?.close();
    await reference?.close();
  });

  it('rates every event once, in stream order per partition, to the balances of a single-process run', async () => {
    const rows = usageRows();
    const publisher = new UsagePublisher(usageJetStream(nc), new UsageRouter(streamed.ledger.reads(streamed.db)), { maxPending: 128 });
    // The first worker exits right after its 5th commit, before it moves on; a supervisor restarts it.
    const first = new WorkerProcess(streamed.url, cluster.servers, { SIMLEDGER_WORKER_EXIT_AFTER_COMMITS: '5' });
    workers.push(first);
    await first.ready();
    let killedLeader: string | undefined;
    for (let from = 0; from < rows.length; from += 1_000) {
      if (from === Math.floor((EVENTS * 0.3) / 1000) * 1000) {
        killedLeader = await leaderOf(nc);
        cluster.kill(killedLeader);
      }
      if (from === Math.floor((EVENTS * 0.5) / 1000) * 1000) {
        const second = new WorkerProcess(streamed.url, cluster.servers);
        workers.push(second);
        await second.ready();
      }
      if (from === Math.floor((EVENTS * 0.6) / 1000) * 1000) await cluster.startNode(killedLeader!);
      await publisher.add(SOURCE, rows.slice(from, from + 1_000));
    }
    await publisher.flush();
    // 10 % again, in other messages (other ids): only the database's event key stops these.
    const rand = prng(2727);
    const again = Array.from({ length: EVENTS / 10 }, () => rows[Math.floor(rand() * rows.length)]!);
    await publisher.add(SOURCE, again);
    const summary = await publisher.flush();
    expect(summary.events).toBe(EVENTS + again.length);

    expect(await Promise.race([first.exited, sleep(60_000).then(() => 'still running')]), first.log).toBe(3);
    const restarted = new WorkerProcess(streamed.url, cluster.servers);
    workers.push(restarted);
    await restarted.ready();

    const stream = await readWholeStream(nc);
    const lastSeq = new Map<number, number>();
    for (const e of stream) lastSeq.set(e.partition, e.seq);
    for (let i = 0; i < 1_200; i++) {
      const at = await offsets(streamed);
      if ([...lastSeq].every(([p, seq]) => at.get(p) === seq)) break;
      await sleep(100);
    }
    expect(Object.fromEntries(await offsets(streamed)), workers.map((w) => w.log).join('\n')).toEqual(Object.fromEntries(lastSeq));

    // The same events rated in one process, in publication order, on the reference database.
    const nowMs = Date.now();
    for (let from = 0; from < rows.length; from += 2_000) {
      const items = rows.slice(from, from + 2_000).map((raw, ref) => ({ raw, ref }));
      await rateUsageBatch(reference, SOURCE, items, nowMs, usageWindow(nowMs, 12));
    }
    const [got, want] = [await ledgerState(streamed), await ledgerState(reference)];
    expect(got.records.length).toBe(want.records.length);
    expect(got.records).toEqual(want.records);
    expect(got.held).toEqual(want.held);
    expect(got.wallets).toEqual(want.wallets);
    expect(got.buckets).toEqual(want.buckets);
    expect(got.freshness).toEqual(want.freshness);
    expect(got.records.length + got.held.length).toBe(EVENTS);

    // Per partition, the records' ids follow the stream's order of first arrival.
    const firstSeen = new Map<number, string[]>();
    const seen = new Set<string>();
    for (const e of stream)
      for (const r of e.rows) {
        if (seen.has(r.event_id!)) continue;
        seen.add(r.event_id!);
        (firstSeen.get(e.partition) ?? firstSeen.set(e.partition, []).get(e.partition)!).push(r.event_id!);
      }
    const rated = await streamed.db.selectFrom('usage_records').select(['event_id', 'account_id']).orderBy('id').execute();
    const ratedOrder = new Map<number, string[]>();
    for (const r of rated) {
      const p = partitionOfAccount(r.account_id);
      (ratedOrder.get(p) ?? ratedOrder.set(p, []).get(p)!).push(r.event_id);
    }
    const ratedIds = new Set(rated.map((r) => r.event_id));
    for (const [p, ids] of firstSeen) expect(ratedOrder.get(p) ?? [], `partition ${p}`).toEqual(ids.filter((id) => ratedIds.has(id)));
    expect(workers[1]!.log).toMatch(/took partitions/);
  }, 240_000);
});
