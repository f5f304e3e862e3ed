// importUsageBatches rates batch k+1 while batch k is written. These check that the pipeline
// gives what rating batch by batch in the write transaction gives, and that a write by someone
// else in between is never overwritten.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RawUsageRow } from '../domain/usage-event.js';
import type { Store } from '../store/open-store.js';
import { addAccount, addBucket, addEsim, addTariff, bucketRemaining, invariantViolations, ledgerSum, snapshot, usageRecords, usageRow, walletBalance } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS, type TestDialect } from '../testing/test-stores.js';
import { importUsageBatches, type ImportSummary } from './import-usage.js';
import { rateUsageBatch } from './rate-usage-batch.js';
import { RatingContext } from './rating-context.js';
import { topUp } from './top-up-wallet.js';
import { MessageChannel } from 'node:worker_threads';
import type { BatchWriter, JobMessage } from '../store/batch-writer.js';
import { openStore, sqliteConnectionOf } from '../store/open-store.js';
import { RECORD_COLUMNS } from '../store/rated-batch.js';
import { nextId } from '../store/usage-store.js';
import { readWriteGeneration } from '../store/write-generation.js';
import { rowFiller } from '../store/batch-wire.js';
import type { UsageRow as UsageFileRow } from './ingest-usage.js';
import { usageWindow } from './usage-window.js';

const NOW = Date.UTC(2026, 10, 20, 4);
const HOUR = 3_600_000;
const MIB = 1_048_576;
const LINES = [
  { iccid: '89852000000000000017', imsi: '454001234567890', accountId: 'a' },
  { iccid: '89852000000000000025', imsi: '454001234567891', accountId: 'a' },
  { iccid: '89852000000000000033', imsi: '454001234567892', accountId: 'b' },
];

async function world(store: Store): Promise<void> {
  await addTariff(store, { id: 't', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 100n, smsOutMinor: 80n } } });
  await addAccount(store, { id: 'a', currency: 'HKD', balanceMinor: 1_000n });
  await addAccount(store, { id: 'b', currency: 'HKD', balanceMinor: 300n });
  for (const l of LINES) await addEsim(store, { ...l, tariffId: 't' });
  await addBucket(store, {
    purchaseId: 'p1',
    iccid: LINES[0]!.iccid,
    kind: 'data',
    initial: 3n * BigInt(MIB),
    validFrom: null,
    validTo: null,
    validityDays: 7,
    purchasedAt: NOW - 30 * 24 * HOUR,
    coverage: ['HK'],
  });
}

/** Batches in which events repeat across batch boundaries (same content, and other content). */
function batches(): RawUsageRow[][] {
  const ev = (id: string, line: number, hoursAgo: number, kind = 'data', quantity = MIB) => usageRow({ eventId: id, imsi: LINES[line]!.imsi, kind, startedAt: NOW - hoursAgo * HOUR, quantity });
  return [
    [ev('e1', 0, 20), ev('e2', 1, 19), ev('e3', 2, 18, 'sms', 1)],
    [ev('e1', 0, 20), ev('e4', 0, 17), ev('e2', 1, 19, 'data', 2 * MIB), ev('e5', 2, 16)],
    [ev('e6', 0, 15), ev('e7', 0, 14), ev('e8', 2, 13), ev('e8', 2, 13), ev('e9', 1, 12, 'data', 9 * MIB)],
    [ev('e4', 0, 17), ev('e10', 2, 11, 'sms', 1), ev('x', 0, 10, 'fax')],
  ];
}

const asFileRows = (rows: RawUsageRow[], first: number): UsageFileRow[] => rows.map((raw, i) => ({ lineNo: first + i, raw }));

async function* fileBatches(list: RawUsageRow[][], between?: (k: number) => Promise<void>): AsyncGenerator<UsageFileRow[]> {
  let line = 2;
  for (let k = 0; k < list.length; k++) {
    if (k > 0) await between?.(k);
    yield asFileRows(list[k]!, line);
    line += list[k]!.length;
  }
}

// Each chunk of the file its own transaction (3 events or more a chunk), unless a test gathers more.
const options = { source: 's', now: () => NOW, retentionMonths: 12, batchSize: 3 };

/** Counts the jobs a writer is handed: one per transaction of the import. */
function counting(openWriter: OpenWriter): { open: OpenWriter; jobs: number[] } {
  const jobs: number[] = [];
  return {
    jobs,
    open: (store) => {
      const writer = openWriter(store);
      return {
        write: (job) => {
          jobs.push(rowFiller(job.writes.records, RECORD_COLUMNS.length).rows);
          return writer.write(job);
        },
        close: () => writer.close(),
      };
    },
  };
}

/**
 * As the import command runs on SQLite: the thread that started the import commits its batches
 * on a connection of its own (here the two ends of a channel in one thread, the import's own
 * store opened on the same file as the importing thread's would be).
 */
