/** Daily data use of one eSIM as a bar chart (see BarChart). */
import { useTranslation } from 'react-i18next';
import { formatBytes, formatDay } from '../format.js';
import { BarChart } from './BarChart.js';
import { formatLongDay } from './numbers-format.js';

export interface DayValue {
  day: string;
  bytes: number;
}

export function UsageChart({ days, language, caption }: { days: DayValue[]; language: string; caption: string }) {
  const { t } = useTranslation();
  const total = days.reduce((s, d) => s + d.bytes, 0);
  const bars = days.map((d) => ({ key: d.day, label: formatLongDay(d.day, language), tick: formatDay(d.day, language), value: d.bytes, valueText: formatBytes(d.bytes, language) }));
  return (
    <BarChart
      bars={bars}
      language={language}
      testId="daily-chart"
      maxText={(n) => formatBytes(n, language)}
      caption={`${caption} · ${t('dashboard.chartTotal', { total: formatBytes(total, language) })}`}
    />
  );
}
