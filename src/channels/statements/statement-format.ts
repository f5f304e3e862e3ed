/** Display of a statement's values for its account: money, dates, quantities and countries via Intl. */
import { formatMinorPlain, formatMoney, isCurrencyCode, type CurrencyCode } from '../../domain/money.js';
import type { UsageKind } from '../../domain/units.js';
import type { Statement, StatementLine } from '../../services/statements/build-statement.js';
import { STATEMENT_TEXT, statementLanguage, type StatementLanguage, type StatementText } from './statement-text.js';

const MIB = 1_048_576;
const GIB = 1_073_741_824;

export interface StatementFormat {
  language: StatementLanguage;
  text: StatementText;
  money(minor: bigint): string;
  /** The exact decimal amount ("-12.500"), for CSV. */
  plain(minor: bigint): string;
  dateTime(ms: number): string;
  /** `YYYY-MM-DD HH:MM:SS` on the account's wall clock, for CSV and spreadsheets. */
  localIso(ms: number): string;
  quantity(kind: UsageKind, quantity: bigint): string;
  count(n: number): string;
  country(code: string): string;
  describe(line: StatementLine): string;
  method(method: string): string;
}

function unitFormat(locale: string, unit: string, maximumFractionDigits: number) {
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits });
}

export function statementFormat(s: Statement): StatementFormat {
  const language = statementLanguage(s.account.language);
  const text = STATEMENT_TEXT[language];
  const locale = language;
  const currency = s.account.currency;
  const money = (minor: bigint) => (isCurrencyCode(currency) ? formatMoney(minor, currency, locale) : `${minor} ${currency}`);
  const plain = (minor: bigint) => (isCurrencyCode(currency) ? formatMinorPlain(minor, currency as CurrencyCode) : minor.toString());
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { timeZone: s.account.timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const isoParts = new Intl.DateTimeFormat('en-CA', {
    timeZone: s.account.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const regions = new Intl.DisplayNames([locale], { type: 'region', style: 'short', fallback: 'code' });
  const quantity = (kind: UsageKind, q: bigint): string => {
    const n = Number(q);
    if (kind === 'data') {
      if (n >= GIB) return unitFormat(locale, 'gigabyte', 2).format(n / GIB);
      if (n >= MIB) return unitFormat(locale, 'megabyte', 2).format(n / MIB);
      return unitFormat(locale, 'kilobyte', 2).format(n / 1024);
    }
    if (kind === 'voice') {
      const minutes = Math.floor(n / 60);
      const seconds = n % 60;
      const parts = [minutes > 0 ? unitFormat(locale, 'minute', 0).format(minutes) : '', seconds > 0 || minutes === 0 ? unitFormat(locale, 'second', 0).format(seconds) : ''];
      return parts.filter(Boolean).join(' ');
    }
    return integer.format(n);
  };
  const country = (code: string) => {
    try { return regions.of(code) ?? code; } catch { return code; }
  };
  const method = (m: string) => (m === 'voucher' || m === 'operator' ? text.methods[m] : m);
  const describe = (line: StatementLine): string => {
    const d = line.detail;
    const head = text.entries[line.kind];
    if (line.kind === 'usage' && d.usageKind !== undefined) {
      const direction = d.usageKind === 'data' || d.direction === undefined ? '' : ` (${text.directions[d.direction === 'in' ? 'in' : 'out']})`;
      const where = d.country === undefined ? '' : ` · ${country(d.country)}`;
      const amount = d.quantity === undefined ? '' : ` · ${quantity(d.usageKind, d.quantity)}`;
      return `${text.kinds[d.usageKind]}${direction}${where}${amount}`;
    }
    const extra = [d.method === undefined ? undefined : method(d.method), d.planName, d.voucherSerial, d.paymentRef, d.reason].filter((x): x is string => x !== undefined && x !== '');
    return extra.length === 0 ? head : `${head} · ${extra.join(' · ')}`;
  };
  return {
    language, text, money, plain, quantity, country, describe, method,
    dateTime: (ms) => dateTimeFormat.format(ms),
    localIso: (ms) => {
      const p = Object.fromEntries(isoParts.formatToParts(ms).map((x) => [x.type, x.value]));
      return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}:${p['second']}`;
    },
    count: (n) => integer.format(n),
  };
}
