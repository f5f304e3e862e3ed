/**
 * Bars with axes and values a keyboard and a finger can reach: each column is a focusable button
 * (arrow keys move between them, one tab stop for the chart) whose label says its period and
 * value; focusing, tapping or hovering a column writes that value under the chart. The figures
 * are also a table for screen readers.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface BarValue {
  key: string;
  label: string;
  tick: string;
  value: number;
  valueText: string;
}

const WIDTH = 320;
const HEIGHT = 120;
const LEFT = 46; // room for the value axis' labels
const BOTTOM = 16;

export function BarChart({ bars, caption, maxText, language, testId }: { bars: BarValue[]; caption: string; maxText: (max: number) => string; language: string; testId?: string }) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState(bars.length - 1);
  const columns = useRef<(SVGRectElement | null)[]>([]);
  const rtl = language === 'ar';
  const max = Math.max(0, ...bars.map((b) => b.value));
  const plot = WIDTH - LEFT;
  const step = plot / Math.max(1, bars.length);
  const barWidth = Math.max(2, step * 0.7);
  const tickEvery = Math.ceil(bars.length / 7);
  const xOf = (i: number) => LEFT + (rtl ? bars.length - 1 - i : i) * step;
  const current = bars[Math.min(selected, bars.length - 1)];
  const move = (e: KeyboardEvent, i: number) => {
    const delta = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1, Home: -i, End: bars.length - 1 - i }[e.key];
    if (delta === undefined) return;
    e.preventDefault();
    const next = Math.min(bars.length - 1, Math.max(0, i + delta));
    setSelected(next);
    columns.current[next]?.focus();
  };
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{caption}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + BOTTOM}`} role="group" aria-label={caption} direction="ltr">
        <line x1={LEFT} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} className="axis" />
        <line x1={LEFT} x2={WIDTH} y1={4} y2={4} className="grid" />
        <line x1={LEFT} x2={LEFT} y1={4} y2={HEIGHT} className="axis" />
        <text x={LEFT - 3} y={10} textAnchor="end" className="tick" data-testid="axis-max">
          {maxText(max)}
        </text>
        <text x={LEFT - 3} y={HEIGHT} textAnchor="end" className="tick">
          {maxText(0)}
        </text>
        {bars.map((b, i) => {
          const h = max > 0 ? (b.value / max) * (HEIGHT - 6) : 0;
          const x = xOf(i);
          return (
            <g key={b.key}>
              <rect x={x + (step - barWidth) / 2} y={HEIGHT - h} width={barWidth} height={Math.max(h, b.value > 0 ? 1 : 0)} className={i === selected ? 'bar selected' : 'bar'} aria-hidden="true" />
              {/* The whole column is the target: easy to tap however short the bar. */}
              <rect
                ref={(el) => {
                  columns.current[i] = el;
                }}
                x={x}
                y={0}
                width={step}
                height={HEIGHT}
                className="column"
                role="button"
                tabIndex={i === selected ? 0 : -1}
                aria-label={`${b.label}: ${b.valueText}`}
                data-value={b.valueText}
                onFocus={() => setSelected(i)}
                onClick={() => setSelected(i)}
                onPointerEnter={() => setSelected(i)}
                onKeyDown={(e) => move(e, i)}
              />
              {i % tickEvery === 0 || i === bars.length - 1 ? (
                <text x={x + step / 2} y={HEIGHT + 12} textAnchor="middle" className="tick" aria-hidden="true">
                  {b.tick}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <p className="chart-value" aria-live="polite" data-testid="chart-value">
        {current ? (
          <>
            <strong>{current.label}</strong>: {current.valueText}
          </>
        ) : null}
        <span className="muted small"> · {t('numbers.chartHint')}</span>
      </p>
      <div className="sr-only">
        <table>
          <caption>{caption}</caption>
          <tbody>
            {bars.map((b) => (
              <tr key={b.key}>
                <th scope="row">{b.label}</th>
                <td>{b.valueText}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
