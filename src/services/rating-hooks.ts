/**
 * "Rating committed" listeners per store: channels that react to new usage (CAMARA data-volume
 * events) hear of each committed batch without the rating knowing about them. A listener must
 * return at once and never throw; it does its work later.
 */
import type { Store } from '../store/open-store.js';

type Listener = () => void;
const listeners = new WeakMap<object, Set<Listener>>();

export function onRatingCommitted(store: Store, listener: Listener): () => void {
  let set = listeners.get(store.db);
  if (!set) listeners.set(store.db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

export function ratingCommitted(store: Store): void {
  for (const listener of listeners.get(store.db) ?? []) listener();
}
