import type { Logger } from 'pino';
import type { OutgoingSms, SmsSender } from '../services/ports/sms-sender.js';

/**
 * Until a gateway adapter is configured, outgoing SMS are written to the log. The last messages
 * are also kept in memory so tests (and the demo) can read a sign-in code the way a phone would.
 */
export class LogSmsSender implements SmsSender {
  readonly sent: OutgoingSms[] = [];

  constructor(private readonly log: Logger, private readonly keep = 1_000) {}

  async send(message: OutgoingSms): Promise<void> {
    this.log.info({ sms: { to: message.to, purpose: message.purpose, text: message.text } }, 'sms sent (log adapter)');
    this.sent.push(message);
    if (this.sent.length > this.keep) this.sent.shift();
  }

  lastTo(to: string): OutgoingSms | undefined {
    for (let i = this.sent.length - 1; i >= 0; i--) if (this.sent[i]!.to === to) return this.sent[i];
    return undefined;
  }
}
