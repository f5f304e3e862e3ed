/**
 * Alert webhooks: the JSON body POSTed with `X-Simledger-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256 of "t.body" under the account's secret>` (a receiver recomputes it and rejects old
 * timestamps against replays) and `Idempotency-Key: alert-ID` (the same on every retry).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OutgoingWebhook, WebhookPoster } from '../../services/ports/alert-ports.js';

export const SIGNATURE_HEADER = 'X-Simledger-Signature';

export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** What a receiver does: true when the header signs this body with this secret within `toleranceS` of `nowS`. */
export function verifyWebhook(secret: string, body: string, header: string | null | undefined, nowS: number, toleranceS = 300): boolean {
  const parts = new Map((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowS - t) > toleranceS || !/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** Gives up on a receiver that does not answer within this many ms. */
const TIMEOUT_MS = 10_000;

export class FetchWebhookPoster implements WebhookPoster {
  constructor(private readonly now: () => number = Date.now) {}

  async post(webhook: OutgoingWebhook): Promise<void> {
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': webhook.idempotencyKey,
        [SIGNATURE_HEADER]: signWebhook(webhook.secret, webhook.body, Math.floor(this.now() / 1000)),
      },
      body: webhook.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status < 200 || response.status > 299) throw new Error(`the receiver answered HTTP ${response.status}`);
  }
}
