import { ConfigError } from './config.js';

/** How alerts leave the server (see services/alerts). */
export interface AlertConfig {
  /** smtp://user:pass@host:port or smtps://...; unset: no e-mail channel. Env: SIMLEDGER_SMTP_URL. */
  readonly smtpUrl?: string;
  /** The From of alert e-mails. Env: SIMLEDGER_ALERT_FROM. */
  readonly emailFrom: string;
  /** How often the delivery worker looks for due alerts besides after each rating commit, ms. Env: SIMLEDGER_ALERT_INTERVAL_MS. */
  readonly intervalMs: number;
}

export const DEFAULT_ALERT_FROM = 'simledger <alerts@simledger.invalid>';

export function loadAlertConfig(env: NodeJS.ProcessEnv = process.env): AlertConfig {
  const smtpUrl = env['SIMLEDGER_SMTP_URL']?.trim() || undefined;
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/]+/.test(smtpUrl)) {
    throw new ConfigError(`SIMLEDGER_SMTP_URL must be smtp://[user:pass@]host:port or smtps://..., got "${smtpUrl.replace(/:[^:@/]*@/, ':***@')}"`);
  }
  const intervalText = env['SIMLEDGER_ALERT_INTERVAL_MS']?.trim() || '5000';
  if (!/^\d+$/.test(intervalText) || Number(intervalText) < 100 || Number(intervalText) > 3_600_000) {
    throw new ConfigError(`SIMLEDGER_ALERT_INTERVAL_MS must be a number of ms from 100 to 3600000, got "${intervalText}"`);
  }
  return { ...(smtpUrl ? { smtpUrl } : {}), emailFrom: env['SIMLEDGER_ALERT_FROM']?.trim() || DEFAULT_ALERT_FROM, intervalMs: Number(intervalText) };
}
