import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, requestId, type Balances, type Wallet } from '../api.js';
import { Field, LoadedView, ProblemText, Title, useLoad } from '../components/ui.js';
import { formatMoney } from '../format.js';
import { useLocale } from '../session.js';

interface VoucherTopUp {
  topup: { amountMinor: number; currency: string; voucherSerial: string | null };
  wallet: Wallet;
  duplicate: boolean;
}

export function TopUp() {
  const { t } = useTranslation();
  const { language } = useLocale();
  const [balances, reload] = useLoad(() => get<Balances>('/balances'), []);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<VoucherTopUp>();
  // One id per PIN typed: a retry after a lost answer is answered, not credited twice.
  const id = useRef({ pin: '', id: '' });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const clean = pin.replace(/[\s-]/g, '');
    if (id.current.pin !== clean) id.current = { pin: clean, id: requestId() };
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      setDone(await post<VoucherTopUp>('/topups/voucher', { id: id.current.id, pin: clean }));
      setPin('');
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Title>{t('topUp.title')}</Title>
      <section className="card">
        <LoadedView loaded={balances}>
          {(b) => (
            <p>
              {t('dashboard.wallet')}:{' '}
              <strong className="big" data-testid="wallet-balance">
                {formatMoney(b.wallet.balanceMinor, b.wallet.currency, language)}
              </strong>
            </p>
          )}
        </LoadedView>
        <form onSubmit={(e) => void submit(e)}>
          <Field id="pin" label={t('topUp.pin')} hint={t('topUp.pinHint')}>
            <input id="pin" name="pin" inputMode="numeric" autoComplete="off" required dir="ltr" value={pin} aria-describedby="pin-hint" onChange={(e) => setPin(e.target.value)} />
          </Field>
          <ProblemText error={error} />
          <button type="submit" className="primary" disabled={busy || pin.trim() === ''}>
            {t('topUp.submit')}
          </button>
        </form>
        {done ? (
          <p role="status" className="ok">
            <span aria-hidden="true">✓ </span>
            {t('topUp.done', {
              amount: formatMoney(done.topup.amountMinor, done.topup.currency, language),
              balance: formatMoney(done.wallet.balanceMinor, done.wallet.currency, language),
            })}
          </p>
        ) : null}
      </section>
    </>
  );
}
