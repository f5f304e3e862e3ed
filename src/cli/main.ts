import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config/config.js';
import { openStore, type Store } from '../store/open-store.js';
import { loadServerConfig } from '../config/server-config.js';
import { runServer } from '../main.js';
import { exportBalances, toJson } from '../services/export-balances.js';
import { provision } from '../services/provision.js';
import { purgeUsage } from '../services/purge-usage.js';
import { listSuspense, rerateSuspense } from '../services/suspense.js';
import { checkInvariants } from '../services/invariants.js';
import { checkUsageFile, importCommand } from './import-command.js';
import { detectFormat } from '../channels/files/usage-file.js';
import { vouchersCreateCommand } from './vouchers-command.js';
import { keysCreateCommand, keysListCommand, keysRevokeCommand } from './keys-command.js';
import { clientsCreateCommand, clientsListCommand, clientsRevokeCommand, type ClientsCreateOptions } from './clients-command.js';
import { DEMO_DATABASE_URL, demoCommand } from './demo-command.js';
import { alertsDeliverCommand, alertsListCommand, type AlertsListOptions } from './alerts-command.js';
import { importToStream, printPublished, streamServersOf, workerCommand } from './stream-commands.js';

/** Opens the configured store, runs `fn`, and always closes it. */
async function withStore<T>(config: Config, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config.databaseUrl);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function configOf(command: Command): Config {
  return loadConfig(command.optsWithGlobals<{ db?: string }>());
}

export function buildProgram(): Command {
  const program = new Command('simledger')
    .description('Usage-and-balance ledger of an eSIM provider')
    .addOption(new Option('--db <url>', 'database: sqlite:PATH or postgres://... (env SIMLEDGER_DB)'))
    .showHelpAfterError();
  dataCommands(program);
  upkeepCommands(program);
  accessCommands(program);
  serverCommands(program);
  return program;
}

/** Loading the catalog and accounts, rating usage, exporting balances. */
function dataCommands(program: Command): void {
  program
    .command('provision')
    .argument('<file>', 'provisioning JSON (tariffs, plans, accounts, esims, topups, purchases)')
    .description('load or update the catalog and accounts; idempotent by id, all or nothing')
    .action(async (file: string, _o, cmd: Command) =>
      withStore(configOf(cmd), async (store) => {
        let input: unknown;
        try {
          input = JSON.parse(readFileSync(file, 'utf8'));
        } catch (error) {
          throw new ConfigError(`${file}: not valid JSON: ${(error as Error).message}`);
        }
        const result = await provision(store, input, Date.now());
        if (!result.ok) {
          for (const e of result.errors) process.stderr.write(`${file}: ${e.section}[${e.index}]${e.id ? ` (id ${e.id})` : ''} ${e.field}: ${e.reason} (${e.code})\n`);
          process.stderr.write(`${file}: nothing applied (${result.errors.length} error${result.errors.length === 1 ? '' : 's'})\n`);
          process.exitCode = 2;
          return;
        }
        process.stdout.write(toJson(result.counts) + '\n');
      }),
    );

  program
    .command('import')
    .argument('<file>', 'usage file: CSV with a header, or NDJSON (.ndjson/.jsonl)')
    .description('rate usage events exactly once; rejected rows go to FILE.rejects.csv')
    .option('--source <name>', 'source the event ids are unique in', 'default')
    .option('--json', 'print the summary as one JSON line')
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'ndjson']))
    .option('--stream <servers>', 'publish to the usage stream (nats://HOST:PORT,...; env SIMLEDGER_STREAM) for `simledger worker` to rate')
    .action(async (file: string, o: { source: string; json?: boolean; format?: 'csv' | 'ndjson'; stream?: string }, cmd: Command) => {
      const config = configOf(cmd);
      const format = o.format ?? detectFormat(file);
      checkUsageFile(file, format);
      const servers = streamServersOf(o.stream);
      if (servers) await withStore(config, async (store) => printPublished(file, await importToStream(store, servers, file, format, o.source), o.json ?? false));
      else await withStore(config, (store) => importCommand(store, config, file, o));
    });

  program
    .command('worker')
    .description('rate usage from the stream: workers share its 64 partitions (PostgreSQL only)')
    .option('--stream <servers>', 'the usage stream: nats://HOST:PORT,... (env SIMLEDGER_STREAM)')
    .option('--rescan <ms>', 'how often to look for free partitions and new workers', '2000')
    .option('--batch <events>', 'events per rating transaction, at most', '5000')
    .action(async (o: { stream?: string; rescan: string; batch: string }, cmd: Command) => {
      const servers = streamServersOf(o.stream);
      if (!servers) throw new ConfigError('the worker needs the stream: --stream nats://HOST:PORT,... or SIMLEDGER_STREAM');
      const rescanMs = Number(o.rescan);
      const maxBatchEvents = Number(o.batch);
      if (!Number.isInteger(rescanMs) || rescanMs < 50) throw new ConfigError(`--rescan must be a whole number of milliseconds from 50, got "${o.rescan}"`);
      if (!Number.isInteger(maxBatchEvents) || maxBatchEvents < 1 || maxBatchEvents > 50_000) throw new ConfigError(`--batch must be a whole number from 1 to 50000, got "${o.batch}"`);
      await workerCommand(configOf(cmd), servers, { rescanMs, maxBatchEvents });
    });

  program
    .command('export')
    .argument('<what>', 'balances')
    .description('export balances as JSON on stdout')
    .action(async (what: string, _o, cmd: Command) => {
      if (what !== 'balances') throw new ConfigError(`export: unknown "${what}" (try: export balances)`);
      await withStore(configOf(cmd), async (store) => {
        process.stdout.write(toJson(await exportBalances(store)) + '\n');
      });
    });
}

