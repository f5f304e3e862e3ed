/** The wallet's movements (top-ups, plans bought, usage charges), filtered and paged, with a CSV of the same filters. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, query, type Kind } from '../api.js';
import { DateField, recentYears } from '../components/Pickers.js';
import { CsvLink } from '../components/CsvLink.js';
import { LoadedView, Title, useLoad } from '../components/ui.js';
import { countryName, formatDateTime, formatMoney, formatQuantity, formatUsageKind } from '../format.js';
import { useLocale } from '../session.js';

const PAGE_SIZE = 20;
const KINDS = ['topup', 'purchase', 'usage', 'adjust'] as const;

interface Transaction {
  id: string;
  at: string;
  kind: (typeof KINDS)[number];
  amountMinor: number;
  balanceAfterMinor: number;
  ref: string;
  detail: { planName?: string; method?: string; voucherSerial?: string; paymentRef?: string; usageKind?: Kind; direction?: string; country?: string; quantity?: number; reason?: string };
}
interface Page {
  currency: string;
  timeZone: string;
  total: number;
  transactions: Transaction[];
}
interface Filters {
  kind: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { kind: '', from: '', to: '' };

export function Transactions() {
  const { t } = useTranslation();
  const { language, timeZone } = useLocale();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [offset, setOffset] = useState(0);
  const [loaded] = useLoad(() => get<Page>(`/transactions${query({ ...filters, limit: PAGE_SIZE, offset })}`), [filters, offset]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
    setOffset(0);
  };
  const describe = (x: Transaction): string => {
    const d = x.detail;
    if (x.kind === 'usage' && d.usageKind) {
      const what = formatUsageKind(d.usageKind, d.direction, language);
      const amount = d.quantity === undefined ? '' : ` · ${formatQuantity(d.usageKind, d.quantity, language)}`;
      return `${what}${d.country ? ` · ${countryName(d.country, language)}` : ''}${amount}`;
    }
    const method = d.method === 'voucher' ? t('transactions.voucher') : d.method ? t('transactions.payment') : undefined;
    return [method, d.planName, d.voucherSerial, d.paymentRef, d.reason].filter(Boolean).join(' · ');
  };
  return (
    <>
      <Title>{t('transactions.title')}</Title>
      <p className="muted">{t('transactions.intro')}</p>
      <form className="filters card" onSubmit={apply} aria-label={t('records.filters')}>
        <div className="field">
          <label htmlFor="x-kind">{t('transactions.kind')}</label>
          <select id="x-kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
            <option value="">{t('transactions.allKinds')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`transactions.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <DateField id="x-from" label={t('records.from')} value={draft.from} years={recentYears()} onChange={(from) => setDraft({ ...draft, from })} />
        <DateField id="x-to" label={t('records.to')} value={draft.to} years={recentYears()} onChange={(to) => setDraft({ ...draft, to })} />
        <div className="actions">
          <button type="submit" className="primary">
            {t('records.apply')}
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
              setOffset(0);
            }}
          >
            {t('records.reset')}
          </button>
        </div>
      </form>
      <p className="muted small">{t('records.timeZoneNote', { zone: timeZone })}</p>
      <CsvLink path="/transactions.csv" filters={{ ...filters }} testId="transactions-csv" />
      <LoadedView loaded={loaded}>
        {({ currency, total, transactions }) => (
          <>
            {transactions.length === 0 ? (
              <p role="status">{t('transactions.none')}</p>
            ) : (
              <div className="table-wrap" tabIndex={0} role="region" aria-label={t('transactions.title')}>
                <table className="records transactions">
                  <thead>
                    <tr>
                      <th scope="col">{t('transactions.date')}</th>
                      <th scope="col">{t('transactions.kind')}</th>
                      <th scope="col">{t('transactions.description')}</th>
                      <th scope="col">{t('transactions.amount')}</th>
                      <th scope="col">{t('transactions.balance')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {transactions.map((x) => (
                      <tr key={x.id} data-kind={x.kind}>
                        <td data-label={t('transactions.date')}>{formatDateTime(x.at, language, timeZone)}</td>
                        <td data-label={t('transactions.kind')}>{t(`transactions.kinds.${x.kind}`)}</td>
                        <td data-label={t('transactions.description')}>{describe(x) || '—'}</td>
                        <td data-label={t('transactions.amount')} className={x.amountMinor < 0 ? 'debit' : 'credit'}>
                          {formatMoney(x.amountMinor, currency, language)}
                        </td>
                        <td data-label={t('transactions.balance')}>{formatMoney(x.balanceAfterMinor, currency, language)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <nav className="pager" aria-label={t('records.paging')}>
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
                {t('records.previous')}
              </button>
              <span>{t('records.page', { page: offset / PAGE_SIZE + 1 })}</span>
              <button type="button" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
                {t('records.next')}
              </button>
            </nav>
          </>
        )}
      </LoadedView>
    </>
  );
}
