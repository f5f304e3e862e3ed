/** The one path every SMS adapter (Kannel, SMPP) takes: decode -> keyword service -> rendered reply. */
import type { Store } from '../../store/open-store.js';
import { answerSms } from '../../services/sms-keywords/answer-sms.js';
import { renderSmsReply } from './messages/render.js';

export interface SmsReplyDeps {
  readonly store: Store;
  readonly now: () => number;
}

/** `from` is the MSISDN the gateway vouches for. */
export async function replyToSms(deps: SmsReplyDeps, from: string, text: string): Promise<string> {
  return renderSmsReply(await answerSms(deps.store, { from, text, nowMs: deps.now() }));
}
