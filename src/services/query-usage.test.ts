import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/open-store.js';
import { addAccount, addEsim, addTariff, usageRow } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import { constantOffsetSegments, listUsageRecords, monthBounds, startOfLocalDay, summarizeUsage, type UsageRecordView, type UsageSummaryRow } from './query-usage.js';
import { rateUsageBatch } from './rate-usage-batch.js';
import { usageWindow } from './usage-window.js';

const at = (iso: string) => Date.parse(iso);

describe('monthBounds and offset segments (pure)', () => {
  it('gives the UTC instants of local months', () => {
    expect(monthBounds(2026, 3, 'Asia/Hong_Kong')).toEqual({ fromMs: at('2026-02-28T16:00:00Z'), toMs: at('2026-03-31T16:00:00Z') });
    expect(monthBounds(2026, 4, 'Asia/Tokyo')).toEqual({ fromMs: at('2026-03-31T15:00:00Z'), toMs: at('2026-04-30T15:00:00Z') });
    expect(monthBounds(2026, 12, 'Asia/Muscat')).toEqual({ fromMs: at('2026-11-30T20:00:00Z'), toMs: at('2026-12-31T20:00:00Z') });
    expect(monthBounds(2026, 1, 'Asia/Kathmandu').fromMs).toBe(at('2025-12-31T18:15:00Z'));
    // Moscow left UTC+4 for UTC+3 on 2014-10-26.
    expect(monthBounds(2014, 10, 'Europe/Moscow')).toEqual({ fromMs: at('2014-09-30T20:00:00Z'), toMs: at('2014-10-31T21:00:00Z') });
    // New York's DST starts within March.
    expect(monthBounds(2026, 3, 'America/New_York')).toEqual({ fromMs: at('2026-03-01T05:00:00Z'), toMs: at('2026-04-01T04:00:00Z') });
    expect(() => monthBounds(2026, 13, 'Asia/Tokyo')).toThrow(RangeError);
  });

  it('starts a day at the transition when midnight is skipped', () => {
    // Santiago went from -04:00 to -03:00 at local midnight of 2022-09-11.
    expect(startOfLocalDay(2022, 9, 11, 'America/Santiago')).toBe(at('2022-09-11T04:00:00Z'));
    expect(startOfLocalDay(2022, 9, 10, 'America/Santiago')).toBe(at('2022-09-10T04:00:00Z'));
  });

  it('cuts a range where the offset changes, to the millisecond', () => {
    const segments = constantOffsetSegments(at('2014-10-01T00:00:00Z'), at('2014-11-01T00:00:00Z'), 'Europe/Moscow');
    expect(segments).toEqual([
      { fromMs: at('2014-10-01T00:00:00Z'), toMs: at('2014-10-25T22:00:00Z'), offsetMs: 4 * 3_600_000 },
      { fromMs: at('2014-10-25T22:00:00Z'), toMs: at('2014-11-01T00:00:00Z'), offsetMs: 3 * 3_600_000 },
    ]);
    expect(constantOffsetSegments(at('2000-01-01T00:00:00Z'), at('2030-01-01T00:00:00Z'), 'Asia/Tokyo')).toHaveLength(1);
    const ny = constantOffsetSegments(at('2026-01-01T00:00:00Z'), at('2027-01-01T00:00:00Z'), 'America/New_York');
    expect(ny.map((s) => [new Date(s.fromMs).toISOString(), s.offsetMs / 3_600_000])).toEqual([
      ['2026-01-01T00:00:00.000Z', -5],
      ['2026-03-08T07:00:00.000Z', -4],
      ['2026-11-01T06:00:00.000Z', -5],
    ]);
  });
});

const TARIFF_RATES = { '*': { dataPerMiBMinor: 10n, voiceOutPerMinMinor: 100n, voiceInPerMinMinor: 50n, smsOutMinor: 20n } };

async function seedLine(store: Store, account: string, iccid: string, imsi: string): Promise<void> {
  await addAccount(store, { id: account, currency: 'HKD', balanceMinor: 1_000_000n });
  await addTariff(store, { id: `t-${account}`, currency: 'HKD', rates: TARIFF_RATES });
  await addEsim(store, { iccid, imsi, accountId: account, tariffId: `t-${account}` });
}

