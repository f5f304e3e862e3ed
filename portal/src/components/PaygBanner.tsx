import { useTranslation } from 'react-i18next';
import type { Payg } from '../api.js';
import { formatBytes, formatMoney } from '../format.js';
import { useLocale } from '../session.js';

/** Pay-as-you-go never starts in silence: a banner while an eSIM's data is charged to the balance, and its cap. */
export function PaygBanner({ payg }: { payg: Payg | undefined }) {
  const { t } = useTranslation();
  const { language } = useLocale();
  if (!payg || (!payg.active && !payg.overCap)) return null;
  const rate = payg.dataPerMiBMinor !== null && payg.currency !== null ? formatMoney(payg.dataPerMiBMinor, payg.currency, language) : null;
  return (
    <div className="payg-banner warn" role="status" data-testid="payg-banner">
      {payg.active ? (
        <p>
          <span aria-hidden="true">⚠ </span>
          {rate ? t('numbers.paygBanner', { rate }) : t('numbers.paygBannerNoRate')}
        </p>
      ) : null}
      {payg.overCap && payg.capBytes !== null ? (
        <p data-testid="over-cap">{t('numbers.overCap', { cap: formatBytes(payg.capBytes, language), used: formatBytes(payg.usedThisMonthBytes, language) })}</p>
      ) : null}
    </div>
  );
}

/** "now charged at HK$0.10/MB" for an ended bucket's line, or nothing without a rate. */
export function nowChargedText(payg: Payg | undefined, language: string, t: (k: string, o: Record<string, string>) => string): string | null {
  if (!payg?.active || payg.dataPerMiBMinor === null || payg.currency === null) return null;
  return t('numbers.nowCharged', { rate: formatMoney(payg.dataPerMiBMinor, payg.currency, language) });
}
