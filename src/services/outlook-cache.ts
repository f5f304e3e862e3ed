/**
 * Account outlooks kept per (account, store write generation). Every write transaction bumps the
 * generation, so new usage, a purchase, a top-up, a cap or a zone change makes the next read
 * fresh. Time moves figures too: an entry also ends at the account's next local midnight (the
 * forecasts' days, the pay-as-you-go month), at the next start or end of any of its buckets
 * (statuses), and after OUTLOOK_MAX_AGE_MS (a forecast counts from the time it was made).
 */
import { addLocalDays, localDayOf, startOfDay } from '../domain/forecast.js';
import type { Store } from '../store/open-store.js';
import { readWriteGeneration } from '../store/write-generation.js';
import { getAccountOutlook, type AccountOutlook, type EsimOutlook } from './account-outlook.js';

export const OUTLOOK_MAX_AGE_MS = 60_000;
/** Entries kept per store; the oldest goes first. */
const MAX_ENTRIES = 20_000;

interface Entry {
  generation: bigint;
  fromMs: number;
  untilMs: number;
  outlook: Promise<AccountOutlook>;
}

const caches = new WeakMap<Store, Map<string, Entry>>();

/** When this outlook stops being true without any write: see the module comment. */
export function outlookValidUntil(o: AccountOutlook, nowMs: number): number {
  let until = nowMs + OUTLOOK_MAX_AGE_MS;
  if (!o.ok) return until;
  until = Math.min(until, startOfDay(addLocalDays(localDayOf(nowMs, o.timeZone), 1), o.timeZone));
  for (const e of o.esims) {
    for (const b of e.buckets) {
      for (const t of [b.validFrom, b.validTo]) if (t !== null && t > nowMs && t < until) until = t;
    }
  }
  return until;
}

export async function cachedAccountOutlook(store: Store, accountId: string, nowMs: number): Promise<AccountOutlook> {
  let cache = caches.get(store);
  if (cache === undefined) caches.set(store, (cache = new Map()));
  const generation = await readWriteGeneration(store.db);
  const hit = cache.get(accountId);
  if (hit && hit.generation === generation && nowMs >= hit.fromMs && nowMs < hit.untilMs) return hit.outlook;
  const outlook = getAccountOutlook(store, accountId, nowMs);
  const entry: Entry = { generation, fromMs: nowMs, untilMs: nowMs + 1, outlook };
  cache.delete(accountId);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(accountId, entry);
  try {
    entry.untilMs = outlookValidUntil(await outlook, nowMs);
  } catch (error) {
    if (cache.get(accountId) === entry) cache.delete(accountId);
    throw error;
  }
  return outlook;
}

/** One line's outlook for the short channels (SMS, USSD, IVR), from the account's cached one. */
export async function cachedLineOutlook(store: Store, accountId: string, iccid: string, nowMs: number): Promise<{ timeZone: string; esim: EsimOutlook } | undefined> {
  const o = await cachedAccountOutlook(store, accountId, nowMs);
  const esim = o.ok ? o.esims.find((e) => e.iccid === iccid) : undefined;
  return o.ok && esim ? { timeZone: o.timeZone, esim } : undefined;
}