async function rate(store: Store, nowIso: string, rows: Parameters<typeof usageRow>[0][]): Promise<void> {
  const nowMs = at(nowIso);
  const items = rows.map((r, i) => ({ raw: usageRow(r), ref: i }));
  const results = await rateUsageBatch(store, 'test', items, nowMs, usageWindow(nowMs, 12));
  expect(results.filter((r) => r.status !== 'rated')).toEqual([]);
}

const brief = (rows: readonly UsageSummaryRow[]) => rows.map((r) => `${r.period} ${r.kind} q=${r.quantity} n=${r.events} a=${r.amountMinor}`);

describe.each(TEST_DIALECTS)('usage queries on %s', (dialect) => {
  let store: Store;
  const A = '8985200000000000001';
  const M = '8970100000000000002';

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await seedLine(store, 'acc-a', A, '454000000000001');
    await seedLine(store, 'acc-m', M, '250010000000002');
    // Data events of 1, 2, 4 ... 64 bytes (each one 1-MiB block = 10) so every sum names its events.
    await rate(store, '2026-05-01T00:00:00Z', [
      { eventId: 'e1', iccid: A, startedAt: '2026-03-31T23:30:00+08:00', quantity: 1 },
      { eventId: 'e2', iccid: A, startedAt: '2026-03-31T19:59:00Z', quantity: 2 },
      { eventId: 'e3', iccid: A, startedAt: '2026-03-31T20:30:00Z', quantity: 4 },
      { eventId: 'e4', iccid: A, startedAt: '2026-03-31T21:30:00Z', quantity: 8 },
      { eventId: 'e5', iccid: A, startedAt: '2026-03-31T18:14:00Z', quantity: 16 },
      { eventId: 'e6', iccid: A, startedAt: '2026-03-31T18:15:00Z', quantity: 32 },
      { eventId: 'e7', iccid: A, startedAt: '2026-03-30T16:00:00Z', quantity: 64 },
      { eventId: 'v1', iccid: A, kind: 'voice', startedAt: '2026-03-31T10:00:00Z', quantity: 61 },
    ]);
    await rate(store, '2014-12-01T00:00:00Z', [
      { eventId: 'm1', iccid: M, startedAt: '2014-10-25T20:30:00Z', quantity: 1, mccMnc: '25001' },
      { eventId: 'm2', iccid: M, startedAt: '2014-10-25T19:30:00Z', quantity: 2, mccMnc: '25001' },
      { eventId: 'm3', iccid: M, startedAt: '2014-10-25T22:30:00Z', quantity: 4, mccMnc: '25001' },
      { eventId: 'm4', iccid: M, startedAt: '2014-10-26T20:59:00Z', quantity: 8, mccMnc: '25001' },
      { eventId: 'm5', iccid: M, startedAt: '2014-10-26T21:00:00Z', quantity: 16, mccMnc: '25001' },
    ]);
  });
  afterAll(async () => {
    await store.close();
  });

  const days = async (timeZone: string, kind = 'data') => {
    const r = await summarizeUsage(store, { accountId: 'acc-a', from: at('2026-03-01T00:00:00Z'), to: at('2026-04-10T00:00:00Z'), timeZone, granularity: 'day' });
    if (!r.ok) throw new Error(r.code);
    return r.rows.filter((row) => row.kind === kind).map((row) => `${row.period}:${row.quantity}`);
  };

  it('puts events near local midnight on the right local day', async () => {
    expect(await days('Asia/Hong_Kong')).toEqual(['2026-03-31:65', '2026-04-01:62']);
    expect(await days('Asia/Tokyo')).toEqual(['2026-03-31:64', '2026-04-01:63']);
    expect(await days('Europe/Moscow')).toEqual(['2026-03-30:64', '2026-03-31:55', '2026-04-01:8']);
    expect(await days('Asia/Muscat')).toEqual(['2026-03-30:64', '2026-03-31:51', '2026-04-01:12']);
    expect(await days('Asia/Kathmandu')).toEqual(['2026-03-30:64', '2026-03-31:17', '2026-04-01:46']);
    expect(await days('America/New_York')).toEqual(['2026-03-30:64', '2026-03-31:63']);
  });

  it('sums quantity, amount and events per local month and kind', async () => {
    const months = async (timeZone: string) => {
      const r = await summarizeUsage(store, {
        accountId: 'acc-a',
        iccid: A,
        from: monthBounds(2026, 3, timeZone).fromMs,
        to: monthBounds(2026, 4, timeZone).toMs,
        timeZone,
        granularity: 'month',
      });
      return r.ok ? brief(r.rows) : r.code;
    };
    expect(await months('Asia/Hong_Kong')).toEqual(['2026-03 data q=65 n=2 a=20', '2026-03 voice q=61 n=1 a=200', '2026-04 data q=62 n=5 a=50']);
    expect(await months('Asia/Tokyo')).toEqual(['2026-03 data q=64 n=1 a=10', '2026-03 voice q=61 n=1 a=200', '2026-04 data q=63 n=6 a=60']);
    expect(await months('Europe/Moscow')).toEqual(['2026-03 data q=119 n=6 a=60', '2026-03 voice q=61 n=1 a=200', '2026-04 data q=8 n=1 a=10']);
    expect(await months('Asia/Muscat')).toEqual(['2026-03 data q=115 n=5 a=50', '2026-03 voice q=61 n=1 a=200', '2026-04 data q=12 n=2 a=20']);
  });

  it('honours the half-open range and the account', async () => {
    const hkMarch = monthBounds(2026, 3, 'Asia/Hong_Kong');
    const r = await summarizeUsage(store, { accountId: 'acc-a', ...{ from: hkMarch.fromMs, to: hkMarch.toMs }, timeZone: 'Asia/Hong_Kong', granularity: 'month' });
    expect(r.ok && brief(r.rows)).toEqual(['2026-03 data q=65 n=2 a=20', '2026-03 voice q=61 n=1 a=200']);
    const other = await summarizeUsage(store, { accountId: 'acc-m', from: hkMarch.fromMs, to: hkMarch.toMs, timeZone: 'Asia/Hong_Kong', granularity: 'day' });
    expect(other).toEqual({ ok: true, rows: [] });
    expect(await summarizeUsage(store, { accountId: 'acc-a', from: 5, to: 5, timeZone: 'Asia/Tokyo', granularity: 'day' })).toEqual({ ok: false, code: 'invalid_range' });
    expect(await summarizeUsage(store, { accountId: 'acc-a', from: 0, to: 5, timeZone: 'Mars/Olympus', granularity: 'day' })).toEqual({ ok: false, code: 'invalid_time_zone' });
  });

  it('follows Moscow across its 2014 change from UTC+4 to UTC+3', async () => {
    const r = await summarizeUsage(store, { accountId: 'acc-m', from: at('2014-10-20T00:00:00Z'), to: at('2014-11-01T00:00:00Z'), timeZone: 'Europe/Moscow', granularity: 'day' });
    expect(r.ok && r.rows.map((row) => `${row.period}:${row.quantity}:${row.events}`)).toEqual(['2014-10-25:2:1', '2014-10-26:13:3', '2014-10-27:16:1']);
    const oct = monthBounds(2014, 10, 'Europe/Moscow');
    const month = await summarizeUsage(store, { accountId: 'acc-m', from: oct.fromMs, to: oct.toMs, timeZone: 'Europe/Moscow', granularity: 'month' });
    expect(month.ok && brief(month.rows)).toEqual(['2014-10 data q=31 n=5 a=50']);
  });
});

