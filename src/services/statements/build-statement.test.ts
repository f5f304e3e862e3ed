import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../store/open-store.js';
import { walletBalance } from '../../testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../../testing/test-stores.js';
import { DEFAULT_ALERT_SETTINGS, getAlertSettings, putAlertSettings } from './alert-settings.js';
import { setWebhook } from '../alerts/alert-contacts.js';
import { buildStatement, type Statement } from './build-statement.js';
import { listStatementMonths } from './list-statement-months.js';
import { MUSCAT_LINE, seedStatementWorld, TOKYO_LINE, WORLD_NOW } from '../../testing/statement-test-world.js';

const at = (iso: string) => Date.parse(iso);
const lineBrief = (s: Statement) => s.lines.map((l) => `${new Date(l.at).toISOString()} ${l.kind} ${l.amountMinor} -> ${l.balanceAfterMinor}`);

function holds(s: Statement): void {
  expect(s.openingBalanceMinor + s.lines.reduce((sum, l) => sum + l.amountMinor, 0n)).toBe(s.closingBalanceMinor);
  const t = s.totals;
  expect(s.openingBalanceMinor + t.topupsMinor - t.purchasesMinor - t.usageChargesMinor + t.adjustmentsMinor).toBe(s.closingBalanceMinor);
  expect(s.usage.byKind.reduce((sum, u) => sum + u.amountMinor, 0n)).toBe(t.usageChargesMinor);
}

async function statement(store: Store, accountId: string, year: number, month: number): Promise<Statement> {
  const r = await buildStatement(store, accountId, year, month);
  if (!r.ok) throw new Error(r.code);
  holds(r.value);
  return r.value;
}

