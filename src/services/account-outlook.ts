/**
 * An account's balances with what makes them trustworthy and actionable: how fresh each line's
 * figures are, when each bucket and the wallet run out at the recent pace, and whether a line is
 * on pay-as-you-go (and over the data cap its subscriber set).
 */
import { sql } from 'kysely';
import { forecastRunOut, startOfDay, addLocalDays, localDayOf, type Forecast, type LocalDay } from '../domain/forecast.js';
import { toBigInt } from '../domain/money.js';
import { constantOffsetSegments } from '../domain/time-zones.js';
import { MS_PER_DAY, type UsageKind } from '../domain/units.js';
import type { Db, Store } from '../store/open-store.js';
import { readLineFreshness, typicalNetworkDelays, type LineFreshness } from './line-freshness.js';
import { readPayg, type PaygState } from './payg.js';
import { getAccountBalances, type BucketView, type WalletView } from './query-balances.js';

export interface EsimOutlook {
  iccid: string;
  buckets: BucketView[];
  freshness: LineFreshness;
  /** By bucket id: usable, started buckets only. */
  forecasts: Map<string, Forecast>;
  payg: PaygState;
}

export type AccountOutlook =
  { ok: true; accountId: string; timeZone: string; wallet: WalletView; walletForecast: Forecast; esims: EsimOutlook[]; asOf: number } | { ok: false; code: 'unknown_account' };

/** Per line and kind, and for the whole account's spend: what was used per local day. */
interface DailySeries {
  byLine: Map<string, Map<UsageKind, Map<LocalDay, bigint>>>;
  spend: Map<LocalDay, bigint>;
}

/** The 7 complete local days before today, per line, kind and day (one grouped range scan per offset). */
export async function dailySeries(db: Db, accountId: string, nowMs: number, timeZone: string): Promise<DailySeries> {
  const today = localDayOf(nowMs, timeZone);
  const out: DailySeries = { byLine: new Map(), spend: new Map() };
  for (const seg of constantOffsetSegments(startOfDay(addLocalDays(today, -7), timeZone), startOfDay(today, timeZone), timeZone)) {
    const localDay = sql<unknown>`(started_at + ${sql.lit(seg.offsetMs)}) / ${sql.lit(MS_PER_DAY)}`;
    const rows = await db
      .selectFrom('usage_records')
      .select(['iccid', 'kind', localDay.as('d'), sql<unknown>`sum(quantity)`.as('q'), sql<unknown>`sum(amount_minor)`.as('a')])
      .where('account_id', '=', accountId)
      .where('started_at', '>=', seg.fromMs)
      .where('started_at', '<', seg.toMs)
      .groupBy(['iccid', 'kind', localDay])
      .execute();
    for (const r of rows) {
      const day = new Date(Number(r.d) * MS_PER_DAY).toISOString().slice(0, 10);
      const kinds = out.byLine.get(r.iccid) ?? new Map<UsageKind, Map<LocalDay, bigint>>();
      out.byLine.set(r.iccid, kinds);
      const days = kinds.get(r.kind as UsageKind) ?? new Map<LocalDay, bigint>();
      kinds.set(r.kind as UsageKind, days);
      days.set(day, (days.get(day) ?? 0n) + toBigInt(r.q));
      out.spend.set(day, (out.spend.get(day) ?? 0n) + toBigInt(r.a));
    }
  }
  return out;
}

/**
 * Forecasts for a line's usable buckets. Buckets of a kind are drawn in order of validity end, so
 * a bucket runs out when the line has used what is left of it and of every one drawn before it.
 */
function bucketForecasts(buckets: readonly BucketView[], series: Map<UsageKind, Map<LocalDay, bigint>> | undefined, nowMs: number, timeZone: string): Map<string, Forecast> {
  const out = new Map<string, Forecast>();
  const started = buckets.filter((b) => b.status === 'active' && b.validTo !== null).sort((a, b) => a.validTo! - b.validTo! || (a.bucketId < b.bucketId ? -1 : 1));
  const ahead = new Map<UsageKind, bigint>();
  for (const b of started) {
    const remaining = (ahead.get(b.kind) ?? 0n) + b.remaining;
    ahead.set(b.kind, remaining);
    // The pace counts from when the line first had a bucket of this kind running.
    const since = Math.min(...buckets.filter((x) => x.kind === b.kind && x.validFrom !== null).map((x) => x.validFrom!));
    out.set(b.bucketId, forecastRunOut({ nowMs, timeZone, daily: series?.get(b.kind) ?? new Map(), historyFromMs: since, remaining, planEndMs: b.validTo }));
  }
  return out;
}

export async function getAccountOutlook(store: Store, accountId: string, nowMs: number): Promise<AccountOutlook> {
  const [balances, late] = await Promise.all([getAccountBalances(store, accountId, nowMs), typicalNetworkDelays(store, nowMs)]);
  if (!balances.ok) return balances;
  const account = await store.db.selectFrom('accounts').select(['time_zone', 'created_at']).where('id', '=', accountId).executeTakeFirstOrThrow();
  const timeZone = account.time_zone;
  const iccids = balances.esims.map((e) => e.iccid);
  const [freshness, series, payg] = await Promise.all([
    readLineFreshness(store.db, iccids, late),
    dailySeries(store.db, accountId, nowMs, timeZone),
    readPayg(store.db, balances.esims, nowMs, timeZone),
  ]);
  const esims = balances.esims.map((e): EsimOutlook => ({
    iccid: e.iccid,
    buckets: e.buckets,
    freshness: freshness.get(e.iccid)!,
    forecasts: bucketForecasts(e.buckets, series.byLine.get(e.iccid), nowMs, timeZone),
    payg: payg.get(e.iccid)!,
  }));
  const walletForecast = forecastRunOut({
    nowMs,
    timeZone,
    daily: series.spend,
    historyFromMs: Number(account.created_at),
    remaining: balances.wallet.balanceMinor,
    planEndMs: null,
  });
  return { ok: true, accountId, timeZone, wallet: balances.wallet, walletForecast, esims, asOf: balances.asOf };
}

/**
 * When a line's data runs out: the forecast of the data bucket drawn last (it counts what every
 * bucket drawn before it holds), or undefined when none can be made.
 */
export function lineDataForecast(esim: EsimOutlook): Forecast | undefined {
  const last = esim.buckets.filter((b) => b.kind === 'data' && esim.forecasts.has(b.bucketId)).sort((a, b) => (b.validTo ?? 0) - (a.validTo ?? 0))[0];
  const f = last === undefined ? undefined : esim.forecasts.get(last.bucketId);
  return f === undefined || f.outcome === 'too_short' ? undefined : f;
}
