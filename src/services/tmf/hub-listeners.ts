import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/open-store.js';

export interface HubListener {
  id: string;
  api: string;
  callback: string;
  query: string;
}

export async function registerListener(store: Store, req: { api: string; callback: string; query: string }, nowMs: number): Promise<HubListener> {
  const listener = { id: randomUUID(), ...req };
  await store.db
    .insertInto('tmf_hub_listeners')
    .values({ ...listener, created_at: nowMs })
    .execute();
  return listener;
}

export async function removeListener(store: Store, api: string, id: string): Promise<boolean> {
  const r = await store.db.deleteFrom('tmf_hub_listeners').where('id', '=', id).where('api', '=', api).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export function listenersOf(store: Store, api: string): Promise<HubListener[]> {
  return store.db.selectFrom('tmf_hub_listeners').select(['id', 'api', 'callback', 'query']).where('api', '=', api).execute();
}
