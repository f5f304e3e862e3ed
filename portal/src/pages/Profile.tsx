import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, post, type Account } from '../api.js';
import { Field, ProblemText, Title } from '../components/ui.js';
import { languageName } from '../format.js';
import { changeLanguage, isLanguage, LANGUAGES } from '../i18n.js';
import { useSession } from '../session.js';
import { AlertContacts } from '../components/AlertContacts.js';

const ZONES: string[] = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? ['UTC'];

/** One form with its own busy/error/done state. */
function useSubmit(action: () => Promise<void>): { submit: (e: FormEvent) => void; busy: boolean; error: unknown; done: boolean } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(false);
    action()
      .then(() => setDone(true), setError)
      .finally(() => setBusy(false));
  };
  return { submit, busy, error, done };
}

function Saved({ show, children }: { show: boolean; children: ReactNode }) {
  return show ? (
    <p role="status" className="ok">
      <span aria-hidden="true">✓ </span>
      {children}
    </p>
  ) : null;
}

export function Profile() {
  const { t } = useTranslation();
  const { account } = useSession();
  return (
    <>
      <Title>{t('profile.title')}</Title>
      <section className="card">
        <dl className="facts">
          <dt>{t('profile.name')}</dt>
          <dd>{account.name}</dd>
          <dt>{t('signIn.phone')}</dt>
          <dd dir="ltr">{account.phone ?? '—'}</dd>
          <dt>{t('profile.currency')}</dt>
          <dd>{account.currency}</dd>
        </dl>
      </section>
      <Settings />
      <AlertContacts />
      <PasswordChange />
      <PhoneChange />
    </>
  );
}

function Settings() {
  const { t } = useTranslation();
  const { account, setAccount } = useSession();
  const [language, setLanguage] = useState(account.language);
  const [timeZone, setTimeZone] = useState(account.timeZone);
  const form = useSubmit(async () => {
    const updated = await api<Account>('PATCH', '/me', { language, timeZone });
    if (isLanguage(updated.language)) await changeLanguage(updated.language);
    setAccount(updated);
  });
  return (
    <section className="card" aria-labelledby="settings-h">
      <h2 id="settings-h">{t('profile.settings')}</h2>
      <form onSubmit={form.submit}>
        <Field id="language" label={t('profile.language')}>
          <select id="language" value={language} onChange={(e) => setLanguage(e.target.value)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {languageName(l)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="time-zone" label={t('profile.timeZone')} hint={t('profile.timeZoneHint')}>
          <select id="time-zone" value={timeZone} aria-describedby="time-zone-hint" onChange={(e) => setTimeZone(e.target.value)}>
            {(ZONES.includes(timeZone) ? ZONES : [timeZone, ...ZONES]).map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </Field>
        <ProblemText error={form.error} />
        <button type="submit" className="primary" disabled={form.busy}>
          {t('common.save')}
        </button>
        <Saved show={form.done}>{t('common.saved')}</Saved>
      </form>
    </section>
  );
}

function PasswordChange() {
  const { t } = useTranslation();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const form = useSubmit(async () => {
    await post('/auth/password/change', { currentPassword, newPassword });
    setCurrent('');
    setNew('');
  });
  return (
    <section className="card" aria-labelledby="password-h">
      <h2 id="password-h">{t('profile.changePassword')}</h2>
      <form onSubmit={form.submit}>
        <Field id="current-password" label={t('profile.currentPassword')}>
          <input id="current-password" type="password" autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />
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
            onChange={(e) => setNew(e.target.value)}
          />
        </Field>
        <ProblemText error={form.error} />
        <button type="submit" className="primary" disabled={form.busy}>
          {t('profile.changePassword')}
        </button>
        <Saved show={form.done}>{t('profile.passwordChanged')}</Saved>
      </form>
    </section>
  );
}

function PhoneChange() {
  const { t } = useTranslation();
  const { account, setAccount } = useSession();
  const [password, setPassword] = useState('');
  const [newPhone, setNewPhone] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const form = useSubmit(async () => {
    if (!sent) {
      await post('/auth/phone/change/request', { password, newPhone: newPhone.trim() });
      setPassword('');
      setSent(true);
      throw undefined as never; // not done yet: the code comes next
    }
    await post('/auth/phone/change/confirm', { code: code.trim() });
    setAccount({ ...account, phone: newPhone.trim() });
    setSent(false);
    setCode('');
  });
  return (
    <section className="card" aria-labelledby="phone-h">
      <h2 id="phone-h">{t('profile.changePhone')}</h2>
      <form onSubmit={form.submit}>
        {!sent ? (
          <>
            <Field id="phone-password" label={t('profile.currentPassword')} hint={t('profile.reauth')}>
              <input
                id="phone-password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                aria-describedby="phone-password-hint"
                onChange={(e) => setPassword(e.target.value)}
              />
            </Field>
            <Field id="new-phone" label={t('profile.newPhone')} hint={t('signIn.phoneHint')}>
              <input id="new-phone" type="tel" inputMode="tel" required dir="ltr" value={newPhone} aria-describedby="new-phone-hint" onChange={(e) => setNewPhone(e.target.value)} />
            </Field>
          </>
        ) : (
          <>
            <p role="status">{t('profile.phoneCodeSent', { phone: newPhone })}</p>
            <Field id="phone-code" label={t('signIn.code')}>
              <input id="phone-code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required dir="ltr" value={code} onChange={(e) => setCode(e.target.value)} />
            </Field>
          </>
        )}
        <ProblemText error={form.error} />
        <button type="submit" className="primary" disabled={form.busy}>
          {sent ? t('profile.confirmPhone') : t('signIn.sendCode')}
        </button>
        <Saved show={form.done}>{t('profile.phoneChanged')}</Saved>
      </form>
    </section>
  );
}
