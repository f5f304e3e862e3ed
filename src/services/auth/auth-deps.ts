import type { Store } from '../../store/open-store.js';
import type { SmsSender } from '../ports/sms-sender.js';

/** What the sign-in use cases need; the HTTP channel's AppDeps fits it as it is. */
export interface AuthDeps {
  readonly store: Store;
  readonly sms: SmsSender;
  readonly now: () => number;
  readonly log: { error(obj: object, msg?: string): void };
}

/** A refusal because of too many attempts: the same for every phone, known or not. */
export interface Throttled {
  readonly ok: false;
  readonly code: 'too_many_requests';
  readonly retryAfterMs: number;
}
