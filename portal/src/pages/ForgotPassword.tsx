import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api.js';
import { LanguagePicker } from '../components/LanguagePicker.js';
import { Field, ProblemText, Title } from '../components/ui.js';
import { onLinkClick } from '../router.js';

export function ForgotPassword() {
  const { t } = useTranslation();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [step, setStep] = useState<'phone' | 'code' | 'done'>('phone');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (step === 'phone') {
        await post('/auth/password/forgot', { phone: phone.trim() });
        setStep('code');
      } else {
        await post('/auth/password/reset', { phone: phone.trim(), code: code.trim(), newPassword });
        setStep('done');
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow">
      <LanguagePicker />
      <Title>{t('forgot.title')}</Title>
      {step === 'done' ? (
        <p role="status" className="ok">
          {t('forgot.done')}
        </p>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <p className="muted">{t('forgot.intro')}</p>
          <Field id="phone" label={t('signIn.phone')} hint={t('signIn.phoneHint')}>
            <input
              id="phone"
              type="tel"
              inputMode="tel"
              autoComplete="username"
              required
              dir="ltr"
              value={phone}
              readOnly={step === 'code'}
              aria-describedby="phone-hint"
              onChange={(e) => setPhone(e.target.value)}
            />
          </Field>
          {step === 'code' ? (
            <>
              <p role="status">{t('signIn.codeSent')}</p>
              <Field id="code" label={t('signIn.code')}>
                <input id="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required dir="ltr" value={code} onChange={(e) => setCode(e.target.value)} />
              </Field>
              <Field id="new-password" label={t('profile.newPassword')} hint={t('profile.passwordRule')}>
                <input
                  id="new-password"
                  type="password"
                  autoComplete="new-password"
                  minLength={8}
                  required
                  value={newPassword}
                  aria-describedby="new-password-hint"
                  onChange={(e) => setNewPassword(e.target.value)}
                />
              </Field>
            </>
          ) : null}
          <ProblemText error={error} />
          <button type="submit" className="primary" disabled={busy}>
            {step === 'phone' ? t('signIn.sendCode') : t('forgot.submit')}
          </button>
        </form>
      )}
      <p>
        <a href="/sign-in" onClick={onLinkClick}>
          {t('forgot.back')}
        </a>
      </p>
    </section>
  );
}
