/**
 * The installable app's offline side: registers the service worker (production builds) and keeps
 * what it reports: when it answered from its cache (the network or server being out of reach),
 * and the time that saved answer was fetched.
 */
import { useSyncExternalStore } from 'react';

export interface OfflineStatus {
  readonly offline: boolean;
  readonly savedAt?: number;
}

let status: OfflineStatus = { offline: typeof navigator !== 'undefined' && !navigator.onLine };
const listeners = new Set<() => void>();

function set(next: OfflineStatus): void {
  if (next.offline === status.offline && next.savedAt === status.savedAt) return;
  status = next;
  for (const l of listeners) l();
}

interface WorkerMessage {
  type?: string;
  savedAt?: number;
}

/** Listens from the start: the worker's first reports come before the app has rendered. */
export function startOfflineWatch(): void {
  window.addEventListener('offline', () => set({ ...status, offline: true }));
  window.addEventListener('online', () => set({ offline: false }));
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => {
    if (e.data?.type === 'simledger:cached') set({ offline: true, ...(e.data.savedAt ? { savedAt: e.data.savedAt } : {}) });
    if (e.data?.type === 'simledger:live') set({ offline: !navigator.onLine });
  });
  if (import.meta.env.PROD) {
    window.addEventListener('load', () => void navigator.serviceWorker.register('/sw.js').catch(() => undefined));
  }
}

export function useOfflineStatus(): OfflineStatus {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => status,
  );
}
