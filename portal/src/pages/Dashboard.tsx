import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { get, query, type Balances, type Bucket, type Esim, type Plan, type Summary } from '../api.js';
import { EndedBucket } from '../components/EndedBucket.js';
import { ForecastNote } from '../components/ForecastNote.js';
import { Freshness } from '../components/Freshness.js';
import { Gauge } from '../components/Gauge.js';
import { MonthlyTrend } from '../components/MonthlyTrend.js';
import { PaygBanner } from '../components/PaygBanner.js';
import { PaygCap } from '../components/PaygCap.js';
import { LoadedView, Title, useLoad } from '../components/ui.js';
import { UsageChart, type DayValue } from '../components/UsageChart.js';
import { addDays, formatBytes, formatDate, formatDateTime, formatKind, formatMoney, formatQuantity, localDay, timeLeft } from '../format.js';
import { onLinkClick } from '../router.js';
import { useLocale } from '../session.js';

const USABLE = new Set(['active', 'not_started']);

export function Dashboard() {
  const { t } = useTranslation();
  const { language, timeZone } = useLocale();
  const [loaded, reload] = useLoad(async () => {
    const [esims, balances, plans] = await Promise.all([get<{ esims: Esim[] }>('/esims'), get<Balances>('/balances'), get<{ plans: Plan[] }>('/plans').catch(() => ({ plans: [] as Plan[] }))]);
    return { esims: esims.esims, balances, plans: new Map(plans.plans.map((p) => [p.id, p])) };
  }, []);
  return (
    <>
      <Title>{t('dashboard.title')}</Title>
      <LoadedView loaded={loaded}>
        {({ esims, balances, plans }) => (
          <>
            <section className="card wallet" aria-labelledby="wallet-h">
              <h2 id="wallet-h">{t('dashboard.wallet')}</h2>
              <p className="big" data-testid="wallet-balance">
                {formatMoney(balances.wallet.balanceMinor, balances.wallet.currency, language)}
              </p>
              {balances.wallet.balanceMinor < 0 ? (
                <p className="warn">
                  <span aria-hidden="true">⚠ </span>
                  {t('dashboard.debt')}
                </p>
              ) : null}
              <ForecastNote forecast={balances.wallet.forecast} kind={null} />
              <p className="row">
                <a className="button" href="/top-up" onClick={onLinkClick}>
                  {t('nav.topUp')}
                </a>
                <a className="button" href="/plans" onClick={onLinkClick}>
                  {t('nav.plans')}
                </a>
              </p>
              <p className="muted small">
                {t('dashboard.updatedAt', { time: formatDateTime(balances.asOf, language, timeZone) })}{' '}
                <button type="button" className="link" onClick={reload}>
                  {t('common.refresh')}
                </button>
              </p>
            </section>
            {esims.length === 0 ? <p>{t('dashboard.noEsims')}</p> : null}
            <div className="cards">
              {esims.map((esim) => (
                <EsimCard key={esim.iccid} esim={esim} now={Date.parse(balances.asOf)} plans={plans} onChanged={reload} balance={balances.esims.find((e) => e.iccid === esim.iccid)} />
              ))}
            </div>
            {esims.length > 0 ? <MonthlyTrend /> : null}
          </>
        )}
      </LoadedView>
    </>
  );
}

export function esimTitle(esim: Esim, t: (k: string, o?: Record<string, string>) => string): string {
  return t('dashboard.esimTitle', { last: esim.iccid.slice(-4) });
}

