/** Apps the subscriber let read their eSIMs: what each may see, which eSIMs, when it last read; revoke at once. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get, type ConnectedApp } from '../api.js';
import { LoadedView, ProblemText, Title, useLoad } from '../components/ui.js';
import { ScopeList } from '../components/ScopeList.js';
import '../components/consent.css';
import { formatDateTime } from '../format.js';
import { useLocale } from '../session.js';

export function ConnectedApps() {
  const { t } = useTranslation();
  const { language, timeZone } = useLocale();
  const [loaded, reload] = useLoad(() => get<{ apps: ConnectedApp[] }>('/connected-apps'), []);
  const [error, setError] = useState<unknown>();
  const when = (iso: string | null) => (iso ? formatDateTime(iso, language, timeZone) : t('apps.never'));

  async function revoke(grantId: string) {
    setError(undefined);
    try {
      await api('DELETE', `/connected-apps/${encodeURIComponent(grantId)}`);
      reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <Title>{t('apps.title')}</Title>
      <p className="muted">{t('apps.intro')}</p>
      <ProblemText error={error} />
      <LoadedView loaded={loaded}>
        {({ apps }) =>
          apps.length === 0 ? (
            <p data-testid="no-apps">{t('apps.none')}</p>
          ) : (
            <ul className="apps">
              {apps.map((a) => (
                <li key={a.grantId} className="card" data-testid="connected-app">
                  <h2>{a.name}</h2>
                  <ScopeList scopes={a.scopes} />
                  <dl className="facts">
                    <dt>{t('apps.esims')}</dt>
                    <dd dir="ltr">{a.iccids.join(', ')}</dd>
                    <dt>{t('apps.connectedAt')}</dt>
                    <dd>{when(a.connectedAt)}</dd>
                    <dt>{t('apps.lastRead')}</dt>
                    <dd>{when(a.lastReadAt)}</dd>
                    <dt>{t('apps.until')}</dt>
                    <dd>{when(a.expiresAt)}</dd>
                  </dl>
                  <button type="button" data-testid="revoke-app" onClick={() => void revoke(a.grantId)}>
                    {t('apps.revoke')}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </LoadedView>
    </>
  );
}
