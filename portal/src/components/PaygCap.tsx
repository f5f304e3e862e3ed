/** The subscriber's own monthly pay-as-you-go data limit for one eSIM: set, change or remove it. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Payg } from '../api.js';
import { formatBytes } from '../format.js';
import { useLocale } from '../session.js';
import { ProblemText } from './ui.js';

// The display kit counts 1 MB as 1,048,576 bytes (as every channel shows it).
const MB = 1_048_576;

export function PaygCap({ iccid, payg, onSaved }: { iccid: string; payg: Payg | undefined; onSaved: () => void }) {
  const { t } = useTranslation();
  const { language } = useLocale();
  const [text, setText] = useState(payg?.capBytes ? String(Math.round(payg.capBytes / MB)) : '');
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const save = async (capBytes: number | null) => {
    setBusy(true);
    setError(undefined);
    try {
      await api('PUT', `/esims/${iccid}/payg-cap`, { capBytes });
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const mb = Number(text.trim());
    if (!/^\d{1,7}$/.test(text.trim()) || mb < 1) return setInvalid(true);
    setInvalid(false);
    void save(mb * MB);
  };
  const id = `cap-${iccid}`;
  return (
    <details className="payg-cap" data-testid="payg-cap">
      <summary>{t('numbers.capTitle')}</summary>
      <p className="muted small">
        {payg?.capBytes ? t('numbers.capNow', { cap: formatBytes(payg.capBytes, language) }) : t('numbers.capNone')} {t('numbers.capExplain')}
      </p>
      <form onSubmit={submit}>
        <label htmlFor={id}>{t('numbers.capLabel')}</label>
        <input id={id} inputMode="numeric" dir="ltr" value={text} aria-invalid={invalid} onChange={(e) => setText(e.target.value)} />
        {invalid ? (
          <p className="error" role="alert">
            {t('numbers.capInvalid')}
          </p>
        ) : null}
        <ProblemText error={error} />
        <p className="row">
          <button type="submit" className="primary" disabled={busy}>
            {t('numbers.capSave')}
          </button>
          {payg?.capBytes ? (
            <button type="button" disabled={busy} onClick={() => void save(null)}>
              {t('numbers.capRemove')}
            </button>
          ) : null}
        </p>
      </form>
    </details>
  );
}
