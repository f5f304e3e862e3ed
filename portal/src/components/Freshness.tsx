import { useTranslation } from 'react-i18next';
import type { Freshness as FreshnessData } from '../api.js';
import { formatDateTime } from '../format.js';
import { useLocale } from '../session.js';
import { zoneName } from './numbers-format.js';

/** "Usage counted up to ..." with the zone named, when the last record arrived, and a note for late networks. */
export function Freshness({ freshness }: { freshness: FreshnessData | undefined }) {
  const { t } = useTranslation();
  const { language, timeZone } = useLocale();
  if (freshness === undefined) return null;
  if (freshness.usageCountedTo === null)
    return (
      <p className="muted small" data-testid="freshness">
        {t('numbers.noUsageYet')}
      </p>
    );
  const zone = zoneName(timeZone, language, Date.parse(freshness.usageCountedTo));
  const late = freshness.networkTypicalDelayMinutes;
  return (
    <>
      <p className="muted small" data-testid="freshness">
        {t('numbers.countedTo', { time: formatDateTime(freshness.usageCountedTo, language, timeZone), zone })}
        {freshness.lastRecordArrivedAt ? <> · {t('numbers.lastArrived', { time: formatDateTime(freshness.lastRecordArrivedAt, language, timeZone) })}</> : null}
      </p>
      {late !== null && freshness.network ? (
        <p className="small" role="note" data-testid="late-network">
          {t('numbers.lateNetwork', { network: freshness.network.name ?? freshness.network.mccMnc, hours: Math.round(late / 60) })}
        </p>
      ) : null}
    </>
  );
}
