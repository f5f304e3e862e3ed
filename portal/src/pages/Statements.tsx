import { useTranslation } from 'react-i18next';
import { get } from '../api.js';
import { LoadedView, Title, useLoad } from '../components/ui.js';
import { useLocale } from '../session.js';
import { formatMoney, intlLocale } from '../format.js';

interface Totals {
  topupsMinor: number;
  purchasesMinor: number;
  usageChargesMinor: number;
  adjustmentsMinor: number;
}
interface StatementMonth {
  month: string;
  label?: string;
  closed?: boolean;
  totals?: Totals;
  closingBalanceMinor?: number;
}

function MonthTotals({ m }: { m: StatementMonth }) {
  const { t } = useTranslation();
  const { language, currency } = useLocale();
  if (!m.totals || m.closingBalanceMinor === undefined) return null;
  const money = (minor: number) => formatMoney(minor, currency, language);
  const rows = [
    ['totals.topups', m.totals.topupsMinor],
    ['totals.purchases', m.totals.purchasesMinor],
    ['totals.usage', m.totals.usageChargesMinor],
    ...(m.totals.adjustmentsMinor !== 0 ? [['totals.adjustments', m.totals.adjustmentsMinor] as const] : []),
  ] as const;
  return (
    <dl className="totals">
      {rows.map(([key, minor]) => (
        <div key={key} className="fact">
          <dt>{t(key)}</dt>
          <dd>{money(minor)}</dd>
        </div>
      ))}
      <div className="fact closing">
        <dt>{t(m.closed === false ? 'totals.closingNow' : 'totals.closing')}</dt>
        <dd data-testid="closing">{money(m.closingBalanceMinor)}</dd>
      </div>
    </dl>
  );
}

const FORMATS = [
  ['pdf', 'PDF'],
  ['csv', 'CSV'],
  ['xlsx', 'Excel (XLSX)'],
] as const;

function monthLabel(month: string, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

export function Statements() {
  const { t } = useTranslation();
  const { language } = useLocale();
  const [loaded] = useLoad(async () => {
    const body = await get<{ months?: StatementMonth[]; statements?: StatementMonth[] }>('/statements');
    return (body.months ?? body.statements ?? []).slice().sort((a, b) => b.month.localeCompare(a.month));
  }, []);
  return (
    <>
      <Title>{t('statements.title')}</Title>
      <p className="muted">{t('statements.intro')}</p>
      <LoadedView loaded={loaded}>
        {(months) =>
          months.length === 0 ? (
            <p>{t('statements.none')}</p>
          ) : (
            <ul className="statements">
              {months.map((m) => {
                const label = monthLabel(m.month, language);
                return (
                  <li key={m.month} className="card" data-month={m.month}>
                    <h2>{label}</h2>
                    {m.closed === false ? <p className="muted small">{t('statements.open')}</p> : null}
                    <MonthTotals m={m} />
                    <p className="row">
                      {FORMATS.map(([ext, name]) => (
                        <a key={ext} className="button" href={`/api/v1/statements/${m.month}.${ext}`} download aria-label={t('statements.download', { format: name, month: label })}>
                          <span aria-hidden="true">⤓ </span>
                          {name}
                        </a>
                      ))}
                    </p>
                  </li>
                );
              })}
            </ul>
          )
        }
      </LoadedView>
    </>
  );
}