describe.each(TEST_DIALECTS)('usage record paging on %s', (dialect) => {
  let store: Store;
  const L1 = '8985200000000000011';
  const L2 = '8985200000000000012';
  const NETWORKS = ['45400', '44010', '25001'];
  const KINDS = ['data', 'voice', 'sms'];

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await seedLine(store, 'acc-p', L1, '454000000000011');
    await addEsim(store, { iccid: L2, imsi: '454000000000012', accountId: 'acc-p', tariffId: 't-acc-p' });
    await seedLine(store, 'acc-q', '8985200000000000013', '454000000000013');
    const base = at('2026-04-01T00:00:00Z');
    const rows = Array.from({ length: 90 }, (_, i) => ({
      eventId: `p${i}`,
      iccid: i % 4 === 0 ? L2 : L1,
      kind: KINDS[i % 3]!,
      mccMnc: NETWORKS[Math.floor(i / 3) % 3]!,
      // Groups of five events share one instant, so ties are settled by id.
      startedAt: base + Math.floor(i / 5) * 60_000,
      quantity: 100 + i,
    }));
    await rate(store, '2026-05-01T00:00:00Z', rows);
    await rate(store, '2026-05-01T00:00:00Z', [{ eventId: 'q1', iccid: '8985200000000000013', startedAt: base, quantity: 1 }]);
  });
  afterAll(async () => {
    await store.close();
  });

  async function allPages(query: Omit<Parameters<typeof listUsageRecords>[1], 'cursor'>): Promise<UsageRecordView[][]> {
    const pages: UsageRecordView[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listUsageRecords(store, { ...query, cursor });
      if (!page.ok) throw new Error(page.code);
      pages.push(page.records);
      cursor = page.nextCursor;
    } while (cursor !== undefined && pages.length < 100);
    return pages;
  }

  const newestFirst = (a: UsageRecordView, b: UsageRecordView) => b.startedAt - a.startedAt || Number(BigInt(b.id) - BigInt(a.id));

  it('returns every record exactly once, newest first, across pages', async () => {
    const pages = await allPages({ accountId: 'acc-p', limit: 7 });
    const records = pages.flat();
    expect(pages.length).toBe(13);
    expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
    expect(records.map((r) => r.eventId).sort()).toEqual(Array.from({ length: 90 }, (_, i) => `p${i}`).sort());
    expect(records).toEqual([...records].sort(newestFirst));
    expect(records[0]).toMatchObject({ eventId: 'p89', iccid: L1, kind: 'sms', direction: 'out', mccMnc: '25001', country: 'RU', quantity: 189n, debt: false });
    expect(typeof records[0]!.id).toBe('string');
  });

  it('pages a kind and country filter exactly once', async () => {
    const records = (await allPages({ accountId: 'acc-p', kinds: ['data', 'sms'], country: 'JP', limit: 4 })).flat();
    const expected = Array.from({ length: 90 }, (_, i) => i)
      .filter((i) => i % 3 !== 1 && Math.floor(i / 3) % 3 === 1)
      .map((i) => `p${i}`);
    expect(records.map((r) => r.eventId).sort()).toEqual(expected.sort());
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    expect(records).toEqual([...records].sort(newestFirst));
  });

  it('filters by line and time range', async () => {
    const from = at('2026-04-01T00:03:00Z');
    const to = at('2026-04-01T00:10:00Z');
    const records = (await allPages({ accountId: 'acc-p', iccid: L2, from, to, limit: 3 })).flat();
    const expected = Array.from({ length: 90 }, (_, i) => i)
      .filter((i) => i % 4 === 0 && i >= 15 && i < 50)
      .map((i) => `p${i}`);
    expect(records.map((r) => r.eventId).sort()).toEqual(expected.sort());
    expect((await allPages({ accountId: 'acc-p', iccid: '8985200000000000013' })).flat()).toEqual([]);
  });

  it('rejects a bad limit or cursor', async () => {
    expect(await listUsageRecords(store, { accountId: 'acc-p', limit: 0 })).toEqual({ ok: false, code: 'invalid_limit' });
    expect(await listUsageRecords(store, { accountId: 'acc-p', limit: 201 })).toEqual({ ok: false, code: 'invalid_limit' });
    expect(await listUsageRecords(store, { accountId: 'acc-p', cursor: 'not-a-cursor' })).toEqual({ ok: false, code: 'invalid_cursor' });
    const page = await listUsageRecords(store, { accountId: 'acc-p' });
    expect(page.ok && page.records.length).toBe(50);
  });
});
