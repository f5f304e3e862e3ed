import { useTranslation } from 'react-i18next';
import { ApiProblem, get, type Bucket, type Esim, type Wallet } from '../api.js';
import { LoadedView, Title, useLoad } from '../components/ui.js';
import { formatDateTime, formatKind, formatMoney, formatQuantity } from '../format.js';
import { onLinkClick } from '../router.js';
import { useLocale } from '../session.js';
import { NotFound } from './NotFound.js';

interface LineBalance {
  iccid: string;
  wallet: Wallet;
  buckets: Bucket[];
  asOf: string;
}

export function EsimDetail({ iccid }: { iccid: string }) {
  const { t } = useTranslation();
  const [loaded] = useLoad(async () => {
    try {
      const [esim, balance] = await Promise.all([get<Esim>(`/esims/${encodeURIComponent(iccid)}`), get<LineBalance>(`/esims/${encodeURIComponent(iccid)}/balance`)]);
      return { esim, balance };
    } catch (e) {
      // Another account's eSIM, a mistyped number: the same "not found", nothing of it shown.
      if (e instanceof ApiProblem && (e.status === 404 || e.status === 400)) return undefined;
      throw e;
    }
  }, [iccid]);
  return (
    <LoadedView loaded={loaded}>
      {(found) =>
        found === undefined ? (
          <NotFound />
        ) : (
          <>
            <Title>{t('dashboard.esimTitle', { last: found.esim.iccid.slice(-4) })}</Title>
            <Details esim={found.esim} balance={found.balance} />
            <p className="muted small">
              {t('esim.identifiersHint')}{' '}
              <a href="/apps" onClick={onLinkClick}>
                {t('nav.apps')}
              </a>
            </p>
            {found.esim.hasActivationCode ? <ActivationQr iccid={found.esim.iccid} /> : <p>{t('esim.noCode')}</p>}
          </>
        )
      }
    </LoadedView>
  );
}

function Details({ esim, balance }: { esim: Esim; balance: LineBalance }) {
  const { t } = useTranslation();
  const { language, timeZone } = useLocale();
  const amount = (b: Bucket, n: number) => formatQuantity(b.kind, n, language);
  return (
    <section className="card">
      <dl className="facts">
        <dt>ICCID</dt>
        <dd dir="ltr" data-testid="esim-iccid">
          {esim.iccid}
        </dd>
        <dt>IMSI</dt>
        <dd dir="ltr" data-testid="esim-imsi">
          {esim.imsi}
        </dd>
        {esim.msisdn ? (
          <>
            <dt>{t('esim.number')}</dt>
            <dd dir="ltr">{esim.msisdn}</dd>
          </>
        ) : null}
        {esim.eid ? (
          <>
            <dt>EID</dt>
            <dd dir="ltr" className="wrap" data-testid="esim-eid">
              {esim.eid}
            </dd>
          </>
        ) : null}
        <dt>{t('esim.state')}</dt>
        <dd>{['active', 'suspended', 'terminated'].includes(esim.state) ? t(`esim.states.${esim.state}`) : esim.state}</dd>
        <dt>{t('dashboard.wallet')}</dt>
        <dd>{formatMoney(balance.wallet.balanceMinor, balance.wallet.currency, language)}</dd>
      </dl>
      <h2>{t('esim.buckets')}</h2>
      {balance.buckets.length === 0 ? (
        <p>{t('dashboard.noDataPlan')}</p>
      ) : (
        <ul className="buckets">
          {balance.buckets.map((b) => (
            <li key={b.bucketId}>
              <strong>{formatKind(b.kind, language)}</strong>: {t('esim.bucketLine', { left: amount(b, b.remaining), total: amount(b, b.initial) })} — {t(`esim.status.${b.status}`)}
              {b.validTo ? ` (${t('esim.until', { date: formatDateTime(b.validTo, language, timeZone) })})` : ''}
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">{t('dashboard.updatedAt', { time: formatDateTime(balance.asOf, language, timeZone) })}</p>
    </section>
  );
}

function ActivationQr({ iccid }: { iccid: string }) {
  const { t } = useTranslation();
  const [loaded] = useLoad(async () => {
    const { activationCode } = await get<{ activationCode: string }>(`/esims/${encodeURIComponent(iccid)}/activation-code`);
    const QRCode = (await import('qrcode')).default;
    const svg = await QRCode.toString(activationCode, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { activationCode, src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}` };
  }, [iccid]);
  const parts = (code: string) => code.split('$');
  return (
    <section className="card" aria-labelledby="qr-h">
      <h2 id="qr-h">{t('esim.qrTitle')}</h2>
      <p className="muted">{t('esim.qrHelp')}</p>
      <LoadedView loaded={loaded}>
        {({ activationCode, src }) => (
          <>
            <img className="qr" src={src} width="240" height="240" alt={t('esim.qrAlt')} data-testid="activation-qr" />
            <dl className="facts">
              <dt>{t('esim.smdp')}</dt>
              <dd dir="ltr">{parts(activationCode)[1]}</dd>
              <dt>{t('esim.matchingId')}</dt>
              <dd dir="ltr" className="wrap">
                {parts(activationCode)[2]}
              </dd>
            </dl>
            <details>
              <summary>{t('esim.fullCode')}</summary>
              <code dir="ltr" className="wrap">
                {activationCode}
              </code>
            </details>
          </>
        )}
      </LoadedView>
    </section>
  );
}
