/** The SMS error map and renderer: a keyword outcome becomes the reply text in its language. */
import type { SmsOutcome } from '../../../services/sms-keywords/answer-sms.js';
import { SMS_CATALOG, type SmsCatalog } from './catalog.js';
import { numbersLines } from './numbers-texts.js';
import { splitSms } from '../segments.js';
import { formatAmount, formatCount, formatDataBytes, formatMinutes, formatMonth, formatShortDateTime } from './format.js';

/** A PIN that credits nothing gets one answer whatever the reason; anything else (a throttle too): try later. */
function failure(catalog: SmsCatalog, code: string): string {
  return code === 'invalid_voucher' ? catalog.topupFailed.invalid_voucher : catalog.topupFailed.other;
}

export function renderSmsReply(outcome: SmsOutcome): string {
  let text = renderBody(outcome);
  const numbers = 'numbers' in outcome && outcome.numbers ? numbersLines(outcome.numbers, outcome.timeZone, outcome.language) : [];
  // BALANCE stays one segment: its freshness and forecast lines go in only while they fit.
  for (const line of numbers) {
    const longer = `${text} ${line}`;
    if (outcome.kind === 'balance' && splitSms(longer).parts.length > 1) break;
    text = longer;
  }
  return text;
}

function renderBody(outcome: SmsOutcome): string {
  const { language } = outcome;
  const catalog = SMS_CATALOG[language];
  switch (outcome.kind) {
    case 'balance': return catalog.balance({
      wallet: formatAmount(outcome.wallet.minor, outcome.wallet.currency, language),
      data: outcome.data === null ? null : formatDataBytes(outcome.data.bytes, language),
      until: outcome.data?.validTo == null ? null : formatShortDateTime(outcome.data.validTo, outcome.timeZone, language),
      minutes: outcome.voiceSeconds === null ? null : formatMinutes(outcome.voiceSeconds, language),
      sms: outcome.sms === null ? null : formatCount(outcome.sms, language),
    });
    case 'usage': return catalog.usage({
      month: formatMonth(outcome.month, language),
      data: formatDataBytes(outcome.totals.data, language),
      minutes: formatMinutes(outcome.totals.voice + 59n, language),
      sms: formatCount(outcome.totals.sms, language),
      charged: formatAmount(outcome.charged.minor, outcome.charged.currency, language),
    });
    case 'topup_done': return catalog.topupDone(
      formatAmount(outcome.credited.minor, outcome.credited.currency, language), formatAmount(outcome.wallet.minor, outcome.wallet.currency, language));
    case 'topup_failed': return failure(catalog, outcome.code);
    case 'plans': return outcome.plans.length === 0 ? catalog.noPlans : catalog.plans(outcome.plans.map((p) => catalog.plan({
      name: p.name, data: p.dataBytes === null ? null : formatDataBytes(p.dataBytes, language),
      days: formatCount(BigInt(p.validityDays), language), price: formatAmount(p.price.minor, p.price.currency, language),
    })));
    case 'topup_missing_pin': return catalog.topupMissingPin;
    case 'lang_set': return catalog.langSet;
    case 'lang_invalid': return catalog.langInvalid;
    case 'alerts_stopped': return catalog.alertsStopped;
    case 'alerts_started': return catalog.alertsStarted;
    case 'unknown_sender': return catalog.unknownSender;
    case 'help': return catalog.help;
  }
}
