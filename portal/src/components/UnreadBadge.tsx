import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api.js';

const listeners = new Set<(n: number) => void>();

/** Tells every badge the count changed (after marking alerts read). */
export function announceUnread(count: number): void {
  for (const l of listeners) l(count);
}

/** The inbox's unread count next to its menu entry, read again on each page change. */
export function UnreadBadge({ path }: { path: string }) {
  const { t } = useTranslation();
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    get<{ unread: number }>('/alerts/unread').then(
      (r) => {
        if (live) setCount(r.unread);
      },
      () => undefined,
    );
    listeners.add(setCount);
    return () => {
      live = false;
      listeners.delete(setCount);
    };
  }, [path]);
  if (count === 0) return null;
  return (
    <span className="badge" data-testid="unread-badge" aria-label={t('alertInbox.unread', { count })}>
      {count}
    </span>
  );
}