function parentWriter(store: Store): BatchWriter {
  const { port1, port2 } = new MessageChannel();
  const path = sqliteConnectionOf(store)!.name;
  const committing = openStore(`sqlite:${path}`, { migrate: false });
  const served = committing.then((s) => s.ledger.crossThread!.serve());
  port2.on('message', (m: JobMessage) => {
    void served.then((server) => port2.postMessage(server.serve(m.job)));
  });
  const writer = store.ledger.crossThread!.writerVia(port1);
  return {
    write: (job) => writer.write(job),
    close: async () => {
      await writer.close();
      port1.close();
      port2.close();
      (await served).close();
      await (await committing).close();
    },
  };
}

type OpenWriter = (store: Store) => BatchWriter;
/** Every way a batch can be committed: SQLite inline (the demo's, a test's from sources) or by the starting thread; PostgreSQL by COPY. */
const WRITERS: Record<string, [string, OpenWriter][]> = {
  sqlite: [
    ['inline', (s) => s.ledger.openBatchWriter()],
    ['parent thread', parentWriter],
  ],
  postgres: [['COPY', (s) => s.ledger.openBatchWriter()]],
};

let store: Store;
let reference: Store;
/** Two stores of the same world per test: one imported into, one rated batch by batch as the reference. */
function useStores(dialect: TestDialect): void {
  beforeEach(async () => {
    store = await openTestStore(dialect);
    reference = await openTestStore(dialect);
    await world(store);
    await world(reference);
  });
  afterEach(async () => {
    await store.close();
    await reference.close();
  });
}

describe.each(TEST_DIALECTS)('the import pipeline (%s)', (dialect) => {
  useStores(dialect);
  const writers = WRITERS[dialect]!;

  it.each(writers)('rates as batch-by-batch rating in the write transaction does, duplicates and conflicts across batches included (%s writer)', async (_name, openWriter) => {
    const summary: ImportSummary = await importUsageBatches(store, fileBatches(batches()), { ...options, openWriter });
    const ctx = new RatingContext();
    for (const batch of batches()) {
      await rateUsageBatch(
        reference,
        's',
        batch.map((raw, i) => ({ raw, ref: i })),
        NOW,
        usageWindow(NOW, 12),
        ctx,
      );
    }
    expect(summary).toEqual({ read: 15, rated: 10, duplicates: 3, rejected: 2, rejectedByReason: { exists_with_different_payload: 1, invalid_kind: 1 } });
    expect(await snapshot(store)).toEqual(await snapshot(reference));
    expect(await usageRecords(store)).toEqual(await usageRecords(reference));
    expect(await invariantViolations(store)).toEqual([]);
    // Once more: nothing changes.
    const again = await importUsageBatches(store, fileBatches(batches()), { ...options, openWriter });
    expect(again.rated).toBe(0);
    expect(await snapshot(store)).toEqual(await snapshot(reference));
  });

  it.each(writers)('gathers chunks into transactions of batchSize events and rates as chunk by chunk does (%s writer)', async (_name, openWriter) => {
    const writer = counting(openWriter);
    // Chunks of 3, 4, 5 and 3 events: 3 + 4 + 5 reach 8, the last 3 are the end of the file.
    // (The writer sees records only: duplicates and rejected rows write none.)
    const summary = await importUsageBatches(store, fileBatches(batches()), { ...options, batchSize: 8, openWriter: writer.open });
    const ctx = new RatingContext();
    for (const batch of batches()) {
      await rateUsageBatch(
        reference,
        's',
        batch.map((raw, i) => ({ raw, ref: i })),
        NOW,
        usageWindow(NOW, 12),
        ctx,
      );
    }
    expect(writer.jobs).toEqual([9, 1]); // records: e1-e9 (duplicates and a conflict aside), then e10 (x is rejected)
    expect(summary).toEqual({ read: 15, rated: 10, duplicates: 3, rejected: 2, rejectedByReason: { exists_with_different_payload: 1, invalid_kind: 1 } });
    expect(await snapshot(store)).toEqual(await snapshot(reference));
    expect(await usageRecords(store)).toEqual(await usageRecords(reference));
    expect(await invariantViolations(store)).toEqual([]);
  });

  it.each(writers)('rates a whole gathered batch again when another writer committed while its chunks were rated (%s writer)', async (_name, openWriter) => {
    const writer = counting(openWriter);
    const summary = await importUsageBatches(
      store,
      fileBatches(batches(), async (k) => {
        // Chunks 1 and 2 are rated, not yet sent: the first transaction is stale when it comes to be written.
        if (k === 2) expect((await topUp(store, { id: 'tp', accountId: 'b', amountMinor: 5_000n, at: NOW }, NOW)).ok).toBe(true);
      }),
      { ...options, batchSize: 8, openWriter: writer.open },
    );
    expect(writer.jobs).toEqual([9, 1]); // both refused, then both rated again in their write transactions
    expect(summary).toEqual({ read: 15, rated: 10, duplicates: 3, rejected: 2, rejectedByReason: { exists_with_different_payload: 1, invalid_kind: 1 } });
    expect(await walletBalance(store, 'b')).toBe(4_940n);
    expect(await ledgerSum(store, 'b')).toBe(4_940n);
    expect(await invariantViolations(store)).toEqual([]);
  });

  it.each([
    ['drops every line once written (and reads it back)', { contextLines: 0 }],
    ['reads every line first (a file of more events than lines)', { expectedEvents: 1_000 }],
  ] as const)('rates the same when its context %s', async (_name, context) => {
    const summary = await importUsageBatches(store, fileBatches(batches()), { ...options, ...context });
    const ctx = new RatingContext();
    for (const batch of batches()) {
      await rateUsageBatch(
        reference,
        's',
        batch.map((raw, i) => ({ raw, ref: i })),
        NOW,
        usageWindow(NOW, 12),
        ctx,
      );
    }
    expect(summary.rated).toBe(10);
    expect(await snapshot(store)).toEqual(await snapshot(reference));
    expect(await usageRecords(store)).toEqual(await usageRecords(reference));
  });
});

