/** The alert channels a server (or `simledger alerts deliver`) sends through, from its configuration. */
import type { AlertConfig } from '../../config/alert-config.js';
import type { AlertSenders } from '../../services/alerts/deliver-alerts.js';
import type { SmsSender } from '../../services/ports/sms-sender.js';
import { SmtpEmailSender } from './smtp-sender.js';
import { FetchWebhookPoster } from './webhook-poster.js';

export function alertSendersOf(config: AlertConfig, sms: SmsSender): AlertSenders & { close(): void } {
  const email = config.smtpUrl ? new SmtpEmailSender(config.smtpUrl, config.emailFrom) : undefined;
  return { sms, webhook: new FetchWebhookPoster(), ...(email ? { email } : {}), close: () => email?.close() };
}
