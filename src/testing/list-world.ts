/**
 * A world for the list tests and bench: populateWorld's lines (one account, wallet, eSIM and two
 * buckets each) plus what the TMF and operator lists read: a top-up per account, two usage
 * records per line (one from its bucket, one charged to its wallet, with its ledger entry) and a
 * held event per line. Written in bulk, in chunks; it is a shape to page through, so
 * its top-ups have no ledger entries and its wallets do not add up.
 */
import { bulkInsert, type Cell, type ColumnType } from '../store/bulk.js';
import type { Store } from '../store/open-store.js';
import { iccidOf, populateWorld } from './synthetic-world.js';

const cols = (names: string, big: string): [string, ColumnType][] => names.split(' ').map((n) => [n, big.split(' ').includes(n) ? 'bigint' : 'text']);
const TOPUP = cols('id account_id amount_minor currency method voucher_serial payment_ref at payload_hash', 'amount_minor at');
const RECORD = cols(
  'id source event_id hash iccid account_id kind direction started_at quantity mcc_mnc country bucket_units charged_blocks amount_minor debt rated_at',
  'id started_at quantity bucket_units charged_blocks amount_minor debt rated_at',
);
const LEDGER = cols('account_id at amount_minor kind ref', 'at amount_minor');
const SUSPENSE = cols('source event_id hash reason detail payload created_at', 'created_at');

function rowsOf(i: number, startMs: number) {
  const account = `A${i}`;
  const iccid = iccidOf(i);
  const at = startMs + 3_600_000 + i;
  const record = (n: number, amount: bigint): Cell[] => [
    2 * i + n + 1,
    'list-world',
    `lw-${i}-${n}`,
    'h',
    iccid,
    account,
    'data',
    'out',
    at + n,
    1_048_576n,
    '45400',
    'HK',
    amount === 0n ? 1_048_576n : 0n,
    amount === 0n ? 0n : 1n,
    amount,
    0n,
    at + n,
  ];
  return {
    topup: [`T${i}`, account, 100_000n, 'HKD', 'operator', null, `pay-${i}`, startMs + i, 'x'] as Cell[],
    records: [record(0, 0n), record(1, 10n)],
    ledger: [account, at + 1, -10n, 'usage', `usage:${2 * i + 2}`] as Cell[],
    held: ['feed', `held-${i}`, 'h', 'unknown_subscriber', 'no line 454009', `{"event_id":"held-${i}"}`, at] as Cell[],
  };
}

export async function populateListWorld(store: Store, lines: number, startMs: number): Promise<void> {
  await populateWorld(store, lines, startMs);
  const step = 5_000;
  for (let from = 0; from < lines; from += step) {
    const topups: Cell[][] = [],
      records: Cell[][] = [],
      ledger: Cell[][] = [],
      held: Cell[][] = [];
    for (let i = from; i < Math.min(lines, from + step); i++) {
      const r = rowsOf(i, startMs);
      topups.push(r.topup);
      records.push(...r.records);
      ledger.push(r.ledger);
      held.push(r.held);
    }
    await store.writeTransaction(async (tx) => {
      await bulkInsert(tx, 'topups', TOPUP, topups);
      await bulkInsert(tx, 'usage_records', RECORD, records);
      await bulkInsert(tx, 'ledger_entries', LEDGER, ledger);
      await bulkInsert(tx, 'suspense', SUSPENSE, held);
    });
  }
}
