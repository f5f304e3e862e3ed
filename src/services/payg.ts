/**
 * Pay-as-you-go per eSIM: on it when no bucket with data left is running or waiting (data is then
 * charged to the wallet at the tariff's rate), and the optional monthly data cap its subscriber
 * set. Usage past the cap is still rated (offline usage cannot be refused); the line then shows
 * as over its cap (`overCap`), the state a network barring hook would act on.
 */
import { sql } from 'kysely';
import { toBigInt } from '../domain/money.js';
import { lookupNetwork } from '../domain/networks.js';
import { monthBounds, offsetAt } from '../domain/time-zones.js';
import { BYTES_PER_MIB } from '../domain/units.js';
import type { Db, Store } from '../store/open-store.js';
import { tariffFromRow } from '../store/usage-store.js';
import type { BucketView } from './query-balances.js';

export interface PaygState {
  /** True when the line's data is charged to the wallet now. */
  active: boolean;
  currency: string | null;
  /** The rate for the country of the line's latest usage (else the tariff's default); null when none. */
  dataPerMiBMinor: bigint | null;
  capBytes: bigint | null;
  /** Data charged to the wallet this local calendar month (whole MiB blocks). */
  usedThisMonthBytes: bigint;
  overCap: boolean;
}

const HAS_DATA = new Set(['active', 'not_started']);

export function isOnPayg(buckets: readonly BucketView[]): boolean {
  return !buckets.some((b) => b.kind === 'data' && HAS_DATA.has(b.status) && b.remaining > 0n);
}

export async function readPayg(db: Db, esims: readonly { iccid: string; buckets: BucketView[] }[], nowMs: number, timeZone: string): Promise<Map<string, PaygState>> {
  const iccids = esims.map((e) => e.iccid);
  const out = new Map<string, PaygState>();
  if (iccids.length === 0) return out;
  const local = new Date(nowMs + offsetAt(nowMs, timeZone));
  const month = monthBounds(local.getUTCFullYear(), local.getUTCMonth() + 1, timeZone);
  const [lines, caps, used] = await Promise.all([
    db
      .selectFrom('esims')
      .innerJoin('tariffs', 'tariffs.id', 'esims.tariff_id')
      .leftJoin('line_freshness', 'line_freshness.iccid', 'esims.iccid')
      .select(['esims.iccid', 'tariffs.id', 'tariffs.currency', 'tariffs.rates', 'line_freshness.mcc_mnc'])
      .where('esims.iccid', 'in', iccids)
      .execute(),
    db.selectFrom('payg_caps').select(['iccid', 'cap_bytes']).where('iccid', 'in', iccids).execute(),
    db
      .selectFrom('usage_records')
      .select(['iccid', sql<unknown>`sum(charged_blocks)`.as('blocks')])
      .where('iccid', 'in', iccids)
      .where('kind', '=', 'data')
      .where('started_at', '>=', month.fromMs)
      .where('started_at', '<', month.toMs)
      .groupBy('iccid')
      .execute(),
  ]);
  const capOf = new Map(caps.map((c) => [c.iccid, toBigInt(c.cap_bytes)]));
  const usedOf = new Map(used.map((u) => [u.iccid, toBigInt(u.blocks) * BYTES_PER_MIB]));
  const lineOf = new Map(lines.map((l) => [l.iccid, l]));
  for (const e of esims) {
    const line = lineOf.get(e.iccid);
    const tariff = line ? tariffFromRow(line) : undefined;
    const country = line?.mcc_mnc ? lookupNetwork(line.mcc_mnc)?.country : undefined;
    const rate = tariff ? (tariff.rates[country ?? '*']?.dataPerMiBMinor ?? tariff.rates['*']?.dataPerMiBMinor ?? null) : null;
    const capBytes = capOf.get(e.iccid) ?? null;
    const usedThisMonthBytes = usedOf.get(e.iccid) ?? 0n;
    out.set(e.iccid, {
      active: isOnPayg(e.buckets),
      currency: tariff?.currency ?? null,
      dataPerMiBMinor: rate,
      capBytes,
      usedThisMonthBytes,
      overCap: capBytes !== null && usedThisMonthBytes >= capBytes,
    });
  }
  return out;
}

export type SetCapResult = { ok: true } | { ok: false; code: 'unknown_esim' | 'invalid_cap' };

/** Sets (or with null, removes) an eSIM's monthly pay-as-you-go data cap; only its own account may. */
export async function setPaygCap(store: Store, accountId: string, iccid: string, capBytes: bigint | null, nowMs: number): Promise<SetCapResult> {
  if (capBytes !== null && capBytes <= 0n) return { ok: false, code: 'invalid_cap' };
  const owned = await store.db.selectFrom('esims').select('iccid').where('iccid', '=', iccid).where('account_id', '=', accountId).executeTakeFirst();
  if (!owned) return { ok: false, code: 'unknown_esim' };
  await store.writeTransaction(async (tx) => {
    if (capBytes === null) await tx.deleteFrom('payg_caps').where('iccid', '=', iccid).execute();
    else
      await tx
        .insertInto('payg_caps')
        .values({ iccid, cap_bytes: capBytes, updated_at: nowMs })
        .onConflict((oc) => oc.column('iccid').doUpdateSet({ cap_bytes: capBytes, updated_at: nowMs }))
        .execute();
  });
  return { ok: true };
}
