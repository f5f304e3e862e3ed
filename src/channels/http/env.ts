import type { Logger } from 'pino';
import type { Store } from '../../store/open-store.js';
import type { SmsSender } from '../../services/ports/sms-sender.js';

export interface HttpConfig {
  /** The URL clients reach the server at (used for TMF hrefs, Twilio signatures, cookies' Secure flag). */
  readonly publicUrl: string;
  readonly retentionMonths: number;
  readonly importBatchSize: number;
  /** Addresses (IPs or CIDR blocks) the USSD gateway may call from. Default: loopback only. */
  readonly ussdAllow?: readonly string[];
  /** Twilio auth token for X-Twilio-Signature; unset: the IVR endpoints answer 404. */
  readonly twilioAuthToken?: string;
  /** Trust X-Forwarded-For for the client address (only behind a proxy you run). */
  readonly trustProxy?: boolean;
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
}

export interface OperatorPrincipal { readonly keyId: string; readonly scopes: ReadonlySet<string> }
export interface SubscriberPrincipal { readonly accountId: string; readonly sessionId: string }

/** A third-party app's access token: what the subscriber let it read (see oauth/bearer.ts). */
export interface AppGrant { readonly clientId: string; readonly grantId: string; readonly scopes: ReadonlySet<string>; readonly iccids: readonly string[] }

export interface AppEnv {
  Variables: {
    requestId: string;
    operator?: OperatorPrincipal;
    subscriber?: SubscriberPrincipal;
    appGrant?: AppGrant;
  };
}
