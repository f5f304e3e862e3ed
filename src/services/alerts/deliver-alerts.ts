/**
 * The alert delivery worker: sweeps for buckets about to expire, fans new alerts out into
 * deliveries, and sends those that are due, each through its channel. It reads only committed
 * rows, so alerts committed before a crash go out after the restart (at least once: a delivery
 * sent but not yet recorded as sent is sent again, with the same idempotency key `alert-ID`).
 */
import type { Store } from '../../store/open-store.js';
import type { EmailSender, WebhookPoster } from '../ports/alert-ports.js';
import type { SmsSender } from '../ports/sms-sender.js';
import { onRatingCommitted } from '../rating-hooks.js';
import { dueDeliveries, fanOutAlerts, recordAttempt, smsNumber, type DeliveryState, type DueDelivery } from './alert-outbox.js';
import { renderAlert, type RenderedAlert } from './alert-texts.js';
import { sweepExpiringBuckets } from './expiry-sweep.js';

export interface AlertSenders {
  readonly sms?: SmsSender;
  readonly email?: EmailSender;
  readonly webhook?: WebhookPoster;
}

export interface DeliveryPolicy {
  /** Deliveries sent per round. */
  readonly batch: number;
  /** The wait after the first failed attempt; doubled after each next one, up to `maxBackoffMs`. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** Attempts before a delivery is given up and shown as failed. */
  readonly maxAttempts: number;
}

export const DEFAULT_POLICY: DeliveryPolicy = Object.freeze({ batch: 200, backoffMs: 30_000, maxBackoffMs: 3_600_000, maxAttempts: 8 });

export interface RoundSummary {
  fannedOut: number;
  sent: number;
  retried: number;
  failed: number;
}

/** The idempotency key of an alert: the webhook's `Idempotency-Key`, the e-mail's Message-ID. */
export function alertKey(alertId: bigint): string {
  return `alert-${alertId}`;
}

/** When to try again after the `attempts`-th failure; null once the attempts are used up. */
export function retryAt(attempts: number, nowMs: number, policy: DeliveryPolicy): number | null {
  if (attempts >= policy.maxAttempts) return null;
  return nowMs + Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (attempts - 1));
}

/** The expiry sweep reads every bucket ending within a month: once a minute per store, not every round. */
const SWEEP_EVERY_MS = 60_000;
const lastSweep = new WeakMap<object, number>();

/** One round: sweep (at most once a minute), fan out, and send what is due (at most `batch`). */
export async function deliverDueAlerts(store: Store, senders: AlertSenders, nowMs: number, policy: DeliveryPolicy = DEFAULT_POLICY): Promise<RoundSummary> {
  const swept = lastSweep.get(store.db);
  if (swept === undefined || nowMs - swept >= SWEEP_EVERY_MS || nowMs < swept) {
    await sweepExpiringBuckets(store, nowMs);
    lastSweep.set(store.db, nowMs);
  }
  const summary: RoundSummary = { fannedOut: 0, sent: 0, retried: 0, failed: 0 };
  for (let n; (n = await fanOutAlerts(store, nowMs)) > 0;) summary.fannedOut += n;
  const once = roundCache();
  for (const d of await dueDeliveries(store, nowMs, policy.batch)) {
    const state = await deliverOne(store, senders, d, nowMs, policy, once);
    if (state === 'sent') summary.sent++;
    else if (state === 'failed') summary.failed++;
    else summary.retried++;
  }
  return summary;
}

/** What a round reads about accounts, plans and numbers, read once in the round (a round is a few seconds' alerts). */
type Once = <T>(key: string, load: () => Promise<T>) => Promise<T>;

function roundCache(): Once {
  const held = new Map<string, Promise<unknown>>();
  return <T>(key: string, load: () => Promise<T>) => {
    let value = held.get(key) as Promise<T> | undefined;
    if (value === undefined) held.set(key, (value = load()));
    return value;
  };
}

