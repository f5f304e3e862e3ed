/** `simledger alerts list` and `simledger alerts deliver`: the outbox as an operator sees and drives it. */
import pino from 'pino';
import { loadAlertConfig } from '../config/alert-config.js';
import { ConfigError } from '../config/config.js';
import type { ServerConfig } from '../config/server-config.js';
import { alertSendersOf } from '../channels/alerts/alert-senders.js';
import { LogSmsSender } from '../channels/sms-log-sender.js';
import { KannelSmsSender } from '../channels/sms/kannel-sender.js';
import { parseSmppUrl, SmppEsme } from '../channels/sms/smpp-esme.js';
import { deliverDueAlerts } from '../services/alerts/deliver-alerts.js';
import { listAlerts, type AlertView } from '../services/alerts/list-alerts.js';
import type { SmsSender } from '../services/ports/sms-sender.js';
import type { Store } from '../store/open-store.js';

export interface AlertsListOptions {
  account?: string;
  state?: string;
  limit?: string;
  json?: boolean;
}

const STATES = ['pending', 'sent', 'failed'] as const;

function iso(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString();
}

function deliveryText(a: AlertView): string {
  return a.deliveries.map((d) => `${d.channel}:${d.state}/${d.attempts}${d.lastError ? ` (${d.lastError})` : ''}`).join(' ') || '-';
}

export async function alertsListCommand(store: Store, o: AlertsListOptions): Promise<void> {
  if (o.state !== undefined && !(STATES as readonly string[]).includes(o.state)) throw new ConfigError(`--state must be one of ${STATES.join(', ')}, got "${o.state}"`);
  const limit = Number(o.limit ?? '100');
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new ConfigError(`--limit must be a whole number from 1 to 10000, got "${o.limit}"`);
  const alerts = await listAlerts(store, { limit, ...(o.account ? { accountId: o.account } : {}), ...(o.state ? { state: o.state as (typeof STATES)[number] } : {}) });
  if (o.json) {
    for (const a of alerts) process.stdout.write(`${JSON.stringify(a)}\n`);
    return;
  }
  process.stdout.write('id\taccount\trule\tlevel\tsubject\tcreated\tdeliver_after\tdeliveries (channel:state/attempts)\n');
  for (const a of alerts) {
    process.stdout.write(`${a.id}\t${a.accountId}\t${a.rule}\t${a.level}\t${a.subject}\t${iso(a.createdAtMs)}\t${iso(a.deliverAfterMs)}\t${deliveryText(a)}\n`);
  }
}

/** One round of the worker: what is due goes out now; what quiet hours or backoff hold stays pending. */
export async function alertsDeliverCommand(store: Store, config: ServerConfig): Promise<void> {
  const log = pino({ level: config.logLevel }, pino.destination(2));
  let sms: SmsSender = new LogSmsSender(log, { file: config.sms?.devSmsFile });
  if (config.sms?.kannel) sms = new KannelSmsSender(config.sms.kannel);
  const esme = config.sms?.smppUrl ? new SmppEsme(parseSmppUrl(config.sms.smppUrl, config.sms.smppSource), { store, log, now: () => Date.now() }) : undefined;
  if (esme) {
    esme.start();
    sms = esme;
  }
  const senders = alertSendersOf(loadAlertConfig(), sms);
  try {
    const round = await deliverDueAlerts(store, senders, Date.now());
    process.stdout.write(`${JSON.stringify(round)}\n`);
  } finally {
    senders.close();
    await esme?.stop();
  }
}
