/** What an app's scopes let it see, in the subscriber's words (CAMARA's subscription scopes as one item). */
import { useTranslation } from 'react-i18next';

const SUBSCRIPTIONS = 'device-data-volume-subscriptions';

/** The translation key of a scope, or of its group. */
export function scopeKey(scope: string): string {
  return scope.startsWith(`${SUBSCRIPTIONS}:`) ? 'scopes.device_data_volume_subscriptions' : `scopes.${scope.replace(/[:-]/g, '_')}`;
}

/** Scopes as the screen shows them: one entry per key, each with the scopes it stands for. */
export function scopeGroups(scopes: readonly string[]): { key: string; scopes: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const s of scopes) groups.set(scopeKey(s), [...(groups.get(scopeKey(s)) ?? []), s]);
  return [...groups].map(([key, members]) => ({ key, scopes: members }));
}

export function ScopeList({ scopes }: { scopes: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <ul className="scopes">
      {scopeGroups(scopes.filter((s) => s !== 'openid')).map((g) => (
        <li key={g.key}>{t(g.key)}</li>
      ))}
    </ul>
  );
}
