import { useTranslation } from 'react-i18next';
import type { Forecast } from '../api.js';
import { formatKind } from '../format.js';
import { useLocale } from '../session.js';
import { formatWeekdayTime } from './numbers-format.js';

/** "At this pace ... runs out on Thu 14:00, before the plan ends on Sat"; nothing when the history is too short. */
export function ForecastNote({ forecast, kind }: { forecast: Forecast | null | undefined; kind: string | null }) {
  const { t } = useTranslation();
  const { language, timeZone } = useLocale();
  if (!forecast || forecast.outcome === 'too_short') return null;
  const date = forecast.runsOutAt ? formatWeekdayTime(forecast.runsOutAt, language, timeZone) : '';
  const end = forecast.planEndsAt ? formatWeekdayTime(forecast.planEndsAt, language, timeZone) : '';
  const kindName = kind === null ? '' : formatKind(kind, language);
  let text: string;
  if (kind === null) text = forecast.outcome === 'runs_out' ? t('numbers.walletRunsOut', { date }) : t('numbers.walletLasts');
  else if (forecast.outcome === 'runs_out') text = t('numbers.runsOut', { kind: kindName, date, end });
  else text = t('numbers.lasts', { kind: kindName, end });
  return (
    <p className={forecast.outcome === 'runs_out' ? 'small warn' : 'small'} data-testid="forecast">
      {text}
    </p>
  );
}
