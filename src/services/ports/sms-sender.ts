/** The one way the product sends an SMS (sign-in codes, alerts, keyword replies). */
export interface SmsSender {
  send(message: OutgoingSms): Promise<void>;
}

export interface OutgoingSms {
  /** E.164 MSISDN. */
  readonly to: string;
  readonly text: string;
  /** Why it was sent, for logs and tests: `otp`, `alert`, `reply`. */
  readonly purpose: string;
}
