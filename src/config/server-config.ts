import { ConfigError, loadConfig, type Config } from './config.js';

export interface ServerConfig extends Config {
  readonly host: string;
  readonly port: number;
  /** Where clients reach the server; defaults to http://HOST:PORT. Env: SIMLEDGER_PUBLIC_URL. */
  readonly publicUrl: string;
  /** pino level. Env: SIMLEDGER_LOG_LEVEL (default info). */
  readonly logLevel: string;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadServerConfig(flags: { db?: string; host?: string; port?: string }, env: NodeJS.ProcessEnv = process.env): ServerConfig {
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
  return Object.freeze({ ...base, host, port, publicUrl: publicUrl.replace(/\/$/, ''), logLevel });
}
