import { appendFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { OutgoingSms, SmsSender } from '../services/ports/sms-sender.js';

/** A one-time code in an SMS text: the log shows it as this. */
const CODE_MASK = '******';

/** The text with every run of 4 or more digits masked: codes, and anything else that might be one. */
export function redactSmsText(text: string): string {
  return text.replace(/\d{4,}/g, CODE_MASK);
}

/**
 * The development sender, used until a gateway (Kannel, SMPP) is configured. Nothing leaves the
 * machine: each message is appended in full, one JSON line, to `file` (created readable by its
 * owner only), which is where a developer reads a sign-in code. The log says that a message went
 * there, with its digits masked: secrets never reach the log. The last messages are also kept
 * in memory so tests can read a code the way a phone would.
 */
export class LogSmsSender implements SmsSender {
  readonly sent: OutgoingSms[] = [];

  constructor(
    private readonly log: Logger,
    private readonly options: { file?: string; keep?: number } = {},
  ) {}

  async send(message: OutgoingSms): Promise<void> {
    const { file, keep = 1_000 } = this.options;
    if (file !== undefined) {
      const line = JSON.stringify({ at: new Date().toISOString(), to: message.to, purpose: message.purpose, text: message.text });
      await appendFile(file, `${line}\n`, { mode: 0o600 });
    }
    this.log.info({ sms: { to: message.to, purpose: message.purpose, text: redactSmsText(message.text) }, file }, 'sms kept (no gateway)');
    this.sent.push(message);
    if (this.sent.length > keep) this.sent.shift();
  }

  lastTo(to: string): OutgoingSms | undefined {
    for (let i = this.sent.length - 1; i >= 0; i--) if (this.sent[i]!.to === to) return this.sent[i];
    return undefined;
  }
}
