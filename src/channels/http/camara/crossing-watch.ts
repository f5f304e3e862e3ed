/**
 * Runs the subscriptions' evaluation after each rating commit (and when a subscription's expiry
 * comes) and delivers what it finds: a level's event, then `subscription-ended` when the last
 * allowed event went out or the time is up. Evaluations never overlap; a request during one queues one more.
 */
import { evaluateSubscriptions, type StoredSubscription } from '../../../services/camara/camara-subscriptions.js';
import { onRatingCommitted } from '../../../services/rating-hooks.js';
import type { AppDeps } from '../env.js';
import { deliver, endedEvent, levelEvent } from './cloud-events.js';

const MAX_TIMER_MS = 2 ** 31 - 1;
const watchers = new WeakMap<AppDeps, () => void>();

async function evaluate(deps: AppDeps): Promise<void> {
  for (const outcome of await evaluateSubscriptions(deps.store, deps.now())) {
    const s = outcome.subscription;
    if (outcome.kind === 'expired') {
      await deliver(deps, s, endedEvent(deps, s, 'SUBSCRIPTION_EXPIRED'));
      continue;
    }
    await deliver(deps, s, levelEvent(deps, s));
    if (outcome.ends) await deliver(deps, s, endedEvent(deps, s, 'MAX_EVENTS_REACHED'));
  }
}

/** Starts listening for rating commits on this app's store; the function that asks for one evaluation. */
export function startCrossingWatch(deps: AppDeps): () => void {
  let running: Promise<void> | undefined;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = evaluate(deps)
      .catch((error: unknown) => deps.log.error({ err: error }, 'CAMARA subscription evaluation failed'))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  onRatingCommitted(deps.store, () => setImmediate(run));
  watchers.set(deps, run);
  return run;
}

/** A subscription with an end time is looked at again when that time comes. */
export function watchSubscription(deps: AppDeps, s: StoredSubscription): void {
  if (!s.body.expiresAt) return;
  const delay = Date.parse(s.body.expiresAt) - deps.now();
  if (delay > MAX_TIMER_MS) return; // far off: a later rating commit finds it expired
  setTimeout(() => watchers.get(deps)?.(), Math.max(0, delay) + 10).unref();
}
