import type { Logger } from 'pino';
import type { Store } from '../../store/open-store.js';
import type { SmsSender } from '../../services/ports/sms-sender.js';
import type { EmailSender } from '../../services/ports/alert-ports.js';
import type { HelpSettings } from '../../config/help-settings.js';
import type { AgentTarget } from '../../config/ivr-agent.js';
import type { StatementTaxTable } from '../../config/statement-tax.js';

export interface HttpConfig {
  /** The URL clients reach the server at (used for TMF hrefs, Twilio signatures, cookies' Secure flag). */
  readonly publicUrl: string;
  readonly retentionMonths: number;
  readonly importBatchSize: number;
  /** Addresses (IPs or CIDR blocks) the USSD gateway may call from. Default: loopback only. */
  readonly ussdAllow?: readonly string[];
  /** Kannel's sms-service shared secret; unset: /channels/sms/kannel answers 404. */
  readonly kannelSecret?: string;
  /** Addresses (IPs or CIDR blocks, IPv4 or IPv6) Kannel may call from. Default: loopback only. */
  readonly kannelAllow?: readonly string[];
  /** The Chromium that prints statement PDFs. Default: Debian's /usr/bin/chromium. */
  readonly chromiumPath?: string;
  /** Twilio auth token for X-Twilio-Signature; unset: the IVR endpoints answer 404. */
  readonly twilioAuthToken?: string;
  /** The hotline's option 0 dials this agent; unset: no transfer. */
  readonly ivrAgent?: AgentTarget;
  /** Tax lines on statements by account currency; default DEFAULT_STATEMENT_TAX. */
  readonly statementTax?: StatementTaxTable;
  /** Trust X-Forwarded-For for the client address (only behind a proxy you run). */
  readonly trustProxy?: boolean;
  /** The operator's contact points for the help page; DEFAULT_HELP when unset. */
  readonly help?: HelpSettings;
  /** Largest request body of most routes, in bytes (default 64 KiB; see body-limits.ts). */
  readonly bodyLimitBytes?: number;
  /** Largest body of the batch routes (usage NDJSON, provisioning, TMF635 POST), in bytes (default 8 MiB). */
  readonly bulkBodyLimitBytes?: number;
  /** Extra CA certificates (PEM) to trust for CAMARA event sinks (a private CA). */
  readonly camaraSinkCa?: string;
}

/** What every route may use; built once by the composition root (main.ts). */
export interface AppDeps {
  readonly store: Store;
  readonly config: HttpConfig;
  readonly now: () => number;
  readonly log: Logger;
  readonly sms: SmsSender;
  /** Alert e-mails and address verification codes; absent without SIMLEDGER_SMTP_URL. */
  readonly email?: EmailSender;
}

export interface OperatorPrincipal {
  readonly keyId: string;
  readonly scopes: ReadonlySet<string>;
}
export interface SubscriberPrincipal {
  readonly accountId: string;
  readonly sessionId: string;
}

/** A third-party app's access token: what the subscriber let it read (see oauth/bearer.ts). */
export interface AppGrant {
  readonly clientId: string;
  readonly grantId: string;
  readonly scopes: ReadonlySet<string>;
  readonly iccids: readonly string[];
}

export interface AppEnv {
  Variables: {
    requestId: string;
    operator?: OperatorPrincipal;
    subscriber?: SubscriberPrincipal;
    appGrant?: AppGrant;
  };
}
