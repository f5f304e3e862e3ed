import { useTranslation } from 'react-i18next';
import type { UsageRecord } from '../api.js';
import { formatMoney, formatQuantity } from '../format.js';
import { useLocale } from '../session.js';

/** Which bundles paid for a record (plan and amount each) and what the balance paid; the visited network and the other party (masked). */
export function RecordDraws({ record, planNames }: { record: UsageRecord; planNames?: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const { language } = useLocale();
  const parts = (record.draws ?? []).map((d) => `${planNames?.get(d.planId) ?? d.planId} ${formatQuantity(record.kind, d.units, language)}`);
  if (record.amountMinor !== 0) parts.push(t('numbers.fromBalance', { amount: formatMoney(record.amountMinor, record.currency, language) }));
  return (
    <>
      {parts.length > 0 ? (
        <>
          <br />
          <small className="muted" data-testid="record-draws">
            {t('numbers.paidBy', { draws: parts.join(' · ') })}
          </small>
        </>
      ) : null}
      {record.networkName ? (
        <>
          <br />
          <small className="muted">
            {t('numbers.network')}: <span dir="ltr">{record.networkName}</span>
          </small>
        </>
      ) : null}
      {record.peer ? (
        <>
          <br />
          <small className="muted" data-testid="record-peer">
            {t('numbers.peer')}: <span dir="ltr">{record.peer}</span>
          </small>
        </>
      ) : null}
    </>
  );
}
