import { useTranslation } from 'react-i18next';
import type { Bucket, Payg } from '../api.js';
import { formatDateTime, formatKind, formatQuantity } from '../format.js';
import { useLocale } from '../session.js';
import { nowChargedText } from './PaygBanner.js';

/** A used-up or expired bundle stays on show, greyed: what it held, when it ended, and what data costs now. */
export function EndedBucket({ bucket, planName, payg }: { bucket: Bucket; planName: string | undefined; payg: Payg | undefined }) {
  const { t } = useTranslation();
  const { language, timeZone } = useLocale();
  const total = formatQuantity(bucket.kind, bucket.initial, language);
  const end = bucket.endedAt ?? bucket.validTo;
  const when = end ? t(bucket.status === 'used_up' ? 'numbers.usedUpOn' : 'numbers.endedOn', { date: formatDateTime(end, language, timeZone) }) : '';
  const charged = bucket.kind === 'data' ? nowChargedText(payg, language, t) : null;
  return (
    <li className="muted ended" data-testid="ended-bucket" data-status={bucket.status}>
      <s>
        <strong>{formatKind(bucket.kind, language)}</strong> {total}
      </s>
      {planName ? ` (${planName})` : ''} — <span>{when}</span>
      {charged ? (
        <>
          {' '}
          · <span data-testid="now-charged">{charged}</span>
        </>
      ) : null}
    </li>
  );
}
