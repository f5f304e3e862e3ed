/**
 * The one configuration object, validated once and frozen. Every default is written here.
 * Sources, strongest first: command-line flags, environment variables, these defaults.
 */
export interface Config {
  /** `sqlite:PATH` (embedded default) or `postgres://...`. Env: SIMLEDGER_DB. */
  readonly databaseUrl: string;
  /** Usage records older than this many months are purged and refused on import. Env: SIMLEDGER_RETENTION_MONTHS. */
  readonly retentionMonths: number;
  /** Events per import transaction. Env: SIMLEDGER_IMPORT_BATCH. */
  readonly importBatchSize: number;
}

export const DEFAULTS: Config = Object.freeze({
  databaseUrl: 'sqlite:./simledger.db',
  retentionMonths: 12,
  importBatchSize: 20_000,
});

export class ConfigError extends Error {}

function positiveInt(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new ConfigError(`${name} must be a whole number from 1 to ${max}, got "${value}"`);
  }
  return Number(value);
}

export function loadConfig(flags: { db?: string }, env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = flags.db ?? env['SIMLEDGER_DB'] ?? DEFAULTS.databaseUrl;
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(databaseUrl)) {
    throw new ConfigError(`database URL "${databaseUrl}" must be sqlite:PATH or postgres://USER@HOST:PORT/DB`);
  }
  return Object.freeze({
    databaseUrl,
    retentionMonths: positiveInt('SIMLEDGER_RETENTION_MONTHS', env['SIMLEDGER_RETENTION_MONTHS'], DEFAULTS.retentionMonths, 120),
    importBatchSize: positiveInt('SIMLEDGER_IMPORT_BATCH', env['SIMLEDGER_IMPORT_BATCH'], DEFAULTS.importBatchSize, 50_000),
  });
}
