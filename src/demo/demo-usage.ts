/**
 * A month of usage for the demo lines: data sessions, calls and SMS at home and on partner networks
 * abroad, timed in the local time of where they happened, plus a handful of deliberately bad rows
 * so that the suspense store has something to show.
 */
import { makeIccid } from '../domain/identifiers.js';
import { countryInfo, lookupNetwork } from '../domain/networks.js';
import { parseInstant } from '../domain/instant.js';
import type { RawUsageRow } from '../domain/usage-event.js';
import type { DemoEsim, DemoProvisioning } from './demo-types.js';
import { MARKETS, PROFILES, type LineRole, type Profile, type TripSpec } from './demo-people.js';
import { DEMO_MONTH_DAYS, demoDayStart, localIso } from './local-time.js';
import { mulberry32, type Rng } from './prng.js';

const USAGE_SEED = 0x0ea5_e2a1;
const MIB = 1_048_576;
const KIB = 1_024;
/** Events this close to `now` are left out (they would not have been collected yet). */
const COLLECTION_LAG_MS = 5 * 60_000;

/** What the deliberately bad rows do to an import of the demo usage. */
export const DEMO_BAD_ROWS = Object.freeze({
  duplicates: 1,
  rejectedByReason: Object.freeze({ unknown_network: 2, invalid_quantity: 2, unknown_subscriber: 2, exists_with_different_payload: 1 }),
});

/** Relative activity by local hour: quiet at night, busy in the evening. */
const HOUR_WEIGHTS: readonly (readonly [number, number])[] = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 1, 3, 5, 5, 5, 5, 6, 5, 5, 5, 5, 6, 7, 8, 8, 7, 5, 3].map((w, hour) => [hour, w] as const);

type Kind = 'data' | 'voice' | 'sms';
interface Where {
  country: string;
  networks: readonly string[];
}

/** Emits the rows of one line, numbering its events. */
class LineFeed {
  private n = 0;
  readonly rows: { ms: number; row: RawUsageRow }[] = [];
  constructor(
    private readonly esim: DemoEsim,
    private readonly rng: Rng,
    private readonly nowMs: number,
  ) {}

  emit(where: Where, day: number, kind: Kind, direction: 'out' | 'in', quantity: number): void {
    const { rng } = this;
    const timeZone = countryInfo(where.country)?.timeZone ?? 'UTC';
    const ms = demoDayStart(this.nowMs, day, timeZone) + rng.weighted(HOUR_WEIGHTS) * 3_600_000 + rng.int(0, 3_599) * 1_000;
    const mccMnc = where.networks.length > 1 && rng.next() < 0.3 ? rng.pick(where.networks.slice(1)) : where.networks[0]!;
    const byImsi = rng.next() < 0.7;
    this.n += 1;
    if (ms > this.nowMs - COLLECTION_LAG_MS) return;
    this.rows.push({
      ms,
      row: {
        event_id: `${mccMnc}-${this.esim.iccid.slice(-8)}-${this.n}`,
        ...(byImsi ? { imsi: this.esim.imsi } : { iccid: this.esim.iccid }),
        kind,
        ...(kind === 'data' ? {} : { direction }),
        started_at: localIso(ms, timeZone),
        quantity: String(quantity),
        mcc_mnc: mccMnc,
      },
    });
  }

  nextId(mccMnc: string): string {
    this.n += 1;
    return `${mccMnc}-${this.esim.iccid.slice(-8)}-${this.n}`;
  }
}

const dataBytes = (rng: Rng) => rng.skewed(10 * KIB, 300 * MIB, 1.3);
/** Calls abroad are kept short. */
const callSeconds = (rng: Rng, abroad: boolean) => rng.skewed(5, abroad ? 600 : 1_800, 1.4);
const smsCount = (rng: Rng) => (rng.next() < 0.1 ? 2 : 1);

function tripOn(p: Profile, day: number): TripSpec | undefined {
  return p.trips.find((t) => day >= t.fromDay && day < t.toDay);
}

/** Day-by-day events of one line: data, calls and SMS where the subscriber is that day. */
function dailyUsage(p: Profile, role: LineRole, feed: LineFeed, rng: Rng): void {
  const home: Where = { country: p.market, networks: [MARKETS[p.market].homeNetwork] };
  for (let day = 0; day < DEMO_MONTH_DAYS; day++) {
    const trip = tripOn(p, day);
    const where = trip ?? home;
    const dataHere = trip === undefined ? role !== 'travel' : trip.dataOn === role && trip.dataTargetMiB === undefined;
    if (role === 'tablet' && trip !== undefined) continue; // the tablet stays at home
    const dataMean = role === 'phone' ? p.perDay.data * (trip ? 1.4 : 1) : role === 'tablet' ? 3 : 6;
    if (dataHere) for (let i = rng.poisson(dataMean); i > 0; i--) feed.emit(where, day, 'data', 'out', dataBytes(rng));
    if (role !== 'phone') continue;
    const callMean = p.perDay.calls * (trip ? 0.5 : 1);
    for (let i = rng.poisson(callMean * 0.6); i > 0; i--) feed.emit(where, day, 'voice', 'out', callSeconds(rng, trip !== undefined));
    for (let i = rng.poisson(callMean * 0.4); i > 0; i--) feed.emit(where, day, 'voice', 'in', callSeconds(rng, trip !== undefined));
    for (let i = rng.poisson(p.perDay.sms * 0.6); i > 0; i--) feed.emit(where, day, 'sms', 'out', smsCount(rng));
    // The visited network's welcome SMS on arrival.
    const inbound = rng.poisson(p.perDay.sms * 0.4) + (trip !== undefined && day === trip.fromDay ? 1 : 0);
    for (let i = inbound; i > 0; i--) feed.emit(where, day, 'sms', 'in', 1);
  }
}

