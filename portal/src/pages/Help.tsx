/** How to reach the operator without the portal (SMS, USSD, hotline), the questions people ask, and the privacy notice. */
import { useTranslation } from 'react-i18next';
import { get } from '../api.js';
import { LoadedView, Title, useLoad } from '../components/ui.js';
import { intlLocale } from '../format.js';
import type { Language } from '../i18n.js';

const COMMANDS = ['balance', 'usage', 'topup', 'plans', 'help', 'lang'] as const;
const FAQ = ['late', 'empty', 'reset', 'topup', 'zone', 'roaming'] as const;
const PRIVACY = ['what', 'why', 'how', 'who', 'rights'] as const;

interface HelpInfo {
  smsShortCode: string;
  ussdCode: string;
  privacyEmail: string;
  keywords: Record<string, Record<(typeof COMMANDS)[number], string>>;
  hotline: { number: string; tel: string; hours: { fromDay: number; toDay: number; open: string; close: string; timeZone: string } };
}

/** "Monday – Sunday, 09:00 – 21:00 Hong Kong Time" in the portal's language, digits included. */
function hoursText(h: HelpInfo['hotline']['hours'], language: string): string {
  const locale = intlLocale(language);
  // 2024-01-01 was a Monday: ISO weekday n is 2024-01-0n.
  const weekday = (n: number) => new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, n));
  const time = (hhmm: string) => {
    const [hh = 0, mm = 0] = hhmm.split(':').map(Number);
    return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1, hh % 24, mm));
  };
  const zone = new Intl.DateTimeFormat(locale, { timeZone: h.timeZone, timeZoneName: 'longGeneric' }).formatToParts(Date.UTC(2024, 0, 1)).find((p) => p.type === 'timeZoneName')?.value ?? h.timeZone;
  const days = h.fromDay === h.toDay ? weekday(h.fromDay) : `${weekday(h.fromDay)} – ${weekday(h.toDay)}`;
  return `${days}, ${time(h.open)} – ${time(h.close)} (${zone})`;
}

export function Help() {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const [loaded] = useLoad(() => get<HelpInfo>('/help'), []);
  return (
    <>
      <Title>{t('help.title')}</Title>
      <p className="muted">{t('help.intro')}</p>
      <LoadedView loaded={loaded}>
        {(help) => {
          const words = help.keywords[language] ?? help.keywords['en']!;
          return (
            <div className="cards help">
              <section className="card" aria-labelledby="help-sms">
                <h2 id="help-sms">{t('help.sms')}</h2>
                <p>
                  {t('help.smsTo')}{' '}
                  <strong className="code" dir="ltr" data-testid="sms-short-code">
                    {help.smsShortCode}
                  </strong>
                </p>
                <table className="keywords">
                  <thead>
                    <tr>
                      <th scope="col">{t('help.command')}</th>
                      <th scope="col">{t('help.keyword')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {COMMANDS.map((c) => (
                      <tr key={c}>
                        <td>{t(`help.commands.${c}`)}</td>
                        <td>
                          <kbd>{words[c].toLocaleUpperCase(language)}</kbd>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="muted small">{t('help.smsFree')}</p>
              </section>
              <section className="card" aria-labelledby="help-ussd">
                <h2 id="help-ussd">{t('help.ussd')}</h2>
                <p>{t('help.ussdDial')}</p>
                <p className="big">
                  <a href={`tel:${encodeURIComponent(help.ussdCode)}`} dir="ltr" data-testid="ussd-code">
                    {help.ussdCode}
                  </a>
                </p>
                <p className="muted small">{t('help.ussdWorks')}</p>
              </section>
              <section className="card" aria-labelledby="help-hotline">
                <h2 id="help-hotline">{t('help.hotline')}</h2>
                <p>{t('help.hotlineCall')}</p>
                <p className="big">
                  <a href={`tel:${help.hotline.tel}`} dir="ltr" data-testid="hotline">
                    {help.hotline.number}
                  </a>
                </p>
                <p>
                  <strong>{t('help.hotlineHours')}</strong>: <span data-testid="hotline-hours">{hoursText(help.hotline.hours, language)}</span>
                </p>
                <p className="muted small">{t('help.hotlineMenu')}</p>
              </section>
            </div>
          );
        }}
      </LoadedView>
      <section aria-labelledby="help-faq" className="faq">
        <h2 id="help-faq">{t('help.faqTitle')}</h2>
        {FAQ.map((q) => (
          <details key={q} className="card">
            <summary>{t(`help.faq.${q}Q`)}</summary>
            <p>{t(`help.faq.${q}A`)}</p>
          </details>
        ))}
      </section>
      <section aria-labelledby="help-privacy" className="card privacy">
        <h2 id="help-privacy">{t('help.privacyTitle')}</h2>
        {PRIVACY.map((p) => (
          <p key={p}>{t(`help.privacy.${p}`)}</p>
        ))}
        {loaded.state === 'ok' ? (
          <p>
            <a href={`mailto:${loaded.value.privacyEmail}`} dir="ltr">
              {loaded.value.privacyEmail}
            </a>
          </p>
        ) : null}
      </section>
    </>
  );
}