/** Held events, retention and the ledger's own checks. */
function upkeepCommands(program: Command): void {
  program
    .command('rerate')
    .description('re-rate held (suspense) events after a fix')
    .option('--source <name>')
    .option('--reason <code>')
    .action(async (o: { source?: string; reason?: string }, cmd: Command) => {
      const config = configOf(cmd);
      await withStore(config, async (store) => {
        const result = await rerateSuspense(store, { ...o, nowMs: Date.now(), retentionMonths: config.retentionMonths });
        process.stdout.write(toJson(result) + '\n');
      });
    });

  program
    .command('suspense')
    .description('list held (rejected) events')
    .option('--reason <code>')
    .option('--source <name>')
    .option('--all', 'include resolved ones')
    .option('--limit <n>', 'rows', '50')
    .option('--after <id>', 'start after this suspense id')
    .action(async (o: { reason?: string; source?: string; all?: boolean; limit: string; after?: string }, cmd: Command) =>
      withStore(configOf(cmd), async (store) => {
        const filter = { ...(o.reason ? { reason: o.reason } : {}), ...(o.source ? { source: o.source } : {}), includeResolved: o.all ?? false };
        const page = await listSuspense(store, filter, { ...(o.after ? { after: [Number(o.after)] } : {}), limit: Math.min(1000, Number(o.limit)), offset: 0 });
        process.stdout.write(toJson({ items: page.items.map((i) => i.value), more: page.more }) + '\n');
      }),
    );

  program
    .command('purge')
    .description('delete usage records past the retention window (ledger and statements stay)')
    .action(async (_o, cmd: Command) => {
      const config = configOf(cmd);
      await withStore(config, async (store) => {
        process.stdout.write(toJson(await purgeUsage(store, { nowMs: Date.now(), retentionMonths: config.retentionMonths })) + '\n');
      });
    });

  program
    .command('check')
    .description('verify the ledger invariants (balance == sum of ledger, draws == used)')
    .action(async (_o, cmd: Command) =>
      withStore(configOf(cmd), async (store) => {
        const violations = await checkInvariants(store);
        process.stdout.write(toJson({ ok: violations.length === 0, violations }) + '\n');
        if (violations.length > 0) process.exitCode = 3;
      }),
    );
}

