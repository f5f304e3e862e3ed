import { startCapWatch } from './channels/payg-cap-alerts.js';
import { networkBarring } from './services/ports/network-barring.js';
import pino, { type Logger } from 'pino';
import { createApp, type App } from './channels/http/app.js';
import type { AppDeps } from './channels/http/env.js';
import { ROUTE_MODULES } from './channels/http/routes.js';
import { listen, type RunningServer } from './channels/http/serve.js';
import { LogSmsSender } from './channels/sms-log-sender.js';
import type { ServerConfig } from './config/server-config.js';
import { openStore } from './store/open-store.js';
import { warmHotTables } from './store/warm-cache.js';
import { KannelSmsSender } from './channels/sms/kannel-sender.js';
import { parseSmppUrl, SmppEsme } from './channels/sms/smpp-esme.js';
import type { SmsSender } from './services/ports/sms-sender.js';
import { closeStatementPdfBrowser } from './channels/statements/statement-pdf.js';
import { pruneThrottle } from './services/auth/throttle.js';
import { alertSendersOf } from './channels/alerts/alert-senders.js';
import { startAlertWorker } from './services/alerts/deliver-alerts.js';

export interface Running {
  readonly app: App;
  readonly deps: AppDeps;
  readonly server: RunningServer;
  /** Graceful: stop accepting, finish in-flight requests, then close the database. */
  stop(): Promise<void>;
}

/** The composition root: config -> store -> services -> channels. */
export async function startServer(config: ServerConfig, log: Logger = pino({ level: config.logLevel })): Promise<Running> {
  const store = await openStore(config.databaseUrl);
  await warmHotTables(store);
  let sms: SmsSender = new LogSmsSender(log, { file: config.sms?.devSmsFile });
  if (config.sms?.devSmsFile) log.info({ file: config.sms.devSmsFile }, 'no SMS gateway: every SMS (sign-in codes included) is written to this file, not sent');
  if (config.sms?.kannel) sms = new KannelSmsSender(config.sms.kannel);
  const esme = config.sms?.smppUrl ? new SmppEsme(parseSmppUrl(config.sms.smppUrl, config.sms.smppSource), { store, log, now: () => Date.now() }) : undefined;
  if (esme) {
    esme.start();
    sms = esme;
  }
  const alertSenders = alertSendersOf(config.alerts, sms);
  const deps: AppDeps = {
    store,
    log,
    sms,
    now: () => Date.now(),
    ...(alertSenders.email ? { email: alertSenders.email } : {}),
    config: {
      publicUrl: config.publicUrl,
      retentionMonths: config.retentionMonths,
      importBatchSize: config.importBatchSize,
      ussdAllow: config.ussdAllow,
      kannelAllow: config.kannelAllow,
      chromiumPath: config.chromiumPath,
      help: config.help,
      bodyLimitBytes: config.bodyLimitBytes,
      bulkBodyLimitBytes: config.bulkBodyLimitBytes,
      statementTax: config.statementTax,
      ...(config.ivrAgent ? { ivrAgent: config.ivrAgent } : {}),
      ...(config.twilioAuthToken ? { twilioAuthToken: config.twilioAuthToken } : {}),
      ...(config.kannelSecret ? { kannelSecret: config.kannelSecret } : {}),
      ...(config.camaraSinkCa ? { camaraSinkCa: config.camaraSinkCa } : {}),
    },
  };
  startCapWatch({ ...deps, barring: networkBarring(config.networkBarring, log) });
  const app = createApp(deps, ROUTE_MODULES);
  const server = await listen(app, config.host, config.port, log);
  // Old throttle counters are dropped hourly so the table holds only live windows and locks.
  const pruning = setInterval(() => {
    pruneThrottle(store, Date.now()).catch((error: unknown) => log.warn({ err: error }, 'throttle prune failed'));
  }, 60 * 60_000);
  pruning.unref();
  // Alerts committed by rating (also before a crash) go out from here: after each rating commit and every few seconds.
  const alertWorker = startAlertWorker(store, alertSenders, { intervalMs: config.alerts.intervalMs, onError: (error) => log.warn({ err: error }, 'alert delivery round failed') });
  let stopping: Promise<void> | undefined;
  return {
    app,
    deps,
    server,
    stop: () =>
      (stopping ??= (async () => {
        log.info('shutting down: finishing in-flight requests');
        clearInterval(pruning);
        await server.close();
        await alertWorker.stop();
        alertSenders.close();
        await esme?.stop();
        await closeStatementPdfBrowser();
        await store.close();
        log.info('stopped');
      })()),
  };
}

/** Runs until SIGINT/SIGTERM, then shuts down gracefully. */
export async function runServer(config: ServerConfig): Promise<Running> {
  const running = await startServer(config);
  const onSignal = (signal: string) => {
    running.deps.log.info({ signal }, 'signal received');
    void running.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return running;
}
