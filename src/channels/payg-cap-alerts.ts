/**
 * After each rating commit (and once at start, for imports another process rated), the eSIMs
 * that reached their pay-as-you-go data cap this month: the network barring hook is asked to bar
 * their data and their number gets one SMS. Runs never overlap; a commit during one queues one more.
 */
import { claimCapsReached } from '../services/payg-cap-watch.js';
import type { NetworkBarring } from '../services/ports/network-barring.js';
import type { SmsSender } from '../services/ports/sms-sender.js';
import { onRatingCommitted } from '../services/rating-hooks.js';
import { SMS_LANGUAGES, type SmsLanguage } from '../services/sms-keywords/keywords.js';
import type { Store } from '../store/open-store.js';
import { overCapAlert } from './sms/messages/numbers-texts.js';

export interface CapAlertDeps {
  readonly store: Store;
  readonly sms: SmsSender;
  readonly barring: NetworkBarring;
  readonly now: () => number;
  readonly log: { error(o: object, m: string): void };
}

const smsLanguage = (l: string): SmsLanguage => ((SMS_LANGUAGES as readonly string[]).includes(l) ? (l as SmsLanguage) : 'en');

export async function alertCapsReached(deps: CapAlertDeps): Promise<number> {
  const reached = await claimCapsReached(deps.store, deps.now());
  for (const r of reached) {
    await deps.barring.barData({ iccid: r.iccid, imsi: r.imsi, reason: 'payg_cap_reached', capBytes: r.capBytes, usedBytes: r.usedBytes, month: r.month });
    if (r.msisdn !== null) await deps.sms.send({ to: r.msisdn, text: overCapAlert(smsLanguage(r.language)), purpose: 'alert' });
  }
  return reached.length;
}

export function startCapWatch(deps: CapAlertDeps): void {
  let running: Promise<unknown> | undefined;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = alertCapsReached(deps)
      .catch((error: unknown) => deps.log.error({ err: error }, 'pay-as-you-go cap alerts failed'))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  };
  onRatingCommitted(deps.store, () => setImmediate(run));
  setImmediate(run);
}
