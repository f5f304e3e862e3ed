/** The last 12 months of the account: data, calls, SMS or spend per month, one metric at a time. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api.js';
import { formatBytes, formatMessages, formatMoney, formatSeconds } from '../format.js';
import { useLocale } from '../session.js';
import { BarChart } from './BarChart.js';
import { formatMonth } from './numbers-format.js';
import { useLoad } from './ui.js';

export interface MonthTotals {
  month: string;
  dataBytes: number;
  voiceSeconds: number;
  smsMessages: number;
  spendMinor: number;
}
export interface Monthly {
  timeZone: string;
  currency: string;
  months: MonthTotals[];
}

const METRICS = ['data', 'voice', 'sms', 'spend'] as const;
type Metric = (typeof METRICS)[number];

function valueOf(m: MonthTotals, metric: Metric): number {
  return metric === 'data' ? m.dataBytes : metric === 'voice' ? m.voiceSeconds : metric === 'sms' ? m.smsMessages : m.spendMinor;
}

export function MonthlyTrend() {
  const { t } = useTranslation();
  const { language } = useLocale();
  const [metric, setMetric] = useState<Metric>('data');
  const [loaded] = useLoad(() => get<Monthly>('/usage/monthly'), []);
  if (loaded.state !== 'ok') return null;
  const { months, currency } = loaded.value;
  const text = (n: number) =>
    metric === 'data' ? formatBytes(n, language) : metric === 'voice' ? formatSeconds(n, language) : metric === 'sms' ? formatMessages(n, language) : formatMoney(n, currency, language);
  const bars = months.map((m) => ({
    key: m.month,
    label: formatMonth(m.month, language, 'long'),
    tick: formatMonth(m.month, language, 'tick'),
    value: valueOf(m, metric),
    valueText: text(valueOf(m, metric)),
  }));
  const caption = t('numbers.trendCaption', {
    metric: t(`numbers.metric.${metric}`),
    from: formatMonth(months[0]!.month, language, 'long'),
    to: formatMonth(months.at(-1)!.month, language, 'long'),
  });
  return (
    <section className="card trend" aria-labelledby="trend-h" data-testid="monthly-trend">
      <h2 id="trend-h">{t('numbers.trendTitle')}</h2>
      <div className="metrics" role="group" aria-label={t('numbers.trendMetric')}>
        {METRICS.map((m) => (
          <button key={m} type="button" aria-pressed={m === metric} onClick={() => setMetric(m)}>
            {t(`numbers.metric.${m}`)}
          </button>
        ))}
      </div>
      <BarChart key={metric} bars={bars} caption={caption} language={language} testId="monthly-chart" maxText={text} />
    </section>
  );
}
