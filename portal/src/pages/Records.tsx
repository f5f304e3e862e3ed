import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, query, type Esim, type UsageRecord } from '../api.js';
import { DateField, recentYears } from '../components/Pickers.js';
import { CsvLink } from '../components/CsvLink.js';
import { LoadedView, Title, useLoad } from '../components/ui.js';
import { RecordDraws } from '../components/RecordDraws.js';
import { countryName, formatDateTime, formatKind, formatMoney, formatQuantity, formatUsageKind } from '../format.js';
import { useLocale } from '../session.js';

const PAGE_SIZE = 20;
const COUNTRIES = ['HK', 'MO', 'CN', 'TW', 'JP', 'KR', 'TH', 'SG', 'RU', 'OM', 'AE', 'QA', 'US', 'GB', 'FR', 'DE'];

interface Filters {
  kind: string;
  from: string;
  to: string;
  country: string;
  iccid: string;
}
const EMPTY: Filters = { kind: '', from: '', to: '', country: '', iccid: '' };

export function Records() {
  const { t } = useTranslation();
  const { language, timeZone } = useLocale();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const [esims] = useLoad(() => get<{ esims: Esim[] }>('/esims'), []);
  const [loaded] = useLoad(() => get<{ records: UsageRecord[]; nextCursor: string | null }>(`/usage/records${query({ ...filters, limit: PAGE_SIZE, cursor })}`), [filters, cursor]);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
    setCursors([undefined]);
  };
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  return (
    <>
      <Title>{t('records.title')}</Title>
      <form className="filters card" onSubmit={apply} aria-label={t('records.filters')}>
        <div className="field">
          <label htmlFor="f-kind">{t('records.kind')}</label>
          <select id="f-kind" value={draft.kind} onChange={set('kind')}>
            <option value="">{t('records.allKinds')}</option>
            {(['data', 'voice', 'sms'] as const).map((k) => (
              <option key={k} value={k}>
                {formatKind(k, language)}
              </option>
            ))}
          </select>
        </div>
        <DateField id="f-from" label={t('records.from')} value={draft.from} years={recentYears()} onChange={(from) => setDraft({ ...draft, from })} />
        <DateField id="f-to" label={t('records.to')} value={draft.to} years={recentYears()} onChange={(to) => setDraft({ ...draft, to })} />
        <div className="field">
          <label htmlFor="f-country">{t('records.country')}</label>
          <select id="f-country" value={draft.country} onChange={set('country')}>
            <option value="">{t('records.allCountries')}</option>
            {COUNTRIES.map((c) => ({ c, name: countryName(c, language) }))
              .sort((a, b) => a.name.localeCompare(b.name, language))
              .map(({ c, name }) => (
                <option key={c} value={c}>
                  {name}
                </option>
              ))}
          </select>
        </div>
        {esims.state === 'ok' && esims.value.esims.length > 1 ? (
          <div className="field">
            <label htmlFor="f-iccid">{t('records.esim')}</label>
            <select id="f-iccid" value={draft.iccid} onChange={set('iccid')}>
              <option value="">{t('records.allEsims')}</option>
              {esims.value.esims.map((e) => (
                <option key={e.iccid} value={e.iccid}>
                  {t('dashboard.esimTitle', { last: e.iccid.slice(-4) })}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary">
            {t('records.apply')}
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
              setCursors([undefined]);
            }}
          >
            {t('records.reset')}
          </button>
        </div>
      </form>
      <p className="muted small">{t('records.timeZoneNote', { zone: timeZone })}</p>
      <CsvLink path="/usage/records.csv" filters={{ ...filters }} testId="records-csv" />
      <LoadedView loaded={loaded}>
        {({ records, nextCursor }) => (
          <>
            {records.length === 0 ? (
              <p role="status">{t('records.none')}</p>
            ) : (
              <div className="table-wrap" tabIndex={0} role="region" aria-label={t('records.title')}>
                <table className="records">
                  <thead>
                    <tr>
                      <th scope="col">{t('records.date')}</th>
                      <th scope="col">{t('records.kind')}</th>
                      <th scope="col">{t('records.country')}</th>
                      <th scope="col">{t('records.quantity')}</th>
                      <th scope="col">{t('records.charged')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {records.map((r) => (
                      <tr key={r.id} data-kind={r.kind} data-country={r.country}>
                        <td data-label={t('records.date')}>
                          {formatDateTime(r.startedAt, language, timeZone)}{' '}
                          <small className="muted" dir="ltr">
                            …{r.iccid.slice(-4)}
                          </small>
                        </td>
                        <td data-label={t('records.kind')}>{formatUsageKind(r.kind, r.direction, language)}</td>
                        <td data-label={t('records.country')}>{countryName(r.country, language)}</td>
                        <td data-label={t('records.quantity')}>
                          {formatQuantity(r.kind, r.quantity, language)}
                          <RecordDraws record={r} />
                        </td>
                        <td data-label={t('records.charged')}>
                          {r.amountMinor === 0 ? t('records.inPlan') : formatMoney(r.amountMinor, r.currency, language)}
                          {r.debt ? <small className="warn"> {t('records.debt')}</small> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <nav className="pager" aria-label={t('records.paging')}>
              <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
                {t('records.previous')}
              </button>
              <span>{t('records.page', { page: cursors.length })}</span>
              <button type="button" disabled={!nextCursor} onClick={() => nextCursor && setCursors([...cursors, nextCursor])}>
                {t('records.next')}
              </button>
            </nav>
          </>
        )}
      </LoadedView>
    </>
  );
}
