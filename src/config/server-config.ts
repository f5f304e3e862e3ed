import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressListOf } from './address-list.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { loadAlertConfig, type AlertConfig } from './alert-config.js';
import { loadHelpSettings, type HelpSettings } from './help-settings.js';
import { parseAgentTarget, type AgentTarget } from './ivr-agent.js';
import { parseStatementTax, type StatementTaxTable } from './statement-tax.js';

export interface ServerConfig extends Config {
  readonly host: string;
  readonly port: number;
  /** Where clients reach the server; defaults to http://HOST:PORT. Env: SIMLEDGER_PUBLIC_URL. */
  readonly publicUrl: string;
  /** pino level. Env: SIMLEDGER_LOG_LEVEL (default info). */
  readonly logLevel: string;
  /**
   * Addresses (IPs or CIDR blocks) the USSD gateway may call from; it vouches for phoneNumber.
   * Env: SIMLEDGER_USSD_ALLOW, comma-separated (default loopback only: 127.0.0.0/8, ::1).
   */
  readonly ussdAllow: readonly string[];
  /** Shared secret of Kannel's sms-service get-url; unset: /channels/sms/kannel answers 404. Env: SIMLEDGER_KANNEL_SECRET. */
  readonly kannelSecret: string | undefined;
  /** Addresses (IPs or CIDR blocks, IPv4 or IPv6) Kannel's smsbox may call from. Env: SIMLEDGER_KANNEL_ALLOW (default loopback). */
  readonly kannelAllow: readonly string[];
  /** The Chromium that prints statement PDFs. Env: SIMLEDGER_CHROMIUM (default Debian's /usr/bin/chromium). */
  readonly chromiumPath: string;
  /** Twilio auth token for X-Twilio-Signature; unset: the IVR endpoints answer 404. Env: SIMLEDGER_TWILIO_AUTH_TOKEN. */
  readonly twilioAuthToken: string | undefined;
  /** The hotline's option 0 dials this agent. Env: SIMLEDGER_IVR_AGENT (E.164 number or SIP URI; unset: no transfer). */
  readonly ivrAgent?: AgentTarget;
  /** Tax lines on statements by account currency. Env: SIMLEDGER_STATEMENT_TAX (see statement-tax.ts for the defaults). */
  readonly statementTax: StatementTaxTable;
  /** Largest request body of most routes, bytes. Env: SIMLEDGER_BODY_LIMIT_BYTES (default 65536). */
  readonly bodyLimitBytes: number;
  /** Largest body of usage ingestion, provisioning and TMF635 POST, bytes. Env: SIMLEDGER_BULK_BODY_LIMIT_BYTES (default 8 MiB). */
  readonly bulkBodyLimitBytes: number;
  /** Outgoing SMS gateways (Kannel sendsms, SMPP); none = the log adapter. */
  readonly sms?: SmsGatewayConfig;
  /** What the help page shows: short code, USSD code, hotline (SIMLEDGER_HELP_*; see help-settings.ts). */
  readonly help: HelpSettings;
  /** PEM of extra CAs for CAMARA event sinks. Env: SIMLEDGER_CAMARA_SINK_CA (a file path). */
  readonly camaraSinkCa?: string;
  /** Alert delivery: SMTP, the From address, the worker's interval (SIMLEDGER_SMTP_URL, SIMLEDGER_ALERT_*; see alert-config.ts). */
  readonly alerts: AlertConfig;
  /** SIMLEDGER_NETWORK_BARRING (log | off): see services/ports/network-barring.ts. */
  readonly networkBarring: BarringMode;
}

/** What a reached pay-as-you-go cap asks of the network: log the barring request, or nothing. */
export type BarringMode = 'log' | 'off';

/** SIMLEDGER_NETWORK_BARRING: what a reached pay-as-you-go cap asks of the network (default: log the request). */
function barringModeOf(value: string | undefined): BarringMode {
  if (value === undefined || value === '') return 'log';
  if (value === 'log' || value === 'off') return value;
  throw new ConfigError(`SIMLEDGER_NETWORK_BARRING must be log or off, got "${value}"`);
}