function EsimCard({ esim, balance, plans, now, onChanged }: { esim: Esim; balance: Balances['esims'][number] | undefined; plans: Map<string, Plan>; now: number; onChanged: () => void }) {
  const buckets = balance?.buckets ?? [];
  const ended = buckets.filter((b) => !USABLE.has(b.status));
  const { t } = useTranslation();
  const { language } = useLocale();
  useEffect(() => {
    if (performance.getEntriesByName('first-esim-card').length === 0) requestAnimationFrame(() => performance.mark('first-esim-card'));
  }, []);
  const usable = buckets.filter((b) => USABLE.has(b.status));
  const data = usable.filter((b) => b.kind === 'data');
  const others = usable.filter((b) => b.kind !== 'data');
  const remaining = data.reduce((s, b) => s + b.remaining, 0);
  const initial = data.reduce((s, b) => s + b.initial, 0);
  const id = `esim-${esim.iccid}`;
  const planNames = [...new Set(esim.plans.map((p) => p.name))];
  return (
    <section className="card esim" aria-labelledby={id} data-testid="esim-card">
      <h2 id={id}>
        <a href={`/esims/${esim.iccid}`} onClick={onLinkClick}>
          {esimTitle(esim, t)}
        </a>
      </h2>
      <p className="muted small" dir="ltr">
        {esim.msisdn ?? ''} {esim.msisdn ? '· ' : ''}ICCID …{esim.iccid.slice(-8)}
      </p>
      <PaygBanner payg={balance?.payg} />
      <Freshness freshness={balance?.freshness} />
      {data.length > 0 ? (
        <div className="data-left">
          <Gauge
            remaining={remaining}
            initial={initial}
            label={t('dashboard.dataLeft')}
            language={language}
            caption={t('numbers.gaugeLeft')}
            valueText={t('dashboard.dataLeftOf', { left: formatBytes(remaining, language), total: formatBytes(initial, language) })}
          />
          <div>
            <p className="big">{formatBytes(remaining, language)}</p>
            <p>{t('dashboard.dataLeftOf', { left: formatBytes(remaining, language), total: formatBytes(initial, language) })}</p>
            <p className="muted small" data-testid="data-used">
              {t('numbers.gaugeUsed', { used: formatBytes(Math.max(0, initial - remaining), language) })}
            </p>
          </div>
        </div>
      ) : balance?.payg?.active ? null : (
        <p>{t('dashboard.noDataPlan')}</p>
      )}
      <ul className="buckets">
        {[...data, ...others].map((b) => (
          <BucketLine key={b.bucketId} bucket={b} plan={plans.get(b.planId)} now={now} />
        ))}
        {ended.map((b) => (
          <EndedBucket key={b.bucketId} bucket={b} planName={plans.get(b.planId)?.name} payg={balance?.payg} />
        ))}
      </ul>
      {planNames.length > 0 ? <p className="muted small">{t('dashboard.plans', { names: planNames.join(' · ') })}</p> : null}
      <DailyChart iccid={esim.iccid} buckets={data} now={now} />
      <PaygCap iccid={esim.iccid} payg={balance?.payg} onSaved={onChanged} />
    </section>
  );
}

function BucketLine({ bucket, plan, now }: { bucket: Bucket; plan: Plan | undefined; now: number }) {
  const { t } = useTranslation();
  const { language, timeZone } = useLocale();
  const amount = formatQuantity(bucket.kind, bucket.remaining, language);
  const kind = formatKind(bucket.kind, language);
  let validity: string;
  if (bucket.status === 'not_started' || bucket.validTo === null) {
    validity = plan ? t('dashboard.startsOnFirstUseDays', { count: plan.validityDays }) : t('dashboard.startsOnFirstUse');
  } else {
    const left = timeLeft(Date.parse(bucket.validTo), now, language);
    validity = t('dashboard.validUntil', { date: formatDateTime(bucket.validTo, language, timeZone), left: left.text });
  }
  return (
    <li>
      <strong>{kind}</strong>: {t('dashboard.left', { amount })} — <span>{validity}</span>
      <ForecastNote forecast={bucket.forecast} kind={bucket.kind} />
    </li>
  );
}

function DailyChart({ iccid, buckets, now }: { iccid: string; buckets: Bucket[]; now: number }) {
  const { t } = useTranslation();
  const { language, timeZone } = useLocale();
  const to = localDay(now, timeZone);
  const started = buckets
    .map((b) => b.validFrom)
    .filter((v): v is string => v !== null)
    .map((v) => localDay(Date.parse(v), timeZone))
    .sort();
  const earliest = addDays(to, -29);
  const from = started[0] && started[0] > earliest ? started[0] : addDays(to, -13);
  const [loaded] = useLoad(() => get<Summary>(`/usage/summary${query({ granularity: 'day', from, to, iccid })}`), [iccid, from, to]);
  if (loaded.state !== 'ok') return null;
  const byDay = new Map<string, number>();
  for (const p of loaded.value.periods) if (p.kind === 'data') byDay.set(p.period, (byDay.get(p.period) ?? 0) + p.quantity);
  const days: DayValue[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push({ day: d, bytes: byDay.get(d) ?? 0 });
  const caption = t('dashboard.chartCaption', { from: formatDate(`${from}T12:00:00Z`, language, 'UTC'), to: formatDate(`${to}T12:00:00Z`, language, 'UTC') });
  return <UsageChart days={days} language={language} caption={caption} />;
}
