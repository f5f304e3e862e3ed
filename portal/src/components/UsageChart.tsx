/** Daily data use as SVG bars (no chart library), with the figures in a table for screen readers. */
import { useTranslation } from 'react-i18next';
import { formatBytes, formatDay } from '../format.js';

export interface DayValue { day: string; bytes: number }

export function UsageChart({ days, language, caption }: { days: DayValue[]; language: string; caption: string }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...days.map((d) => d.bytes));
  const width = 300;
  const height = 90;
  const step = width / Math.max(1, days.length);
  const bar = Math.max(2, step * 0.7);
  const rtl = language === 'ar';
  const total = days.reduce((s, d) => s + d.bytes, 0);
  return (
    <figure className="chart">
      <figcaption>{caption} · {t('dashboard.chartTotal', { total: formatBytes(total, language) })}</figcaption>
      <svg viewBox={`0 0 ${width} ${height + 14}`} role="img" aria-label={`${caption}: ${formatBytes(total, language)}`} direction="ltr">
        <line x1="0" x2={width} y1={height} y2={height} className="axis" />
        {days.map((d, i) => {
          const h = (d.bytes / max) * (height - 4);
          const x = (rtl ? days.length - 1 - i : i) * step + (step - bar) / 2;
          return (
            <rect key={d.day} x={x} y={height - h} width={bar} height={Math.max(h, d.bytes > 0 ? 1 : 0)} className="bar">
              <title>{`${formatDay(d.day, language)}: ${formatBytes(d.bytes, language)}`}</title>
            </rect>
          );
        })}
        {days.length > 0 ? (
          <>
            <text x={rtl ? width : 0} y={height + 12} textAnchor={rtl ? 'end' : 'start'} className="tick">{formatDay(days[0]!.day, language)}</text>
            <text x={rtl ? 0 : width} y={height + 12} textAnchor={rtl ? 'start' : 'end'} className="tick">{formatDay(days.at(-1)!.day, language)}</text>
          </>
        ) : null}
      </svg>
      {/* A table ignores a narrow width: its box holds the 1 px clip, so it cannot widen the page. */}
      <div className="sr-only">
      <table>
        <caption>{caption}</caption>
        <thead><tr><th scope="col">{t('records.date')}</th><th scope="col">{t('records.quantity')}</th></tr></thead>
        <tbody>{days.map((d) => <tr key={d.day}><td>{formatDay(d.day, language)}</td><td>{formatBytes(d.bytes, language)}</td></tr>)}</tbody>
      </table>
      </div>
    </figure>
  );
}
