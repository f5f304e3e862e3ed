/** How alerts leave the ledger besides SMS (see sms-sender.ts): e-mail and signed webhooks. */

export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** The idempotency key a receiver can use: `<alert-ID@simledger>` for alerts. */
  readonly messageId: string;
}

export interface EmailSender {
  send(email: OutgoingEmail): Promise<void>;
}

export interface OutgoingWebhook {
  readonly url: string;
  /** Signs the body (X-Simledger-Signature); never sent. */
  readonly secret: string;
  /** The JSON text to post, as signed. */
  readonly body: string;
  /** Sent as the `Idempotency-Key` header: `alert-ID`, the same on every retry. */
  readonly idempotencyKey: string;
}

export interface WebhookPoster {
  /** Resolves when the receiver answered 2xx; rejects with the reason otherwise. */
  post(webhook: OutgoingWebhook): Promise<void>;
}
