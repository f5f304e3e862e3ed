import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, requestId, type Balances, type Esim, type Plan, type Wallet } from '../api.js';
import { LoadedView, ProblemText, Title, useLoad } from '../components/ui.js';
import { countryName, formatBytes, formatKind, formatList, formatMessages, formatMoney, formatSeconds } from '../format.js';
import { useLocale } from '../session.js';

export function Plans() {
  const { t } = useTranslation();
  const { language } = useLocale();
  const [loaded, reload] = useLoad(async () => {
    const [plans, esims, balances] = await Promise.all([get<{ plans: Plan[] }>('/plans'), get<{ esims: Esim[] }>('/esims'), get<Balances>('/balances')]);
    return { plans: plans.plans, esims: esims.esims, wallet: balances.wallet };
  }, []);
  const [iccid, setIccid] = useState('');
  const [chosen, setChosen] = useState<Plan>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [bought, setBought] = useState<{ plan: Plan; wallet: Wallet }>();
  const id = useRef('');

  const buy = async (plan: Plan, line: string) => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await post<{ wallet: Wallet }>('/purchases', { id: id.current, iccid: line, planId: plan.id });
      setBought({ plan, wallet: r.wallet });
      setChosen(undefined);
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Title>{t('plans.title')}</Title>
      <LoadedView loaded={loaded}>
        {({ plans, esims, wallet }) => {
          const line = iccid || esims[0]?.iccid || '';
          return (
            <>
              <p>
                {t('dashboard.wallet')}: <strong>{formatMoney(wallet.balanceMinor, wallet.currency, language)}</strong>
              </p>
              {esims.length > 1 ? (
                <div className="field">
                  <label htmlFor="plan-esim">{t('plans.forEsim')}</label>
                  <select id="plan-esim" value={line} onChange={(e) => setIccid(e.target.value)}>
                    {esims.map((e) => (
                      <option key={e.iccid} value={e.iccid}>
                        {t('dashboard.esimTitle', { last: e.iccid.slice(-4) })}
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
              {bought ? (
                <p role="status" className="ok">
                  <span aria-hidden="true">✓ </span>
                  {t('plans.bought', { plan: bought.plan.name, balance: formatMoney(bought.wallet.balanceMinor, bought.wallet.currency, language) })}
                </p>
              ) : null}
              <ProblemText error={error} />
              {plans.length === 0 ? <p>{t('plans.none')}</p> : null}
              <ul className="plans">
                {plans.map((p) => (
                  <li key={p.id} className="card">
                    <h2>{p.name}</h2>
                    <p className="big">{formatMoney(p.priceMinor, p.currency, language)}</p>
                    <ul>
                      {p.allowances.dataBytes !== undefined ? (
                        <li>
                          {formatKind('data', language)}: {formatBytes(p.allowances.dataBytes, language)}
                        </li>
                      ) : null}
                      {p.allowances.voiceSeconds !== undefined ? (
                        <li>
                          {formatKind('voice', language)}: {formatSeconds(p.allowances.voiceSeconds, language)}
                        </li>
                      ) : null}
                      {p.allowances.sms !== undefined ? (
                        <li>
                          {formatKind('sms', language)}: {formatMessages(p.allowances.sms, language)}
                        </li>
                      ) : null}
                      <li>{t(p.validityStarts === 'first_use' ? 'plans.validityFirstUse' : 'plans.validityPurchase', { count: p.validityDays })}</li>
                      <li>
                        {t('plans.coverage', {
                          countries: formatList(
                            p.coverage.map((c) => countryName(c, language)),
                            language,
                          ),
                        })}
                      </li>
                    </ul>
                    {chosen?.id === p.id ? (
                      <div className="confirm" role="group" aria-label={t('plans.confirmTitle')}>
                        <p>{t('plans.confirm', { plan: p.name, price: formatMoney(p.priceMinor, p.currency, language), esim: line.slice(-4) })}</p>
                        <button type="button" className="primary" disabled={busy} onClick={() => void buy(p, line)}>
                          {t('plans.confirmBuy')}
                        </button>{' '}
                        <button type="button" onClick={() => setChosen(undefined)}>
                          {t('common.cancel')}
                        </button>
                      </div>
                    ) : (
                      <button
                        type="button"
                        disabled={!line}
                        onClick={() => {
                          id.current = requestId();
                          setChosen(p);
                          setBought(undefined);
                        }}
                      >
                        {t('plans.buy')}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </>
          );
        }}
      </LoadedView>
    </>
  );
}
