import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config.js';

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
  /** Twilio auth token for X-Twilio-Signature; unset: the IVR endpoints answer 404. Env: SIMLEDGER_TWILIO_AUTH_TOKEN. */
  readonly twilioAuthToken: string | undefined;
  /** Outgoing SMS gateways (Kannel sendsms, SMPP); none = the log adapter. */
  readonly sms?: SmsGatewayConfig;
  /** PEM of extra CAs for CAMARA event sinks. Env: SIMLEDGER_CAMARA_SINK_CA (a file path). */
  readonly camaraSinkCa?: string;
}

function camaraSinkCaOf(path: string | undefined): { camaraSinkCa?: string } {
  if (path === undefined || path.trim() === '') return {};
  try {
    return { camaraSinkCa: readFileSync(path, 'utf8') };
  } catch (error) {
    throw new ConfigError(`SIMLEDGER_CAMARA_SINK_CA: cannot read "${path}": ${(error as Error).message}`);
  }
}

export const DEFAULT_USSD_ALLOW: readonly string[] = Object.freeze(['127.0.0.0/8', '::1']);

/** An IPv4/IPv6 address, or one with a /prefix in range; undefined when malformed. */
export function parseAddressEntry(entry: string): { address: string; family: 'ipv4' | 'ipv6'; prefix?: number } | undefined {
  const [address = '', prefixText, extra] = entry.trim().split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return undefined;
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (prefixText === undefined) return { address, family };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > (version === 4 ? 32 : 128)) return undefined;
  return { address, family, prefix: Number(prefixText) };
}

function ussdAllowOf(text: string | undefined): readonly string[] {
  if (text === undefined || text.trim() === '') return DEFAULT_USSD_ALLOW;
  const entries = text.split(',').map((e) => e.trim()).filter((e) => e !== '');
  const bad = entries.find((e) => parseAddressEntry(e) === undefined);
  if (bad !== undefined) throw new ConfigError(`SIMLEDGER_USSD_ALLOW: "${bad}" is not an IP address or CIDR block (e.g. 10.0.0.0/8, 192.0.2.7, ::1)`);
  return Object.freeze(entries);
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
  const ussdAllow = ussdAllowOf(env['SIMLEDGER_USSD_ALLOW']);
  const twilioAuthToken = env['SIMLEDGER_TWILIO_AUTH_TOKEN']?.trim() || undefined;
  return Object.freeze({ ...base, host, port, publicUrl: publicUrl.replace(/\/$/, ''), logLevel, ussdAllow, twilioAuthToken, sms: loadSmsGatewayConfig(flags, env),
    ...camaraSinkCaOf(env['SIMLEDGER_CAMARA_SINK_CA']) });
}

export interface SmsGatewayConfig {
  /** SIMLEDGER_KANNEL_SENDSMS_URL (+ _USER, _PASSWORD, SIMLEDGER_KANNEL_FROM): Kannel's sendsms interface. */
  readonly kannel?: { readonly sendsmsUrl: string; readonly username: string; readonly password: string; readonly from?: string };
  /** `serve --smpp` or SIMLEDGER_SMPP_URL: smpp://system_id:password@host:port. */
  readonly smppUrl?: string;
  /** SIMLEDGER_SMPP_SOURCE: the service number SMPP replies come from (default simledger). */
  readonly smppSource: string;
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
    throw new ConfigError(`--smpp must be smpp://system_id:password@host:port, got "${smppUrl}"`);
  }
  return { ...(kannel ? { kannel } : {}), ...(smppUrl ? { smppUrl } : {}), smppSource: env['SIMLEDGER_SMPP_SOURCE'] ?? 'simledger' };
}
