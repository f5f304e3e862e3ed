/**
 * The words of a statement, from the message catalogue (statement.*, kind.*, record.*), as one
 * object per language for the HTML, PDF, CSV and XLSX renderers. `{zone}` in `timesIn` is the
 * account's time zone.
 */
import { message, type MessageKey } from '../../messages/catalogue.js';
import { LANGUAGES, languageOf, type Language } from '../../messages/languages.js';

export const STATEMENT_LANGUAGES = LANGUAGES;
export type StatementLanguage = Language;

const LABELS = [
  'title',
  'account',
  'period',
  'currency',
  'summary',
  'opening',
  'closing',
  'topups',
  'purchases',
  'usageCharges',
  'adjustments',
  'usageByKind',
  'usageByCountry',
  'lines',
  'date',
  'description',
  'amount',
  'balance',
  'quantity',
  'events',
  'country',
  'plan',
  'esim',
  'method',
  'paidFrom',
  'none',
  'timesIn',
  'provisional',
  'type',
  'reference',
  'unit',
  'inPlan',
  'records',
  'invoiceNumber',
  'registration',
  'charges',
  'paidBy',
  'paidByWallet',
] as const;

export type StatementText = Readonly<Record<(typeof LABELS)[number], string>> & {
  readonly kinds: Readonly<Record<'data' | 'voice' | 'sms', string>>;
  readonly paid: Readonly<Record<'wallet' | 'external', string>>;
  readonly methods: Readonly<Record<'voucher' | 'operator', string>>;
};

function textOf(language: Language): StatementText {
  const say = (key: string) => message(language, key as MessageKey);
  return {
    ...(Object.fromEntries(LABELS.map((label) => [label, label === 'timesIn' ? message(language, 'statement.timesIn', { zone: '{zone}' }) : say(`statement.${label}`)])) as Record<
      (typeof LABELS)[number],
      string
    >),
    kinds: { data: message(language, 'kind.total', { kind: 'data' }), voice: message(language, 'kind.total', { kind: 'voice' }), sms: message(language, 'kind.total', { kind: 'sms' }) },
    paid: { wallet: say('statement.paid.wallet'), external: say('statement.paid.external') },
    methods: { voucher: say('statement.methods.voucher'), operator: say('statement.methods.operator') },
  };
}

export const STATEMENT_TEXT: Readonly<Record<StatementLanguage, StatementText>> = Object.fromEntries(LANGUAGES.map((language) => [language, textOf(language)])) as Record<
  StatementLanguage,
  StatementText
>;

export function statementLanguage(language: string): StatementLanguage {
  return languageOf(language);
}
