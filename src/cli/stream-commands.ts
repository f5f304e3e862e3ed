/** The commands of the scale-out: `import --stream` publishes usage, `worker` rates it. */
import { ConfigError, type Config } from '../config/config.js';
import { connectStream, ensureUsageStream, parseStreamServers, usageJetStream } from '../channels/stream/nats-usage-stream.js';
import { UsagePublisher, type PublishSummary } from '../channels/stream/usage-publisher.js';
import { StreamWorker } from '../channels/stream/stream-worker.js';
import { UsageRouter } from '../services/stream/usage-router.js';
import { readUsageFileBatches, type UsageFileFormat } from '../channels/files/usage-file.js';
import type { RawUsageRow } from '../domain/usage-event.js';
import { parseDatabaseUrl } from '../store/dialect.js';
import { openStore, type Store } from '../store/open-store.js';
import { RejectsFile } from './rejects-file.js';

/** The stream's servers from `--stream` or SIMLEDGER_STREAM; undefined when neither is set. */
export function streamServersOf(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  const text = flag ?? env['SIMLEDGER_STREAM'];
  if (text === undefined || text === '') return undefined;
  try {
    return parseStreamServers(text);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

/** Publishes a usage file to the stream instead of rating it here; malformed rows go to the rejects file. */
export async function importToStream(store: Store, servers: string[], file: string, format: UsageFileFormat, source: string): Promise<PublishSummary & { malformed: number }> {
  const nc = await connectStream(servers, 'simledger import');
  const rejects = new RejectsFile(`${file}.rejects.csv`);
  let malformed = 0;
  try {
    await ensureUsageStream(nc);
    const publisher = new UsagePublisher(usageJetStream(nc), new UsageRouter(store.ledger.reads(store.db)));
    for await (const batch of readUsageFileBatches(file, format, 5_000)) {
      const rows: RawUsageRow[] = [];
      for (const row of batch) {
        if (row.raw) rows.push(row.raw);
        else {
          malformed++;
          await rejects.write({ lineNo: row.lineNo, eventId: '', reason: 'malformed_row', detail: row.malformed, text: row.text });
        }
      }
      await publisher.add(source, rows);
    }
    return { ...(await publisher.flush()), malformed };
  } finally {
    await rejects.close();
    await nc.drain().catch(() => undefined);
  }
}

export function printPublished(file: string, s: PublishSummary & { malformed: number }, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(s) + '\n');
    return;
  }
  process.stdout.write(
    `${file}: published ${s.events} events in ${s.messages} messages (${s.duplicates} already in the stream), ` + `malformed ${s.malformed}; the workers rate them (simledger worker)\n`,
  );
}

export interface WorkerCommandOptions {
  rescanMs: number;
  maxBatchEvents: number;
}

/** Test hook: exit right after this many commits, before the worker moves on (a kill between commit and acknowledgement). */
function exitAfterCommits(env: NodeJS.ProcessEnv): number | undefined {
  const n = env['SIMLEDGER_WORKER_EXIT_AFTER_COMMITS'];
  return n ? Number(n) : undefined;
}

/** Runs a rating worker until SIGINT/SIGTERM. */
export async function workerCommand(config: Config, servers: string[], options: WorkerCommandOptions): Promise<void> {
  if (parseDatabaseUrl(config.databaseUrl).dialect !== 'postgres') {
    throw new ConfigError(`the worker needs PostgreSQL (its partitions are advisory locks): --db postgres://..., got ${config.databaseUrl}`);
  }
  const log = (line: string) => process.stderr.write(`worker ${process.pid}: ${line}\n`);
  const store = await openStore(config.databaseUrl);
  const nc = await connectStream(servers, `simledger worker ${process.pid}`);
  await ensureUsageStream(nc);
  const exitAfter = exitAfterCommits(process.env);
  let commits = 0;
  const worker = await StreamWorker.start({
    databaseUrl: config.databaseUrl,
    store,
    js: usageJetStream(nc),
    retentionMonths: config.retentionMonths,
    maxBatchEvents: options.maxBatchEvents,
    rescanMs: options.rescanMs,
    log,
    onCommitted: () => {
      if (exitAfter !== undefined && ++commits >= exitAfter) {
        log(`exiting after commit ${commits} (SIMLEDGER_WORKER_EXIT_AFTER_COMMITS)`);
        process.exit(3);
      }
    },
    onLeasesLost: (why) => {
      log(`lost its partition locks (${why}); exiting`);
      process.exit(4);
    },
  });
  process.stdout.write(`worker ${process.pid} ready\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // A commit retrying against a database or stream that is gone must not keep the process alive.
  const stopping = (async () => {
    await worker.stop();
    await nc.drain().catch(() => undefined);
    await store.close();
  })();
  await Promise.race([stopping, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_MS).unref())]);
  process.exit(0);
}

/** How long a stopping worker waits for its batch in flight; its partitions' offsets are safe either way. */
const SHUTDOWN_MS = 10_000;
