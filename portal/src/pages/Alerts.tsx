import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get } from '../api.js';
import { Field, LoadedView, ProblemText, Title, useLoad } from '../components/ui.js';
import { TimeField } from '../components/Pickers.js';
import { decimalToMinor, minorToDecimal } from '../format.js';
import { onLinkClick } from '../router.js';

interface AlertSettings {
  dataUsedPercent: number[];
  walletBelowMinor: number | null;
  expiryWithinHours: number | null;
  channels: { sms: boolean; email: boolean; webhook: boolean; inbox: boolean };
  /** What the account can receive: e-mail once verified, webhook once a URL is set. */
  available: { sms: boolean; email: boolean; webhook: boolean; inbox: boolean };
  quietHours: { start: string; end: string } | null;
  currency: string;
  timeZone: string;
}

export function Alerts() {
  const { t } = useTranslation();
  const [loaded] = useLoad(() => get<AlertSettings>('/alert-settings'), []);
  return (
    <>
      <Title>{t('alerts.title')}</Title>
      <p className="muted">{t('alerts.intro')}</p>
      <LoadedView loaded={loaded}>{(s) => <AlertForm initial={s} />}</LoadedView>
    </>
  );
}

function AlertForm({ initial }: { initial: AlertSettings }) {
  const { t } = useTranslation();
  const [percent, setPercent] = useState(initial.dataUsedPercent.join(', '));
  const [walletOn, setWalletOn] = useState(initial.walletBelowMinor !== null);
  const [wallet, setWallet] = useState(initial.walletBelowMinor === null ? '' : minorToDecimal(initial.walletBelowMinor, initial.currency));
  const [expiryOn, setExpiryOn] = useState(initial.expiryWithinHours !== null);
  const [expiry, setExpiry] = useState(String(initial.expiryWithinHours ?? 24));
  const [channels, setChannels] = useState(initial.channels);
  const [quietOn, setQuietOn] = useState(initial.quietHours !== null);
  const [quiet, setQuiet] = useState(initial.quietHours ?? { start: '22:00', end: '08:00' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [invalid, setInvalid] = useState<string>();
  const [saved, setSaved] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setError(undefined);
    const thresholds = percent
      .split(/[,\s、،]+/)
      .filter(Boolean)
      .map(Number);
    if (thresholds.some((n) => !Number.isInteger(n) || n < 1 || n > 100) || thresholds.length > 5) return setInvalid('alerts.percentInvalid');
    const walletMinor = walletOn ? decimalToMinor(wallet, initial.currency) : null;
    if (walletMinor === undefined) return setInvalid('alerts.amountInvalid');
    setInvalid(undefined);
    setBusy(true);
    try {
      await api('PUT', '/alert-settings', {
        dataUsedPercent: [...new Set(thresholds)].sort((a, b) => a - b),
        walletBelowMinor: walletMinor,
        expiryWithinHours: expiryOn ? Number(expiry) : null,
        channels,
        quietHours: quietOn ? quiet : null,
      });
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)}>
      <Field id="a-percent" label={t('alerts.dataPercent')} hint={t('alerts.dataPercentHint')}>
        <input id="a-percent" inputMode="numeric" dir="ltr" value={percent} aria-describedby="a-percent-hint" onChange={(e) => setPercent(e.target.value)} />
      </Field>
      <fieldset>
        <legend>{t('alerts.wallet')}</legend>
        <label>
          <input type="checkbox" checked={walletOn} onChange={(e) => setWalletOn(e.target.checked)} /> {t('alerts.on')}
        </label>
        <Field id="a-wallet" label={t('alerts.walletBelow', { currency: initial.currency })}>
          <input id="a-wallet" inputMode="decimal" dir="ltr" disabled={!walletOn} value={wallet} onChange={(e) => setWallet(e.target.value)} />
        </Field>
      </fieldset>
      <fieldset>
        <legend>{t('alerts.expiry')}</legend>
        <label>
          <input type="checkbox" checked={expiryOn} onChange={(e) => setExpiryOn(e.target.checked)} /> {t('alerts.on')}
        </label>
        <Field id="a-expiry" label={t('alerts.expiryHours')}>
          <input id="a-expiry" type="number" min={1} max={720} dir="ltr" disabled={!expiryOn} value={expiry} onChange={(e) => setExpiry(e.target.value)} />
        </Field>
      </fieldset>
      <fieldset>
        <legend>{t('alerts.channels')}</legend>
        {(['sms', 'email', 'webhook', 'inbox'] as const)
          .filter((c) => initial.available[c])
          .map((c) => (
            <label key={c} className="check">
              <input type="checkbox" checked={channels[c]} onChange={(e) => setChannels({ ...channels, [c]: e.target.checked })} />{' '}
              {c === 'inbox' ? t('alertContacts.inboxChannel') : t(`alerts.channel.${c}`)}
            </label>
          ))}
        {initial.available.email && initial.available.webhook ? null : (
          <small className="muted">
            <a href="/profile" onClick={onLinkClick}>
              {t('alertContacts.unavailable')}
            </a>
          </small>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('alerts.quiet')}</legend>
        <label>
          <input type="checkbox" checked={quietOn} onChange={(e) => setQuietOn(e.target.checked)} /> {t('alerts.on')}
        </label>
        <div className="row">
          <TimeField id="a-quiet-start" label={t('alerts.quietFrom')} disabled={!quietOn} value={quiet.start} onChange={(start) => setQuiet({ ...quiet, start })} />
          <TimeField id="a-quiet-end" label={t('alerts.quietTo')} disabled={!quietOn} value={quiet.end} onChange={(end) => setQuiet({ ...quiet, end })} />
        </div>
        <small className="muted">{t('alerts.quietHint', { zone: initial.timeZone })}</small>
      </fieldset>
      {invalid ? (
        <p className="error" role="alert">
          <span aria-hidden="true">⚠ </span>
          {t(invalid)}
        </p>
      ) : null}
      <ProblemText error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('common.save')}
      </button>
      {saved ? (
        <p role="status" className="ok">
          <span aria-hidden="true">✓ </span>
          {t('common.saved')}
        </p>
      ) : null}
    </form>
  );
}
