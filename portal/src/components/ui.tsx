/** Small shared pieces: page title, problem message, async loading. */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api.js';

export function Title({ children }: { children: ReactNode }) {
  return <h1 tabIndex={-1}>{children}</h1>;
}

const KNOWN = new Set([
  'invalid_credentials',
  'invalid_code',
  'too_many_requests',
  'reauthentication_required',
  'invalid_phone',
  'csrf_failed',
  'unauthorized',
  'invalid_voucher',
  'voucher_used',
  'voucher_expired',
  'currency_mismatch',
  'insufficient_balance',
  'unknown_esim',
  'unknown_plan',
  'not_found',
  'invalid_request',
  'network_error',
  'exists_with_different_payload',
]);

/** A problem's code as a sentence in the UI language (the API's English detail is not shown). */
export function ProblemText({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === undefined || error === null) return null;
  const code = error instanceof ApiProblem ? error.code : 'network_error';
  return (
    <p className="error" role="alert">
      <span aria-hidden="true">⚠ </span>
      {t(KNOWN.has(code) ? `errors.${code}` : 'errors.generic')}
    </p>
  );
}

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; error: unknown };

/** Runs `load` on mount and whenever `deps` change; `reload` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void] {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setResult({ state: 'ok', value }),
      (error: unknown) => live && setResult({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return [result, useCallback(() => setTick((n) => n + 1), [])];
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="muted">
      {t('common.loading')}
    </p>
  );
}

export function LoadedView<T>({ loaded, children }: { loaded: Loaded<T>; children: (value: T) => ReactNode }) {
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <ProblemText error={loaded.error} />;
  return <>{children(loaded.value)}</>;
}

export function Field({ id, label, hint, children }: { id: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      ) : null}
    </div>
  );
}
