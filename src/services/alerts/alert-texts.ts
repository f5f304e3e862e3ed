/**
 * An alert as words: its subject (e-mail, inbox) and text (SMS, e-mail body, inbox) from the
 * message catalogue in the account's language, figures through the display kit in the account's
 * currency and time zone.
 */
import type { AlertRule } from '../../domain/alerts.js';
import { planName } from '../../domain/catalog.js';
import type { UsageKind } from '../../domain/units.js';
import { message, type MessageKey } from '../../messages/catalogue.js';
import { displayKit, type DisplayKit } from '../../messages/display.js';
import { LOCALE_OF, languageOf } from '../../messages/languages.js';

export interface AlertPayload {
  kind?: UsageKind;
  planId?: string | null;
  initial?: string;
  remaining?: string;
  level?: number;
  validFromMs?: number | null;
  validToMs?: number | null;
  rateMinor?: string | null;
  currency?: string;
  balanceMinor?: string;
  belowMinor?: string | null;
}

export interface AlertToRender {
  readonly rule: AlertRule;
  readonly level: number;
  readonly payload: AlertPayload;
}
export interface Recipient {
  readonly language: string;
  readonly timeZone: string;
  readonly currency: string;
}
export interface RenderedAlert {
  readonly subject: string;
  readonly text: string;
}

/** A bucket's amount in its kind's unit: bytes, minutes, messages. */
function amount(kit: DisplayKit, kind: UsageKind | undefined, units: bigint): string {
  if (kind === 'voice') return kit.minutes(units);
  if (kind === 'sms') return kit.messages(units);
  return kit.bytes(units);
}

const SUBJECT_OF: Record<AlertRule, string> = {
  bucket_level: 'level',
  payg: 'payg',
  wallet_low: 'walletLow',
  wallet_debt: 'walletDebt',
  bucket_expiring: 'expiring',
  plan_started: 'started',
};

export function renderAlert(alert: AlertToRender, to: Recipient, planNames: Readonly<Record<string, string>> | undefined): RenderedAlert {
  const language = languageOf(to.language);
  const kit = displayKit(language);
  const p = alert.payload;
  const values = {
    plan: planNames ? planName({ id: p.planId ?? '', name: planNames }, language) : (p.planId ?? ''),
    used: new Intl.NumberFormat(LOCALE_OF[language], { style: 'percent' }).format(alert.level / 100),
    remaining: amount(kit, p.kind, BigInt(p.remaining ?? '0')),
    until: p.validToMs == null ? '' : kit.dateTime(p.validToMs, to.timeZone),
    balance: kit.money(BigInt(p.balanceMinor ?? '0'), to.currency),
    below: p.belowMinor == null ? '' : kit.money(BigInt(p.belowMinor), to.currency),
    rate: p.rateMinor == null ? '' : message(language, 'alert.rate', { money: kit.money(BigInt(p.rateMinor), p.currency ?? to.currency), unit: p.kind ?? 'data' }),
  };
  const usedUp = alert.rule === 'bucket_level' && alert.level >= 100;
  const subject = message(language, 'alert.subject', { ...values, rule: usedUp ? 'usedUp' : SUBJECT_OF[alert.rule] });
  return { subject, text: message(language, textKey(alert.rule, usedUp), values) };
}

function textKey(rule: AlertRule, usedUp: boolean): MessageKey {
  switch (rule) {
    case 'bucket_level':
      return usedUp ? 'alert.usedUp' : 'alert.level';
    case 'payg':
      return 'alert.payg';
    case 'wallet_low':
      return 'alert.walletLow';
    case 'wallet_debt':
      return 'alert.walletDebt';
    case 'bucket_expiring':
      return 'alert.expiring';
    case 'plan_started':
      return 'alert.planStarted';
  }
}
