/**
 * A date chosen as day, month and year in the portal's language (a native date input draws its
 * picker in the browser's language instead). The value is `YYYY-MM-DD`, or '' until all three are set.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, intlLocale } from '../format.js';

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  years: number[];
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function DateField({ id, label, value, onChange, years }: Props) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [parts, setParts] = useState(() => value.split('-'));
  useEffect(() => setParts(value === '' ? ['', '', ''] : value.split('-')), [value]);
  const [year = '', month = '', day = ''] = parts;
  const update = (next: string[]) => {
    const [y = '', m = '', d = ''] = next;
    const clamped = y && m && d ? String(Math.min(Number(d), daysIn(Number(y), Number(m)))).padStart(2, '0') : d;
    setParts([y, m, clamped]);
    onChange(y && m && clamped ? `${y}-${m}-${clamped}` : '');
  };
  const monthName = new Intl.DateTimeFormat(intlLocale(language), { month: 'long', timeZone: 'UTC' });
  const days = daysIn(Number(year) || 2000, Number(month) || 1);
  // The order people write dates in: day first in ru and ar, year first in CJK, month first in en.
  const order = /^(zh|ja|ko)/.test(language) ? ['y', 'm', 'd'] : language === 'en' ? ['m', 'd', 'y'] : ['d', 'm', 'y'];
  const selects = {
    y: (
      <select key="y" id={`${id}-year`} aria-label={`${label}: ${t('picker.year')}`} value={year} onChange={(e) => update([e.target.value, month, day])}>
        <option value="">{t('picker.any')}</option>
        {years.map((y) => (
          <option key={y} value={String(y)}>
            {new Intl.DateTimeFormat(intlLocale(language), { year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, 5, 1))}
          </option>
        ))}
      </select>
    ),
    m: (
      <select key="m" id={`${id}-month`} aria-label={`${label}: ${t('picker.month')}`} value={month} onChange={(e) => update([year, e.target.value, day])}>
        <option value="">{t('picker.any')}</option>
        {Array.from({ length: 12 }, (_, i) => (
          <option key={i} value={String(i + 1).padStart(2, '0')}>
            {monthName.format(Date.UTC(2000, i, 1))}
          </option>
        ))}
      </select>
    ),
    d: (
      <select key="d" id={`${id}-day`} aria-label={`${label}: ${t('picker.day')}`} value={day} onChange={(e) => update([year, month, e.target.value])}>
        <option value="">{t('picker.any')}</option>
        {Array.from({ length: days }, (_, i) => (
          <option key={i} value={String(i + 1).padStart(2, '0')}>
            {formatNumber(i + 1, language)}
          </option>
        ))}
      </select>
    ),
  };
  return (
    <fieldset className="field date-field" id={id} lang={language}>
      <legend>{label}</legend>
      <div className="date-parts">{order.map((k) => selects[k as keyof typeof selects])}</div>
    </fieldset>
  );
}

/** This year and the two before: usage records are kept 12 months, statements longer. */
export function recentYears(now = new Date()): number[] {
  const y = now.getFullYear();
  return [y, y - 1, y - 2];
}

/** A local time `HH:MM` as hour and minute lists in the portal's digits (a native time input follows the browser's language). */
export function TimeField({ id, label, value, disabled, onChange }: { id: string; label: string; value: string; disabled?: boolean; onChange: (value: string) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [hour = '00', minute = '00'] = value.split(':');
  const two = new Intl.NumberFormat(intlLocale(language), { minimumIntegerDigits: 2 });
  const minutes = [...new Set([...Array.from({ length: 12 }, (_, i) => i * 5), Number(minute)])].sort((a, b) => a - b);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    <fieldset className="field time-field" lang={language}>
      <legend>{label}</legend>
      <div className="date-parts" dir="ltr">
        <select id={id} aria-label={`${label}: ${t('picker.hour')}`} disabled={disabled} value={hour} onChange={(e) => onChange(`${e.target.value}:${minute}`)}>
          {Array.from({ length: 24 }, (_, h) => (
            <option key={h} value={pad(h)}>
              {two.format(h)}
            </option>
          ))}
        </select>
        <span aria-hidden="true">:</span>
        <select id={`${id}-minute`} aria-label={`${label}: ${t('picker.minute')}`} disabled={disabled} value={minute} onChange={(e) => onChange(`${hour}:${e.target.value}`)}>
          {minutes.map((m) => (
            <option key={m} value={pad(m)}>
              {two.format(m)}
            </option>
          ))}
        </select>
      </div>
    </fieldset>
  );
}
