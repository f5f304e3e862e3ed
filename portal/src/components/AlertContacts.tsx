import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, get, post } from '../api.js';
import { Field, LoadedView, ProblemText, useLoad } from './ui.js';

export interface Contacts {
  email: string | null;
  emailVerified: boolean;
  emailPending: string | null;
  webhookUrl: string | null;
}

/** A verified e-mail address and a webhook URL for alerts (the profile's section). */
export function AlertContacts() {
  const { t } = useTranslation();
  const [loaded, reload] = useLoad(() => get<Contacts>('/alert-contacts'), []);
  return (
    <section className="card" aria-labelledby="contacts-h">
      <h2 id="contacts-h">{t('alertContacts.title')}</h2>
      <LoadedView loaded={loaded}>
        {(c) => (
          <>
            <EmailForm contacts={c} changed={reload} />
            <WebhookForm contacts={c} />
          </>
        )}
      </LoadedView>
    </section>
  );
}

function useAction(): [(f: () => Promise<void>) => (e?: FormEvent) => void, boolean, unknown] {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = (f: () => Promise<void>) => (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(undefined);
    f()
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return [run, busy, error];
}

function EmailForm({ contacts, changed }: { contacts: Contacts; changed: () => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(contacts.emailPending ?? contacts.email ?? '');
  const [code, setCode] = useState('');
  const [run, busy, error] = useAction();
  return (
    <>
      {contacts.emailVerified ? <p className="ok">{t('alertContacts.verified', { email: contacts.email })}</p> : null}
      <form
        onSubmit={run(async () => {
          await api('PUT', '/alert-contacts/email', { email });
          changed();
        })}
      >
        <Field id="alert-email" label={t('alertContacts.email')} hint={t('alertContacts.emailHint')}>
          <input id="alert-email" type="email" dir="ltr" autoComplete="email" value={email} aria-describedby="alert-email-hint" onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <button type="submit" disabled={busy}>
          {t('alertContacts.sendCode')}
        </button>
        {contacts.emailVerified ? (
          <button
            type="button"
            className="link"
            onClick={run(async () => {
              await api('DELETE', '/alert-contacts/email');
              changed();
            })}
          >
            {t('alertContacts.remove')}
          </button>
        ) : null}
      </form>
      {contacts.emailPending ? (
        <form
          onSubmit={run(async () => {
            await post('/alert-contacts/email/confirm', { code });
            setCode('');
            changed();
          })}
        >
          <p role="status">{t('alertContacts.pending', { email: contacts.emailPending })}</p>
          <Field id="alert-email-code" label={t('alertContacts.code')}>
            <input id="alert-email-code" inputMode="numeric" autoComplete="one-time-code" dir="ltr" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} />
          </Field>
          <button type="submit" className="primary" disabled={busy}>
            {t('alertContacts.confirm')}
          </button>
        </form>
      ) : null}
      <ProblemText error={error} />
    </>
  );
}

function WebhookForm({ contacts }: { contacts: Contacts }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState(contacts.webhookUrl ?? '');
  const [secret, setSecret] = useState<string | null>(null);
  const [run, busy, error] = useAction();
  return (
    <form onSubmit={run(async () => setSecret((await api<{ secret: string | null }>('PUT', '/alert-contacts/webhook', { url: url.trim() === '' ? null : url.trim() })).secret))}>
      <Field id="alert-webhook" label={t('alertContacts.webhook')} hint={t('alertContacts.webhookHint')}>
        <input id="alert-webhook" type="url" dir="ltr" value={url} aria-describedby="alert-webhook-hint" onChange={(e) => setUrl(e.target.value)} />
      </Field>
      <button type="submit" disabled={busy}>
        {t('alertContacts.saveWebhook')}
      </button>
      {secret ? (
        <p role="status" className="ok" dir="auto">
          {t('alertContacts.secret', { secret })}
        </p>
      ) : null}
      <ProblemText error={error} />
    </form>
  );
}
