/** The SMS error map and renderer: a keyword outcome becomes the reply text in its language. */
import { message, topupFailureKey } from '../../../messages/catalogue.js';
import { displayKit, type DisplayKit } from '../../../messages/display.js';
import type { PlanLine, SmsOutcome } from '../../../services/sms-keywords/answer-sms.js';
import { gsmSafe, smsMoney } from './format.js';
import { numbersLines } from './numbers-texts.js';
import { splitSms } from '../segments.js';

/** A plan's name says its allowance ("1GB 3 days") when it has digits: then the line does not repeat it. */
function planLine(kit: DisplayKit, p: PlanLine): string {
  const { language } = kit;
  const details = /\d/.test(p.name)
    ? 'none'
    : message(language, 'sms.planDetails', {
        data: p.dataBytes === null ? 'none' : kit.bytes(p.dataBytes),
        days: p.validityDays,
      });
  return message(language, 'sms.plan', { name: p.name, details, price: smsMoney(kit, p.price.minor, p.price.currency) });
}

function text(outcome: SmsOutcome): string {
  const { language } = outcome;
  const kit = displayKit(language);
  const money = (a: { minor: bigint; currency: string }) => smsMoney(kit, a.minor, a.currency);
  switch (outcome.kind) {
    case 'balance':
      return message(language, 'sms.balance', {
        wallet: money(outcome.wallet),
        data: outcome.data === null ? 'none' : kit.bytes(outcome.data.bytes),
        until: outcome.data?.validTo == null ? 'none' : kit.shortDateTime(outcome.data.validTo, outcome.timeZone),
        hasMinutes: outcome.voiceSeconds === null ? 'no' : 'yes',
        minutes: Number((outcome.voiceSeconds ?? 0n) / 60n),
        hasSms: outcome.sms === null ? 'no' : 'yes',
        sms: Number(outcome.sms ?? 0n),
      });
    case 'usage':
      return message(language, 'sms.usage', {
        month: kit.month(outcome.month, language === 'en' ? 'short' : 'long'),
        data: kit.bytes(outcome.totals.data),
        minutes: Number(outcome.totals.voice / 60n),
        sms: Number(outcome.totals.sms),
        charged: money(outcome.charged),
      });
    case 'topup_done':
      return message(language, 'sms.topupDone', { credited: money(outcome.credited), wallet: money(outcome.wallet) });
    case 'topup_used_before':
      return message(language, 'topup.alreadyUsed', {
        credited: money(outcome.credited),
        wallet: money(outcome.wallet),
        date: kit.shortDate(outcome.at, outcome.timeZone),
      });
    case 'topup_failed':
      return message(language, topupFailureKey(outcome.code));
    case 'plans':
      return outcome.plans.length === 0
        ? message(language, 'sms.noPlans')
        : message(language, 'sms.plans', { list: outcome.plans.map((p) => planLine(kit, p)).join(message(language, 'sms.listSeparator')) });
    case 'topup_missing_pin':
      return message(language, 'sms.topupMissingPin');
    case 'lang_set':
      return message(language, 'sms.langSet');
    case 'lang_invalid':
      return message(language, 'sms.langInvalid');
    case 'alerts_stopped':
      return message(language, 'sms.alertsStopped');
    case 'alerts_started':
      return message(language, 'sms.alertsStarted');
    case 'unknown_sender':
      return message(language, 'sms.unknownSender');
    case 'help':
      return message(language, 'sms.help');
  }
}

export function renderSmsReply(outcome: SmsOutcome): string {
  let reply = text(outcome);
  const numbers = 'numbers' in outcome && outcome.numbers ? numbersLines(outcome.numbers, outcome.timeZone, outcome.language) : [];
  // BALANCE stays one segment: its freshness and forecast lines go in only while they fit.
  for (const line of numbers) {
    const longer = `${reply} ${line}`;
    if (outcome.kind === 'balance' && splitSms(gsmSafe(longer, outcome.language)).parts.length > 1) break;
    reply = longer;
  }
  return gsmSafe(reply, outcome.language);
}
