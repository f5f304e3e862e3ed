import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post, type SessionInfo } from '../api.js';
import { Field, ProblemText, Title } from '../components/ui.js';
import { LanguagePicker } from '../components/LanguagePicker.js';
import { onLinkClick } from '../router.js';

type Mode = 'password' | 'code';

export function SignIn({ onSignedIn }: { onSignedIn: (s: SessionInfo) => Promise<void> }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('password');
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [codeSent, setCodeSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (mode === 'password') return onSignedIn(await post<SessionInfo>('/auth/sign-in', { phone: phone.trim(), password }));
      if (!codeSent) {
        await post('/auth/otp/request', { phone: phone.trim() });
        setCodeSent(true);
        return;
      }
      return onSignedIn(await post<SessionInfo>('/auth/otp/verify', { phone: phone.trim(), code: code.trim() }));
    });
  };

  return (
    <section className="card narrow">
      <LanguagePicker />
      <Title>{t('signIn.title')}</Title>
      <div className="tabs" role="group" aria-label={t('signIn.method')}>
        {(['password', 'code'] as const).map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={mode === m}
            onClick={() => {
              setMode(m);
              setError(undefined);
            }}
          >
            {t(m === 'password' ? 'signIn.withPassword' : 'signIn.withCode')}
          </button>
        ))}
      </div>
      <form onSubmit={submit} noValidate={false}>
        <Field id="phone" label={t('signIn.phone')} hint={t('signIn.phoneHint')}>
          <input id="phone" name="phone" type="tel" inputMode="tel" autoComplete="username" required dir="ltr" value={phone} aria-describedby="phone-hint" onChange={(e) => setPhone(e.target.value)} />
        </Field>
        {mode === 'password' ? (
          <Field id="password" label={t('signIn.password')}>
            <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </Field>
        ) : codeSent ? (
          <>
            <p role="status">{t('signIn.codeSent')}</p>
            <Field id="code" label={t('signIn.code')}>
              <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required dir="ltr" value={code} onChange={(e) => setCode(e.target.value)} />
            </Field>
          </>
        ) : null}
        <ProblemText error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'code' && !codeSent ? t('signIn.sendCode') : t('signIn.submit')}
        </button>
      </form>
      <p>
        <a href="/forgot-password" onClick={onLinkClick}>
          {t('signIn.forgot')}
        </a>
      </p>
      <p>
        <a href="/help" onClick={onLinkClick}>
          {t('more.help')}
        </a>
      </p>
    </section>
  );
}