/** Data sessions over a trip adding up to its target: to use up a plan, or to run up a debt. */
function targetedData(trip: TripSpec, feed: LineFeed, rng: Rng): void {
  let left = (trip.dataTargetMiB ?? 0) * MIB;
  while (left > 0) {
    const bytes = Math.min(left, rng.skewed(512 * KIB, 300 * MIB, 1.5));
    feed.emit(trip, rng.int(trip.fromDay, trip.toDay - 1), 'data', 'out', bytes);
    left -= bytes;
  }
}

function linesOf(p: Profile, provisioning: DemoProvisioning): [LineRole, DemoEsim][] {
  const esims = provisioning.esims.filter((e) => e.accountId === p.id);
  return p.lines.flatMap((role, i) => (esims[i] === undefined ? [] : [[role, esims[i]] as [LineRole, DemoEsim]]));
}

/** Inserts the deliberately bad rows among the good ones (their times follow their neighbours). */
function withBadRows(good: RawUsageRow[], feed: LineFeed, line: DemoEsim, known: Set<string>): RawUsageRow[] {
  const rows = [...good];
  const copy = good[Math.floor(good.length * 0.3)]!;
  const changed = good[Math.floor(good.length * 0.5)]!;
  const at = (fraction: number) => Math.floor(rows.length * fraction);
  const near = (i: number) => rows[Math.max(0, i - 1)]!;
  const insert = (fraction: number, make: (neighbour: RawUsageRow) => RawUsageRow) => {
    const i = at(fraction);
    rows.splice(i, 0, make(near(i)));
  };
  /** The neighbour's instant, in the local time of the row's own network when it is a known one. */
  const time = (r: RawUsageRow, mccMnc: string) => {
    const zone = lookupNetwork(mccMnc)?.timeZone;
    const ms = parseInstant(r.started_at ?? '');
    return zone === undefined || ms === undefined ? (r.started_at ?? '') : localIso(ms, zone);
  };
  const base = (r: RawUsageRow, mccMnc: string, kind: string, quantity: string): RawUsageRow => ({
    event_id: feed.nextId(mccMnc),
    imsi: line.imsi,
    kind,
    started_at: time(r, mccMnc),
    quantity,
    mcc_mnc: mccMnc,
  });
  insert(0.12, (r) => base(r, '99999', 'data', '52428'));
  insert(0.27, (r) => ({ ...base(r, '00101', 'voice', '64'), direction: 'out' }));
  insert(0.41, (r) => base(r, line.imsi.slice(0, 5), 'data', '-4096'));
  insert(0.58, (r) => ({ ...base(r, line.imsi.slice(0, 5), 'voice', '-30'), direction: 'out' }));
  let stranger = '454009999999999';
  while (known.has(stranger)) stranger = String(BigInt(stranger) - 1n);
  insert(0.66, (r) => ({ event_id: `45400-${stranger.slice(-8)}-1`, imsi: stranger, kind: 'sms', direction: 'out', started_at: time(r, '45400'), quantity: '1', mcc_mnc: '45400' }));
  let lost = makeIccid('898520001999999999');
  while (known.has(lost)) lost = makeIccid(String(BigInt(lost.slice(0, -1)) - 1n));
  insert(0.73, (r) => ({ event_id: `45400-${lost.slice(-8)}-1`, iccid: lost, kind: 'data', started_at: time(r, '45400'), quantity: '1048576', mcc_mnc: '45400' }));
  // A network resends one event as it was (a duplicate) and another with a corrected size (a conflict).
  insert(0.8, () => ({ ...copy }));
  insert(0.9, () => ({ ...changed, quantity: String(Number(changed.quantity) + 1) }));
  return rows;
}

/** A month of usage rows (all text, as a CSV or NDJSON file holds them) for the demo provisioning. */
export function buildDemoUsage(nowMs: number, provisioning: DemoProvisioning): RawUsageRow[] {
  const rng = mulberry32(USAGE_SEED);
  const all: { ms: number; row: RawUsageRow }[] = [];
  let firstFeed: { feed: LineFeed; line: DemoEsim } | undefined;
  for (const p of PROFILES) {
    for (const [role, esim] of linesOf(p, provisioning)) {
      const feed = new LineFeed(esim, rng, nowMs);
      firstFeed ??= { feed, line: esim };
      dailyUsage(p, role, feed, rng);
      for (const trip of p.trips) if (trip.dataTargetMiB !== undefined && trip.dataOn === role) targetedData(trip, feed, rng);
      all.push(...feed.rows);
    }
  }
  all.sort((a, b) => a.ms - b.ms || (a.row.event_id! < b.row.event_id! ? -1 : 1));
  if (firstFeed === undefined) return [];
  const known = new Set(provisioning.esims.flatMap((e) => [e.imsi, e.iccid]));
  return withBadRows(
    all.map((r) => r.row),
    firstFeed.feed,
    firstFeed.line,
    known,
  );
}
