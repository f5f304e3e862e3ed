/**
 * How fresh a line's figures are: the latest usage rated for it ("usage counted up to"), when its
 * last record arrived, and on which network; and how late each source's records arrive.
 */
import { sql } from 'kysely';
import { lookupNetwork } from '../domain/networks.js';
import { MS_PER_DAY } from '../domain/units.js';
import type { Db, Store } from '../store/open-store.js';

export interface LineFreshness {
  /** Epoch ms of the latest usage rated for the line; null before its first record. */
  usageToMs: number | null;
  arrivedAtMs: number | null;
  mccMnc: string | null;
  networkName: string | null;
  /** The typical delay (p50, last day) of records from that network, when it is at least LATE_NETWORK_MS. */
  lateByMs: number | null;
}

/** A network whose records typically arrive this late gets a plain note for its subscribers. */
export const LATE_NETWORK_MS = 2 * 3_600_000;

const NONE: LineFreshness = { usageToMs: null, arrivedAtMs: null, mccMnc: null, networkName: null, lateByMs: null };

export async function readLineFreshness(db: Db, iccids: readonly string[], late: ReadonlyMap<string, number> = new Map()): Promise<Map<string, LineFreshness>> {
  const out = new Map<string, LineFreshness>(iccids.map((i) => [i, NONE]));
  if (iccids.length === 0) return out;
  const rows = await db.selectFrom('line_freshness').select(['iccid', 'usage_to', 'arrived_at', 'mcc_mnc']).where('iccid', 'in', iccids).execute();
  for (const r of rows) {
    const delay = late.get(r.mcc_mnc);
    out.set(r.iccid, {
      usageToMs: Number(r.usage_to),
      arrivedAtMs: Number(r.arrived_at),
      mccMnc: r.mcc_mnc,
      networkName: lookupNetwork(r.mcc_mnc)?.operator ?? null,
      lateByMs: delay !== undefined && delay >= LATE_NETWORK_MS ? delay : null,
    });
  }
  return out;
}

export interface SourceDelay {
  source: string;
  mccMnc: string;
  networkName: string | null;
  records: number;
  p50Ms: number;
  p95Ms: number;
}

/** Records looked at, newest first: bounds the cost on a busy day (a sample of the latest arrivals). */
export const DELAY_SAMPLE = 100_000;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * Each source's delay per network over the day before `nowMs`: arrival (rating time) minus the
 * end of the usage (a call's start plus its seconds; a session's or an SMS's start). Read from
 * the newest records by id (rating order), at most DELAY_SAMPLE of them.
 */
export async function sourceDelays(db: Db, nowMs: number): Promise<SourceDelay[]> {
  const since = nowMs - MS_PER_DAY;
  const rows = (
    await sql<{ source: string; mcc_mnc: string; delay: unknown }>`
    select source, mcc_mnc, rated_at - started_at - (case when kind = 'voice' then quantity * 1000 else 0 end) as delay
    from (select source, mcc_mnc, rated_at, started_at, kind, quantity from usage_records order by id desc limit ${DELAY_SAMPLE}) latest
    where rated_at >= ${since}`.execute(db)
  ).rows;
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const key = `${r.source}\u0000${r.mcc_mnc}`;
    const list = groups.get(key) ?? [];
    list.push(Math.max(0, Number(r.delay)));
    groups.set(key, list);
  }
  return [...groups]
    .map(([key, delays]) => {
      const [source, mccMnc] = key.split('\u0000') as [string, string];
      delays.sort((a, b) => a - b);
      return { source, mccMnc, networkName: lookupNetwork(mccMnc)?.operator ?? null, records: delays.length, p50Ms: percentile(delays, 50), p95Ms: percentile(delays, 95) };
    })
    .sort((a, b) => (a.source === b.source ? (a.mccMnc < b.mccMnc ? -1 : 1) : a.source < b.source ? -1 : 1));
}

/** Networks' typical delay (the largest p50 of any source), recomputed at most every REFRESH_MS per store. */
const REFRESH_MS = 5 * 60_000;
const cached = new WeakMap<Store, { atMs: number; byNetwork: Promise<Map<string, number>> }>();

export function typicalNetworkDelays(store: Store, nowMs: number): Promise<Map<string, number>> {
  const hit = cached.get(store);
  if (hit && nowMs - hit.atMs < REFRESH_MS && nowMs >= hit.atMs) return hit.byNetwork;
  const byNetwork = sourceDelays(store.db, nowMs).then((rows) => {
    const out = new Map<string, number>();
    for (const r of rows) out.set(r.mccMnc, Math.max(out.get(r.mccMnc) ?? 0, r.p50Ms));
    return out;
  });
  byNetwork.catch(() => cached.delete(store));
  cached.set(store, { atMs: nowMs, byNetwork });
  return byNetwork;
}
