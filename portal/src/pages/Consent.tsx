/**
 * The consent screen of an app's authorization request: who the app is, what it will see (each
 * item can be left out), for which eSIMs (the subscriber ticks them) and until when. Allow or deny
 * sends the browser back through the authorization server to the app.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.js';
import { LoadedView, ProblemText, useLoad } from '../components/ui.js';
import { scopeGroups } from '../components/ScopeList.js';
import '../components/consent.css';
import { formatDateTime } from '../format.js';
import { useLocale, useSession } from '../session.js';

interface Details {
  client: { id: string; name: string };
  scopes: string[];
  esims: { iccid: string; msisdn: string | null }[];
  expiresAt: string;
}

const base = (uid: string) => `/oauth/consent/${encodeURIComponent(uid)}`;

export function Consent({ uid }: { uid: string }) {
  const [loaded] = useLoad(() => api<Details>('GET', '/details', undefined, { base: base(uid) }), [uid]);
  return <LoadedView loaded={loaded}>{(details) => <ConsentForm uid={uid} details={details} />}</LoadedView>;
}

function ConsentForm({ uid, details }: { uid: string; details: Details }) {
  const { t } = useTranslation();
  const { account } = useSession();
  const { language, timeZone } = useLocale();
  const [scopes, setScopes] = useState<string[]>(details.scopes);
  const [iccids, setIccids] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value));

  async function decide(allow: boolean) {
    setBusy(true);
    setError(undefined);
    try {
      const r = allow ? await api<{ redirectTo: string }>('POST', '/confirm', { iccids, scopes }, { base: base(uid) }) : await api<{ redirectTo: string }>('POST', '/deny', {}, { base: base(uid) });
      location.assign(r.redirectTo);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <section className="card consent" aria-labelledby="consent-h">
      <h1 id="consent-h" tabIndex={-1}>
        {t('consent.title', { app: details.client.name })}
      </h1>
      <p className="muted">{t('consent.signedInAs', { name: account.name })}</p>
      <fieldset>
        <legend>{t('consent.willSee')}</legend>
        {scopeGroups(details.scopes).map((g) => (
          <label key={g.key} className="check">
            <input
              type="checkbox"
              name="scope"
              value={g.scopes.join(' ')}
              checked={g.scopes.every((s) => scopes.includes(s))}
              onChange={(e) => setScopes(g.scopes.reduce((list, s) => toggle(list, s, e.target.checked), scopes))}
            />
            {t(g.key)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('consent.whichEsims')}</legend>
        {details.esims.map((e) => (
          <label key={e.iccid} className="check">
            <input type="checkbox" name="iccid" value={e.iccid} checked={iccids.includes(e.iccid)} onChange={(ev) => setIccids(toggle(iccids, e.iccid, ev.target.checked))} />
            <span dir="ltr">{e.msisdn ?? e.iccid}</span>{' '}
            <small className="muted" dir="ltr">
              ICCID {e.iccid}
            </small>
          </label>
        ))}
      </fieldset>
      <p>{t('consent.howLong', { date: formatDateTime(details.expiresAt, language, timeZone) })}</p>
      <p className="muted small">{t('consent.revokeHint')}</p>
      <ProblemText error={error} />
      <div className="actions">
        <button type="button" className="primary" data-testid="consent-allow" disabled={busy || iccids.length === 0 || scopes.length === 0} onClick={() => void decide(true)}>
          {t('consent.allow')}
        </button>
        <button type="button" data-testid="consent-deny" disabled={busy} onClick={() => void decide(false)}>
          {t('consent.deny')}
        </button>
      </div>
    </section>
  );
}