describe.each(TEST_DIALECTS)('the import pipeline (%s): other writers', (dialect) => {
  useStores(dialect);
  const writers = WRITERS[dialect]!;

  it('reads every line first and still sees a top-up another writer commits before its first batch', async () => {
    const summary = await importUsageBatches(
      store,
      fileBatches(batches(), async (k) => {
        if (k === 1) expect((await topUp(store, { id: 'tp', accountId: 'b', amountMinor: 5_000n, at: NOW }, NOW)).ok).toBe(true);
      }),
      { ...options, batchSize: 8, expectedEvents: 1_000 },
    );
    expect(summary.rated).toBe(10);
    expect(await walletBalance(store, 'b')).toBe(4_940n);
    expect(await ledgerSum(store, 'b')).toBe(4_940n);
    expect(await invariantViolations(store)).toEqual([]);
  });

  it.each(writers)('never overwrites what another writer committed between two batches (%s writer)', async (_name, openWriter) => {
    let credited = false;
    const summary = await importUsageBatches(
      store,
      fileBatches(batches(), async (k) => {
        if (k !== 2) return;
        // Batch 1 may still be in flight here; the credit lands between batches of the import.
        const r = await topUp(store, { id: 'tp', accountId: 'b', amountMinor: 5_000n, at: NOW }, NOW);
        credited = r.ok;
      }),
      { ...options, openWriter },
    );
    expect(credited).toBe(true);
    expect(summary.rated).toBe(10);
    // b: 300 + 5,000 - 80 (e3) - 100 (e5) - 100 (e8) - 80 (e10)
    expect(await walletBalance(store, 'b')).toBe(4_940n);
    expect(await ledgerSum(store, 'b')).toBe(4_940n);
    expect(await bucketRemaining(store, 'p1:data')).toBe(0n);
    expect(await invariantViolations(store)).toEqual([]);
  });

  it.each(writers)('refuses every batch after a stale one, even one whose expected generation happens to match (%s writer)', async (_name, openWriter) => {
    const writer = openWriter(store);
    const generation = await readWriteGeneration(store.db);
    const id = await nextId(store.db, 'usage_records');
    const empty = { records: [], draws: [], ledger: [], suspense: [], buckets: [], wallets: [], lines: [], resolvedSuspense: [], extra: [] };
    const job = (expectedGeneration: bigint) => ({ writes: empty, firstId: id, nextId: id, nowMs: NOW, expectedGeneration });
    try {
      // As when another writer committed just before the first batch: it is stale, and the second,
      // rated on top of it, expects the generation that other writer left.
      expect(await writer.write(job(generation - 1n))).toBe('stale');
      expect(await writer.write(job(generation))).toBe('stale');
    } finally {
      await writer.close();
    }
    expect(await readWriteGeneration(store.db)).toBe(generation);
  });

  it.each(writers)('hands the %s writer every cell exactly: beyond 2^53, nulls, any text', async (_name, openWriter) => {
    const writer = openWriter(store);
    const id = await nextId(store.db, 'usage_records');
    const huge = 2n ** 60n + 1n;
    const writes = {
      records: [],
      draws: [],
      suspense: [],
      buckets: [],
      lines: [],
      resolvedSuspense: [],
      extra: [],
      ledger: ['a', NOW, huge, 'adjust', 'huge', 'a', NOW, -5, 'adjust', 'ü\t€香港\\N\n\r\\'],
      wallets: [-7, 'b'],
    };
    try {
      expect(await writer.write({ writes, firstId: id, nextId: id, nowMs: NOW, expectedGeneration: await readWriteGeneration(store.db) })).toBe('written');
    } finally {
      await writer.close();
    }
    const rows = await store.db.selectFrom('ledger_entries').select(['amount_minor', 'ref']).where('kind', '=', 'adjust').orderBy('amount_minor').execute();
    expect(rows.map((r) => [BigInt(r.amount_minor), r.ref])).toEqual([
      [-5n, 'ü\t€香港\\N\n\r\\'],
      [huge, 'huge'],
    ]);
    expect(await walletBalance(store, 'b')).toBe(-7n);
  });
});
