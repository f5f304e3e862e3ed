/** Offline, the service worker answers with the last saved figures: say so, and how old they are. */
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../format.js';
import { useOfflineStatus } from '../offline.js';
import { useLocale } from '../session.js';

export function OfflineBanner() {
  const { t } = useTranslation();
  const { language, timeZone } = useLocale();
  const { offline, savedAt } = useOfflineStatus();
  if (!offline) return null;
  return (
    <p className="offline" role="status" data-testid="offline">
      <span aria-hidden="true">⚠ </span>
      {t('offline.banner')}
      {savedAt ? (
        <>
          {' '}
          <span className="saved-at">
            {t('offline.savedAt')} <time dateTime={new Date(savedAt).toISOString()}>{formatDateTime(savedAt, language, timeZone)}</time>
          </span>
        </>
      ) : null}
    </p>
  );
}
