import { formatPercent } from '../format.js';

/** Remaining allowance as a ring gauge; the same figures are always written out as text. */
export function Gauge({ remaining, initial, label, valueText, language, caption }: { remaining: number; initial: number; label: string; valueText: string; language: string; caption?: string }) {
  const fraction = initial > 0 ? Math.min(1, Math.max(0, remaining / initial)) : 0;
  const percent = Math.round(fraction * 100);
  const r = 42;
  const circumference = 2 * Math.PI * r;
  const level = fraction <= 0.1 ? 'low' : fraction <= 0.25 ? 'mid' : 'ok';
  return (
    <div className={`gauge gauge-${level}`} role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={valueText}>
      <svg viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
        <circle cx="50" cy="50" r={r} className="track" />
        <circle cx="50" cy="50" r={r} className="fill" strokeDasharray={`${fraction * circumference} ${circumference}`} transform="rotate(-90 50 50)" />
        <text x="50" y={caption ? 50 : 55} textAnchor="middle" className="pct">
          {formatPercent(fraction, language)}
        </text>
        {caption ? (
          <text x="50" y="66" textAnchor="middle" className="pct-caption" fontSize="11">
            {caption}
          </text>
        ) : null}
      </svg>
    </div>
  );
}
