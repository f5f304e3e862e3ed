/** Display of a statement's values for its account, through the display kit: money, dates, quantities with units, countries. */
import { formatMinorPlain, isCurrencyCode } from '../../domain/money.js';
import type { UsageKind } from '../../domain/units.js';
import { message } from '../../messages/catalogue.js';
import { displayKit } from '../../messages/display.js';
import type { LedgerKind, Statement, StatementLine } from '../../services/statements/build-statement.js';
import type { UsageRecordBrief } from '../../services/statements/statement-usage.js';
import { STATEMENT_TEXT, statementLanguage, type StatementLanguage, type StatementText } from './statement-text.js';

export interface StatementFormat {
  language: StatementLanguage;
  text: StatementText;
  money(minor: bigint): string;
  /** The exact decimal amount ("-12.500"), for CSV. */
  plain(minor: bigint): string;
  dateTime(ms: number): string;
  /** `YYYY-MM-DD HH:MM:SS` on the account's wall clock, for CSV and spreadsheets. */
  localIso(ms: number): string;
  /** "1.5 GB", "1 minute 1 second", "3 messages". */
  quantity(kind: UsageKind, quantity: bigint): string;
  count(n: number): string;
  country(code: string): string;
  /** A ledger line or usage record as words: "Outgoing call · Japan · 1 minute 1 second". */
  describe(line: StatementLine): string;
  describeRecord(record: UsageRecordBrief): string;
  /** "Top-up", "Plan purchase", "Usage", "Opening balance" ... */
  entry(kind: LedgerKind | 'opening' | 'closing'): string;
  /** The unit a raw quantity is counted in: "bytes", "seconds", "messages". */
  unitName(kind: UsageKind): string;
  method(method: string): string;
}

const UNIT_OF = { data: 'bytes', voice: 'seconds', sms: 'messages' } as const;

export function statementFormat(s: Statement): StatementFormat {
  const language = statementLanguage(s.account.language);
  const text = STATEMENT_TEXT[language];
  const kit = displayKit(language);
  const zone = s.account.timeZone;
  const currency = s.account.currency;
  const isoParts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const quantity = (kind: UsageKind, q: bigint): string => (kind === 'data' ? kit.bytes(q) : kind === 'voice' ? kit.duration(q) : kit.messages(q));
  const usageWords = (d: { usageKind: UsageKind; direction?: string; country?: string; quantity?: bigint }) =>
    [
      message(language, 'record.usage', { kind: d.usageKind, direction: d.direction ?? 'out' }),
      ...(d.country === undefined ? [] : [kit.country(d.country)]),
      ...(d.quantity === undefined ? [] : [quantity(d.usageKind, d.quantity)]),
    ].join(' · ');
  const method = (m: string) => (m === 'voucher' || m === 'operator' ? text.methods[m] : m);
  const entry = (kind: LedgerKind | 'opening' | 'closing') => message(language, 'statement.entry', { kind });
  return {
    language,
    text,
    quantity,
    method,
    entry,
    money: (minor) => kit.money(minor, currency),
    plain: (minor) => (isCurrencyCode(currency) ? formatMinorPlain(minor, currency) : minor.toString()),
    dateTime: (ms) => kit.dateTime(ms, zone),
    localIso: (ms) => {
      const p = Object.fromEntries(isoParts.formatToParts(ms).map((x) => [x.type, x.value]));
      return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}:${p['second']}`;
    },
    count: (n) => kit.number(n),
    country: (code) => kit.country(code),
    unitName: (kind) => message(language, 'statement.unitName', { unit: UNIT_OF[kind] }),
    describeRecord: (r) => usageWords({ usageKind: r.kind, direction: r.direction, country: r.country, quantity: r.quantity }),
    describe: (line) => {
      const d = line.detail;
      if (line.kind === 'usage' && d.usageKind !== undefined) return usageWords({ ...d, usageKind: d.usageKind });
      const extra = [d.method === undefined ? undefined : method(d.method), d.planName, d.voucherSerial, d.paymentRef, d.reason].filter((x): x is string => x !== undefined && x !== '');
      return [entry(line.kind), ...extra].join(' · ');
    },
  };
}
