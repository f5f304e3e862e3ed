/** What an app's scopes let it see, in the subscriber's words. */
import { useTranslation } from 'react-i18next';

export const APP_SCOPES = ['esims:read', 'balance:read', 'usage:read', 'usage:read:records', 'device-data-volume:read'] as const;

export function scopeKey(scope: string): string {
  return `scopes.${scope.replace(/[:-]/g, '_')}`;
}

export function ScopeList({ scopes }: { scopes: readonly string[] }) {
  const { t } = useTranslation();
  return <ul className="scopes">{scopes.filter((s) => (APP_SCOPES as readonly string[]).includes(s)).map((s) => <li key={s}>{t(scopeKey(s))}</li>)}</ul>;
}