function camaraSinkCaOf(path: string | undefined): { camaraSinkCa?: string } {
  if (path === undefined || path.trim() === '') return {};
  try {
    return { camaraSinkCa: readFileSync(path, 'utf8') };
  } catch (error) {
    throw new ConfigError(`SIMLEDGER_CAMARA_SINK_CA: cannot read "${path}": ${(error as Error).message}`);
  }
}

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Request body limits (see channels/http/body-limits.ts): most routes, and the batch routes. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;
export const DEFAULT_BULK_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** A byte count from 1 KiB to 1 GiB; the fallback when unset. */
function byteLimit(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text.trim() === '') return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1024 || n > 2 ** 30) throw new ConfigError(`${name} must be a number of bytes from 1024 to 1073741824, got "${text}"`);
  return n;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadServerConfig(flags: { db?: string; host?: string; port?: string; smpp?: string }, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const base = loadConfig(flags, env);
  const host = flags.host ?? env['SIMLEDGER_HOST'] ?? '127.0.0.1';
  const portText = flags.port ?? env['SIMLEDGER_PORT'] ?? '8080';
  if (!/^\d+$/.test(portText) || Number(portText) > 65_535) throw new ConfigError(`port must be 0-65535, got "${portText}"`);
  const port = Number(portText);
  const logLevel = env['SIMLEDGER_LOG_LEVEL'] ?? 'info';
  if (!LEVELS.includes(logLevel)) throw new ConfigError(`SIMLEDGER_LOG_LEVEL must be one of ${LEVELS.join(', ')}, got "${logLevel}"`);
  const publicUrl = env['SIMLEDGER_PUBLIC_URL'] ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    new URL(publicUrl);
  } catch {
    throw new ConfigError(`SIMLEDGER_PUBLIC_URL "${publicUrl}" is not a URL`);
  }
  const ussdAllow = addressListOf('SIMLEDGER_USSD_ALLOW', env['SIMLEDGER_USSD_ALLOW']);
  const twilioAuthToken = env['SIMLEDGER_TWILIO_AUTH_TOKEN']?.trim() || undefined;
  const ivrAgent = parseAgentTarget(env['SIMLEDGER_IVR_AGENT']);
  const bodyLimitBytes = byteLimit('SIMLEDGER_BODY_LIMIT_BYTES', env['SIMLEDGER_BODY_LIMIT_BYTES'], DEFAULT_BODY_LIMIT_BYTES);
  const bulkBodyLimitBytes = byteLimit('SIMLEDGER_BULK_BODY_LIMIT_BYTES', env['SIMLEDGER_BULK_BODY_LIMIT_BYTES'], DEFAULT_BULK_BODY_LIMIT_BYTES);
  return Object.freeze({
    ...base,
    host,
    port,
    publicUrl: publicUrl.replace(/\/$/, ''),
    logLevel,
    ussdAllow,
    twilioAuthToken,
    ...(ivrAgent ? { ivrAgent } : {}),
    kannelSecret: env['SIMLEDGER_KANNEL_SECRET'] || undefined,
    kannelAllow: addressListOf('SIMLEDGER_KANNEL_ALLOW', env['SIMLEDGER_KANNEL_ALLOW']),
    chromiumPath: env['SIMLEDGER_CHROMIUM'] || DEFAULT_CHROMIUM_PATH,
    bodyLimitBytes,
    bulkBodyLimitBytes,
    statementTax: parseStatementTax(env['SIMLEDGER_STATEMENT_TAX']),
    sms: loadSmsGatewayConfig(flags, env),
    help: loadHelpSettings(env),
    alerts: loadAlertConfig(env),
    ...camaraSinkCaOf(env['SIMLEDGER_CAMARA_SINK_CA']),
    networkBarring: barringModeOf(env['SIMLEDGER_NETWORK_BARRING']),
  });
}

export interface SmsGatewayConfig {
  /** SIMLEDGER_KANNEL_SENDSMS_URL (+ _USER, _PASSWORD, SIMLEDGER_KANNEL_FROM): Kannel's sendsms interface. */
  readonly kannel?: { readonly sendsmsUrl: string; readonly username: string; readonly password: string; readonly from?: string };
  /** `serve --smpp` or SIMLEDGER_SMPP_URL: smpp://system_id:password@host:port. */
  readonly smppUrl?: string;
  /** SIMLEDGER_SMPP_SOURCE: the service number SMPP replies come from (default simledger). */
  readonly smppSource: string;
  /**
   * With no gateway, where the development sender appends every SMS, codes included (never to the
   * log). SIMLEDGER_DEV_SMS_FILE; default `simledger-sms.ndjson` in the OS temp folder.
   */
  readonly devSmsFile?: string;
}

/** Validates the SMS gateway options; with both set, SMPP sends and Kannel still answers its get-url. */
export function loadSmsGatewayConfig(flags: { smpp?: string }, env: NodeJS.ProcessEnv = process.env): SmsGatewayConfig {
  const sendsmsUrl = env['SIMLEDGER_KANNEL_SENDSMS_URL'];
  let kannel: SmsGatewayConfig['kannel'];
  if (sendsmsUrl !== undefined && sendsmsUrl !== '') {
    if (!URL.canParse(sendsmsUrl)) throw new ConfigError(`SIMLEDGER_KANNEL_SENDSMS_URL "${sendsmsUrl}" is not a URL`);
    const username = env['SIMLEDGER_KANNEL_SENDSMS_USER'] ?? '';
    const password = env['SIMLEDGER_KANNEL_SENDSMS_PASSWORD'] ?? '';
    if (username === '' || password === '') throw new ConfigError('SIMLEDGER_KANNEL_SENDSMS_URL needs SIMLEDGER_KANNEL_SENDSMS_USER and SIMLEDGER_KANNEL_SENDSMS_PASSWORD');
    const from = env['SIMLEDGER_KANNEL_FROM'];
    kannel = { sendsmsUrl, username, password, ...(from ? { from } : {}) };
  }
  const smppUrl = flags.smpp ?? env['SIMLEDGER_SMPP_URL'];
  if (smppUrl !== undefined && !/^smpp:\/\/[^:@/]+(:[^@/]*)?@[^/:]+(:\d+)?\/?$/.test(smppUrl)) {
    throw new ConfigError(`--smpp must be smpp://system_id:password@host:port, got "${smppUrl.replace(/:[^:@/]*@/, ':***@')}"`);
  }
  const devSmsFile = kannel || smppUrl ? undefined : env['SIMLEDGER_DEV_SMS_FILE'] || join(tmpdir(), 'simledger-sms.ndjson');
  return { ...(kannel ? { kannel } : {}), ...(smppUrl ? { smppUrl } : {}), smppSource: env['SIMLEDGER_SMPP_SOURCE'] ?? 'simledger', ...(devSmsFile ? { devSmsFile } : {}) };
}