/** Vouchers, operator keys and third-party apps: what grants money or access. */
function accessCommands(program: Command): void {
  const vouchers = program.command('vouchers').description('prepaid vouchers');
  vouchers
    .command('create')
    .description('create vouchers; prints serial,pin as CSV (PINs are shown only now)')
    .requiredOption('--count <n>', 'how many')
    .requiredOption('--value <amount>', 'face value, e.g. 100.00')
    .requiredOption('--currency <code>', 'ISO 4217, e.g. HKD')
    .requiredOption('--expires <date>', 'YYYY-MM-DD (UTC end of day)')
    .option('--batch <name>', 'batch name', 'B1')
    .action(async (o: { count: string; value: string; currency: string; expires: string; batch: string }, cmd: Command) => withStore(configOf(cmd), (store) => vouchersCreateCommand(store, o)));

  const keys = program.command('keys').description('operator API keys (stored hashed)');
  keys
    .command('create')
    .description('create a key; prints its secret once')
    .requiredOption('--name <name>', 'who or what uses it')
    .requiredOption('--scopes <list>', 'comma-separated, e.g. usage:write,support:read')
    .action(async (o: { name: string; scopes: string }, cmd: Command) => withStore(configOf(cmd), (store) => keysCreateCommand(store, o)));
  keys
    .command('revoke')
    .argument('<id>', 'key id (key_...)')
    .description('revoke a key at once')
    .action(async (id: string, _o, cmd: Command) => withStore(configOf(cmd), (store) => keysRevokeCommand(store, id)));
  keys
    .command('list')
    .description('list keys (never their secrets)')
    .action(async (_o, cmd: Command) => withStore(configOf(cmd), (store) => keysListCommand(store)));

  const clients = program.command('clients').description('third-party apps that may ask subscribers for consent (OAuth 2.0 clients)');
  clients
    .command('create')
    .description('register an app; prints its client_id and, for a confidential app, its secret once')
    .requiredOption('--name <name>', "the app's name, shown on the consent screen")
    .requiredOption('--redirect-uri <uri>', 'an exact redirect URI (repeat for several)', (v: string, all: string[] = []) => [...all, v])
    .option('--public', 'a public app (native or single-page): PKCE only, no secret')
    .option('--client-credentials', 'also the client-credentials grant (CAMARA 2-legged access)')
    .option('--scopes <list>', 'scopes it may ask for (default all: esims:read balance:read usage:read usage:read:records device-data-volume:read)')
    .action(async (o: ClientsCreateOptions, cmd: Command) => withStore(configOf(cmd), (store) => clientsCreateCommand(store, o)));
  clients
    .command('list')
    .description('list apps (never their secrets)')
    .action(async (_o, cmd: Command) => withStore(configOf(cmd), (store) => clientsListCommand(store)));
  clients
    .command('revoke')
    .argument('<client_id>', 'the app (app_...)')
    .description('revoke an app: its consents and tokens stop at once')
    .action(async (id: string, _o, cmd: Command) => withStore(configOf(cmd), (store) => clientsRevokeCommand(store, id)));

  const alerts = program.command('alerts').description('alerts to subscribers: the outbox and its deliveries');
  alerts
    .command('list')
    .description("alerts, newest first, with each channel's delivery state and attempts")
    .option('--account <id>', "only this account's")
    .option('--state <state>', 'only alerts with a delivery in this state: pending, sent or failed')
    .option('--limit <n>', 'at most this many (default 100)')
    .option('--json', 'one JSON object a line')
    .action(async (o: AlertsListOptions, cmd: Command) => withStore(configOf(cmd), (store) => alertsListCommand(store, o)));
  alerts
    .command('deliver')
    .description('deliver the alerts that are due now, once (the server does this continuously)')
    .action(async (_o, cmd: Command) => {
      const config = loadServerConfig(cmd.optsWithGlobals<{ db?: string }>());
      await withStore(config, (store) => alertsDeliverCommand(store, config));
    });
}

function serverCommands(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP server: subscriber and operator API, TM Forum v4, portal and channels')
    .option('--host <host>', 'address to listen on (env SIMLEDGER_HOST)', undefined)
    .option('--port <port>', 'port (env SIMLEDGER_PORT; default 8080)')
    .option('--smpp <url>', 'bind an SMPP ESME: smpp://system_id:password@host:port (env SIMLEDGER_SMPP_URL)')
    .action(async (o: { host?: string; port?: string; smpp?: string }, cmd: Command) => {
      const config = loadServerConfig({ ...cmd.optsWithGlobals<{ db?: string }>(), ...o });
      await runServer(config);
    });

  program
    .command('demo')
    .description(
      `(re)create a demo database with HK, JP, KR, RU and OM subscribers and a month of usage, then serve it (--db or SIMLEDGER_DB; default ${DEMO_DATABASE_URL}; only an empty database or one demo made is used)`,
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port', '8080')
    .option('--no-serve', 'only seed and print balances')
    .action(async (o: { host: string; port: string; serve: boolean }, cmd: Command) => {
      const db = cmd.optsWithGlobals<{ db?: string }>().db ?? process.env['SIMLEDGER_DB'] ?? DEMO_DATABASE_URL;
      const config = loadServerConfig({ db, host: o.host, port: o.port });
      await demoCommand(config);
      if (o.serve) {
        const running = await runServer(config);
        process.stdout.write(`\nserving the demo at ${running.server.url} (API reference: ${running.server.url}/docs); Ctrl-C stops\n`);
      }
    });
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`simledger: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}