describe.each(TEST_DIALECTS)('statements on %s', (dialect) => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await seedStatementWorld(store);
  });
  afterAll(async () => {
    await store.close();
  });

  it('cuts a Tokyo month at local midnight and adds up exactly', async () => {
    const oct = await statement(store, 'acc-tokyo', 2026, 10);
    expect(oct.account).toEqual({ id: 'acc-tokyo', name: '佐藤ゆき', currency: 'JPY', language: 'ja', timeZone: 'Asia/Tokyo' });
    expect(oct.period).toEqual({ month: '2026-10', from: at('2026-09-30T15:00:00Z'), to: at('2026-10-31T15:00:00Z'), label: '2026年10月' });
    // September (local) leaves 10,000 topped up at 23:59:59 and a 23:00 session charged 10.
    expect(oct.openingBalanceMinor).toBe(9990n);
    expect(lineBrief(oct)).toEqual([
      '2026-09-30T15:00:00.000Z topup 5000 -> 14990',
      '2026-10-10T00:00:00.000Z purchase -1000 -> 13990',
      '2026-10-15T00:00:00.000Z usage -60 -> 13930',
      '2026-10-20T00:00:00.000Z usage -10 -> 13920',
      '2026-10-31T14:59:00.000Z usage -20 -> 13900',
    ]);
    expect(oct.closingBalanceMinor).toBe(13_900n);
    expect(oct.totals).toEqual({ topupsMinor: 5000n, purchasesMinor: 1000n, usageChargesMinor: 90n, adjustmentsMinor: 0n });
    expect(oct.topups.map((t) => [t.topupId, t.amountMinor])).toEqual([['tk-1', 5000n]]);
    expect(oct.purchases).toEqual([
      {
        purchaseId: 'tk-buy',
        at: at('2026-10-10T00:00:00Z'),
        iccid: TOKYO_LINE,
        planId: 'jp-1gb',
        planName: '日本 1GB プラン',
        paidFrom: 'wallet',
        priceMinor: 1000n,
        chargedMinor: 1000n,
      },
    ]);
    expect(oct.lines[1]?.detail).toEqual({ planName: '日本 1GB プラン', iccid: TOKYO_LINE });
    expect(oct.lines[2]?.detail).toMatchObject({ usageKind: 'voice', direction: 'out', country: 'JP', quantity: 61n });
    expect(oct.usage.byKind).toEqual([
      { kind: 'data', quantity: 2n * 1_048_576n + 5000n, events: 2, amountMinor: 20n },
      { kind: 'voice', quantity: 61n, events: 1, amountMinor: 60n },
      { kind: 'sms', quantity: 1n, events: 1, amountMinor: 10n },
    ]);
    expect(oct.usage.byCountry).toEqual([
      { country: 'HK', kind: 'data', quantity: 2_097_152n, events: 1, amountMinor: 20n },
      { country: 'JP', kind: 'data', quantity: 5000n, events: 1, amountMinor: 0n },
      { country: 'JP', kind: 'voice', quantity: 61n, events: 1, amountMinor: 60n },
      { country: 'KR', kind: 'sms', quantity: 1n, events: 1, amountMinor: 10n },
    ]);
  });

  it('chains months: each closing is the next opening, the last the wallet', async () => {
    const sep = await statement(store, 'acc-tokyo', 2026, 9);
    expect(sep.openingBalanceMinor).toBe(0n);
    expect(lineBrief(sep)).toEqual(['2026-09-30T14:00:00.000Z usage -10 -> -10', '2026-09-30T14:59:59.000Z topup 10000 -> 9990']);
    expect(sep.closingBalanceMinor).toBe(9990n);
    const nov = await statement(store, 'acc-tokyo', 2026, 11);
    expect(nov.openingBalanceMinor).toBe(13_900n);
    expect(lineBrief(nov)).toEqual(['2026-10-31T15:00:00.000Z usage -10 -> 13890']);
    const dec = await statement(store, 'acc-tokyo', 2026, 12);
    expect([dec.openingBalanceMinor, dec.lines.length, dec.closingBalanceMinor]).toEqual([13_890n, 0, 13_890n]);
    expect(await walletBalance(store, 'acc-tokyo')).toBe(13_890n);
  });

  it('cuts a Muscat month (UTC+4) to the millisecond, in OMR with 3 decimals', async () => {
    const dec = await statement(store, 'acc-muscat', 2026, 12);
    expect(dec.period).toMatchObject({ from: at('2026-11-30T20:00:00Z'), to: at('2026-12-31T20:00:00Z') });
    expect(dec.period.label).toBe(new Intl.DateTimeFormat('ar', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 11, 1)));
    expect(dec.openingBalanceMinor).toBe(12_500n);
    expect(lineBrief(dec)).toEqual(['2026-11-30T20:00:00.000Z topup 2250 -> 14750', '2026-12-05T06:00:00.000Z usage -250 -> 14500', '2026-12-31T19:59:59.000Z usage -500 -> 14000']);
    expect(dec.closingBalanceMinor).toBe(14_000n);
    expect(dec.lines[0]?.detail).toEqual({ method: 'operator', paymentRef: 'PAY-OM-1' });
    expect(dec.usage.byCountry).toEqual([
      { country: 'OM', kind: 'data', quantity: 3_145_729n, events: 1, amountMinor: 500n },
      { country: 'OM', kind: 'voice', quantity: 30n, events: 1, amountMinor: 250n },
    ]);
    const jan = await statement(store, 'acc-muscat', 2027, 1);
    expect([jan.openingBalanceMinor, jan.closingBalanceMinor]).toEqual([14_000n, 13_875n]);
    expect(await walletBalance(store, 'acc-muscat')).toBe(13_875n);
    expect(MUSCAT_LINE).toMatch(/^89/);
  });

  it('answers unknown_account, and lists months from the first activity to now, newest first', async () => {
    expect(await buildStatement(store, 'nobody', 2026, 10)).toEqual({ ok: false, code: 'unknown_account' });
    const months = await listStatementMonths(store, 'acc-tokyo', WORLD_NOW);
    expect(months.ok && months.value.map((m) => `${m.month}${m.closed ? '' : '*'} ${m.label}`)).toEqual([
      '2027-01* 2027年1月',
      '2026-12 2026年12月',
      '2026-11 2026年11月',
      '2026-10 2026年10月',
      '2026-09 2026年9月',
    ]);
    const muscat = await listStatementMonths(store, 'acc-muscat', WORLD_NOW);
    // The first activity, top-up om-0, is at 23:59:59.999 on 30 November local.
    expect(muscat.ok && muscat.value.map((m) => m.month)).toEqual(['2027-01', '2026-12', '2026-11']);
    expect(await listStatementMonths(store, 'acc-muscat', at('2026-11-30T19:00:00Z'))).toEqual({ ok: true, value: [] });
    expect(await listStatementMonths(store, 'nobody', WORLD_NOW)).toEqual({ ok: false, code: 'unknown_account' });
  });

  it('keeps alert settings per account: defaults, then what was saved', async () => {
    const before = await getAlertSettings(store, 'acc-muscat');
    const onlyPhoneAndInbox = { sms: true, email: false, webhook: false, inbox: true };
    expect(before).toEqual({ ok: true, value: { ...DEFAULT_ALERT_SETTINGS, currency: 'OMR', timeZone: 'Asia/Muscat', updatedAt: null, available: onlyPhoneAndInbox } });
    const input = {
      dataUsedPercent: [100, 50, 80, 80],
      walletBelowMinor: 1_500n,
      expiryWithinHours: 48,
      channels: { sms: false, email: true, webhook: true },
      quietHours: null,
    };
    // E-mail needs a verified address, a webhook its URL.
    expect(await putAlertSettings(store, 'acc-muscat', input, WORLD_NOW)).toEqual({ ok: false, code: 'channel_unavailable' });
    await store.db.insertInto('alert_contacts').values({ account_id: 'acc-muscat', email: 'salim@example.om', email_verified_at: WORLD_NOW, updated_at: WORLD_NOW }).execute();
    expect(await putAlertSettings(store, 'acc-muscat', input, WORLD_NOW)).toEqual({ ok: false, code: 'channel_unavailable' });
    expect((await setWebhook(store, 'acc-muscat', 'https://hooks.example.om/simledger', WORLD_NOW)).ok).toBe(true);
    const saved = await putAlertSettings(store, 'acc-muscat', input, WORLD_NOW);
    const expected = {
      dataUsedPercent: [50, 80, 100],
      walletBelowMinor: 1_500n,
      expiryWithinHours: 48,
      channels: { sms: false, email: true, webhook: true, inbox: true },
      quietHours: null,
      currency: 'OMR',
      timeZone: 'Asia/Muscat',
      updatedAt: WORLD_NOW,
      available: { sms: true, email: true, webhook: true, inbox: true },
    };
    expect(saved).toEqual({ ok: true, value: expected });
    await putAlertSettings(store, 'acc-muscat', { ...expected, walletBelowMinor: null, quietHours: { start: '23:00', end: '07:30' } }, WORLD_NOW + 1);
    expect(await getAlertSettings(store, 'acc-muscat')).toMatchObject({ ok: true, value: { walletBelowMinor: null, quietHours: { start: '23:00', end: '07:30' }, updatedAt: WORLD_NOW + 1 } });
    expect((await getAlertSettings(store, 'acc-tokyo')).ok && (await getAlertSettings(store, 'acc-tokyo'))).toMatchObject({ value: { updatedAt: null } });
  });
});
