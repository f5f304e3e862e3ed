import { useTranslation } from 'react-i18next';
import { query } from '../api.js';

/** A download of what the page shows, with its filters. */
export function CsvLink({ path, filters, testId }: { path: string; filters: Record<string, string>; testId: string }) {
  const { t } = useTranslation();
  return (
    <p>
      <a className="button" href={`/api/v1${path}${query(filters)}`} download data-testid={testId}>
        <span aria-hidden="true">⤓ </span>
        {t('exports.csv')}
      </a>
    </p>
  );
}
