import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { makeIccid } from '../domain/identifiers.js';
import { bulkInsert, type Cell } from '../store/bulk.js';
import type { Store } from '../store/open-store.js';

/** A deterministic PRNG (mulberry32), so every run measures the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DAY_MS = 86_400_000;
const GIB = 1_073_741_824n;

export function iccidOf(i: number): string {
  return makeIccid(`8985200${String(i).padStart(12, '0')}`);
}
export function imsiOf(i: number): string {
  return `45400${String(i).padStart(10, '0')}`;
}

/** 100k-style world: one HKD account per line, a 30-day data bucket and a first-use voice bucket each. */
export async function populateWorld(store: Store, lines: number, startMs: number): Promise<void> {
  const { db } = store;
  const rates = JSON.stringify({ '*': { dataPerMiBMinor: '10', voiceOutPerMinMinor: '100', voiceInPerMinMinor: '50', smsOutMinor: '80' } });
  await db.insertInto('tariffs').values({ id: 'bench', currency: 'HKD', rates, payload_hash: 'x' }).execute();
  const step = 10_000;
  for (let from = 0; from < lines; from += step) {
    const accounts: Cell[][] = [],
      wallets: Cell[][] = [],
      esims: Cell[][] = [],
      purchases: Cell[][] = [],
      bucketPlans: Cell[][] = [],
      bucketBalances: Cell[][] = [],
      ledger: Cell[][] = [];
    for (let i = from; i < Math.min(lines, from + step); i++) {
      const id = `A${i}`;
      const iccid = iccidOf(i);
      accounts.push([id, `Subscriber ${i}`, null, 'en', 'Asia/Hong_Kong', 'HKD', null, startMs, 'x']);
      wallets.push([id, 'HKD', 100_000n, startMs]);
      ledger.push([id, startMs, 100_000n, 'topup', `topup:${id}`]);
      esims.push([iccid, imsiOf(i), null, null, id, 'bench', 'active', null, startMs, 'x']);
      purchases.push([`P${i}`, iccid, 'asia', id, startMs, 'external', 0n, 'HKD', 'x']);
      bucketPlans.push([`P${i}:data`, `P${i}`, iccid, 'asia', 'data', 2n * GIB, 31, startMs, '["HK","JP","KR"]']);
      bucketBalances.push([`P${i}:data`, 2n * GIB, startMs, startMs + 31 * DAY_MS]);
      bucketPlans.push([`P${i}:voice`, `P${i}`, iccid, 'asia', 'voice', 3600n, 30, startMs, '["HK","JP","KR"]']);
      bucketBalances.push([`P${i}:voice`, 3600n, null, null]);
    }
    await store.writeTransaction(async (tx) => {
      await bulkInsert(
        tx,
        'accounts',
        ['id', 'name', 'login_phone', 'language', 'time_zone', 'currency', 'password_hash', 'created_at', 'payload_hash'].map((c) => [c, c.endsWith('_at') ? 'bigint' : 'text'] as const),
        accounts,
      );
      await bulkInsert(
        tx,
        'wallets',
        [
          ['account_id', 'text'],
          ['currency', 'text'],
          ['balance_minor', 'bigint'],
          ['updated_at', 'bigint'],
        ],
        wallets,
      );
      await bulkInsert(
        tx,
        'ledger_entries',
        [
          ['account_id', 'text'],
          ['at', 'bigint'],
          ['amount_minor', 'bigint'],
          ['kind', 'text'],
          ['ref', 'text'],
        ],
        ledger,
      );
      await bulkInsert(
        tx,
        'esims',
        [
          ['iccid', 'text'],
          ['imsi', 'text'],
          ['msisdn', 'text'],
          ['eid', 'text'],
          ['account_id', 'text'],
          ['tariff_id', 'text'],
          ['state', 'text'],
          ['activation_code', 'text'],
          ['created_at', 'bigint'],
          ['payload_hash', 'text'],
        ],
        esims,
      );
      await bulkInsert(
        tx,
        'purchases',
        [
          ['id', 'text'],
          ['iccid', 'text'],
          ['plan_id', 'text'],
          ['account_id', 'text'],
          ['at', 'bigint'],
          ['paid_from', 'text'],
          ['price_minor', 'bigint'],
          ['currency', 'text'],
          ['payload_hash', 'text'],
        ],
        purchases,
      );
      await bulkInsert(
        tx,
        'bucket_plans',
        [
          ['id', 'text'],
          ['purchase_id', 'text'],
          ['iccid', 'text'],
          ['plan_id', 'text'],
          ['kind', 'text'],
          ['initial', 'bigint'],
          ['validity_days', 'bigint'],
          ['purchased_at', 'bigint'],
          ['coverage', 'text'],
        ],
        bucketPlans,
      );
      await bulkInsert(
        tx,
        'bucket_balances',
        [
          ['id', 'text'],
          ['remaining', 'bigint'],
          ['valid_from', 'bigint'],
          ['valid_to', 'bigint'],
        ],
        bucketBalances,
      );
    });
  }
}

const NETWORKS = ['45400', '45406', '44010', '44020', '45005', '45008'];
const OFFSETS: Record<string, string> = { '454': '+08:00', '440': '+09:00', '450': '+09:00' };

function isoWithOffset(ms: number, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [h, m] = offset.slice(1).split(':').map(Number) as [number, number];
  return new Date(ms + sign * (h * 60 + m) * 60_000).toISOString().replace('Z', offset);
}

/** Writes `events` usage rows over `lines` eSIMs, in time order, as CSV. */
export async function writeUsageCsv(path: string, events: number, lines: number, startMs: number, spanMs: number): Promise<void> {
  const out = createWriteStream(path);
  const rand = prng(42);
  out.write('event_id,imsi,iccid,kind,direction,started_at,quantity,mcc_mnc\n');
  for (let n = 0; n < events; n++) {
    const line = Math.floor(rand() * lines);
    const r = rand();
    const kind = r < 0.7 ? 'data' : r < 0.9 ? 'voice' : 'sms';
    const quantity = kind === 'data' ? Math.floor(1024 + rand() * rand() * 50_000_000) : kind === 'voice' ? Math.floor(5 + rand() * 600) : 1;
    const net = NETWORKS[Math.floor(rand() * NETWORKS.length)]!;
    const at = startMs + Math.floor((n / events) * spanMs);
    const direction = kind === 'data' ? '' : rand() < 0.7 ? 'out' : 'in';
    const byImsi = rand() < 0.5;
    const row = `ev-${String(n).padStart(10, '0')},${byImsi ? imsiOf(line) : ''},${byImsi ? '' : iccidOf(line)},${kind},${direction},${isoWithOffset(at, OFFSETS[net.slice(0, 3)]!)},${quantity},${net}\n`;
    if (!out.write(row)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