async function deliverOne(store: Store, senders: AlertSenders, d: DueDelivery, nowMs: number, policy: DeliveryPolicy, once: Once): Promise<DeliveryState> {
  let error: string | undefined;
  try {
    await send(store, senders, d, once);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const ok = error === undefined;
  return recordAttempt(store, d, { ok, error }, nowMs, ok ? null : retryAt(d.attempts + 1, nowMs, policy));
}

async function send(store: Store, senders: AlertSenders, d: DueDelivery, once: Once): Promise<void> {
  const account = await once(`account:${d.accountId}`, () =>
    store.db.selectFrom('accounts').select(['language', 'time_zone', 'currency', 'login_phone']).where('id', '=', d.accountId).executeTakeFirstOrThrow(),
  );
  const contacts = await once(`contacts:${d.accountId}`, () => store.db.selectFrom('alert_contacts').selectAll().where('account_id', '=', d.accountId).executeTakeFirst());
  const names = await once(`plan:${d.payload.planId ?? ''}`, () => planNames(store, d.payload.planId));
  const render = (language: string) => renderAlert(d, { language, timeZone: account.time_zone, currency: account.currency }, names);
  switch (d.channel) {
    case 'sms': {
      const to = await once(`sms:${d.accountId}:${d.iccid ?? ''}`, () => smsNumber(store, d.accountId, account.login_phone, d.iccid));
      if (!senders.sms || to === null) throw new Error('no SMS sender or number');
      const preferred = (await once(`lang:${to}`, () => store.db.selectFrom('sms_preferences').select('language').where('msisdn', '=', to).executeTakeFirst()))?.language;
      await senders.sms.send({ to, text: render(preferred ?? account.language).text, purpose: 'alert' });
      return;
    }
    case 'email': {
      if (!senders.email || !contacts?.email) throw new Error('no e-mail sender or address');
      const { subject, text } = render(account.language);
      await senders.email.send({ to: contacts.email, subject, text, messageId: `<${alertKey(d.alertId)}@simledger>` });
      return;
    }
    case 'webhook': {
      if (!senders.webhook || !contacts?.webhook_url || !contacts.webhook_secret) throw new Error('no webhook sender or URL');
      const body = webhookBody(d, render(account.language), account.language);
      await senders.webhook.post({ url: contacts.webhook_url, secret: contacts.webhook_secret, body, idempotencyKey: alertKey(d.alertId) });
      return;
    }
    case 'inbox':
      return; // the row itself is the inbox
  }
}

async function planNames(store: Store, planId: string | null | undefined): Promise<Record<string, string> | undefined> {
  if (!planId) return undefined;
  const plan = await store.db.selectFrom('plans').select('names').where('id', '=', planId).executeTakeFirst();
  return plan ? (JSON.parse(plan.names) as Record<string, string>) : undefined;
}

/** The webhook's JSON: figures as integer strings with their currency or unit, and the text as the subscriber reads it. */
export function webhookBody(d: DueDelivery, rendered: RenderedAlert, language: string): string {
  return JSON.stringify({
    id: alertKey(d.alertId),
    rule: d.rule,
    level: d.level,
    accountId: d.accountId,
    iccid: d.iccid,
    createdAt: new Date(d.createdAtMs).toISOString(),
    figures: d.payload,
    language,
    subject: rendered.subject,
    text: rendered.text,
  });
}

export interface AlertWorker {
  /** Starts a round soon (after a rating commit); rounds never overlap. */
  kick(): void;
  /** Waits for the round in progress, then stops. */
  stop(): Promise<void>;
  /** Resolves after the next full round. */
  idle(): Promise<void>;
}

/** Runs rounds every `intervalMs` and after each rating commit, until stopped. */
export function startAlertWorker(store: Store, senders: AlertSenders, options: { intervalMs?: number; now?: () => number; policy?: DeliveryPolicy; onError?: (e: unknown) => void } = {}): AlertWorker {
  const now = options.now ?? Date.now;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let stopped = false;
  let waiters: (() => void)[] = [];
  const round = async () => {
    do {
      again = false;
      try {
        await deliverDueAlerts(store, senders, now(), options.policy);
      } catch (e) {
        options.onError?.(e);
      }
    } while (again && !stopped);
    const done = waiters;
    waiters = [];
    for (const w of done) w();
  };
  let busy = false;
  const kick = () => {
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    running = round().finally(() => {
      busy = false;
    });
  };
  const timer = setInterval(kick, options.intervalMs ?? 5_000);
  timer.unref();
  const unhook = onRatingCommitted(store, kick);
  kick();
  return {
    kick,
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        if (busy) again = true;
        else kick();
      }),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      unhook();
      await running;
    },
  };
}
