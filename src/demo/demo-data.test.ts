import { HISTORY_MONTHS, importDemoHistory } from './demo-history.js';
import { monthlyUsage } from '../services/monthly-usage.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, formatSeconds } from '../cli/format-balances.js';
import { explainEid, explainIccid, explainImsi, normalizeMsisdn } from '../domain/identifiers.js';
import { lookupNetwork, networkOfImsi } from '../domain/networks.js';
import { parseInstant } from '../domain/instant.js';
import type { RawUsageRow } from '../domain/usage-event.js';
import { exportBalances, type BalanceExport } from '../services/export-balances.js';
import { importUsage, type ImportSummary } from '../services/import-usage.js';
import { checkInvariants } from '../services/invariants.js';
import { provision } from '../services/provision.js';
import { readUsageFile } from '../channels/files/usage-file.js';
import { openTestStore } from '../testing/test-stores.js';
import { buildDemoProvisioning, buildDemoUsage, DEMO_BAD_ROWS, DEMO_LANGUAGES, DEMO_LOGINS, type DemoProvisioning } from './demo-data.js';
import { offsetMinutes } from './local-time.js';
import { writeDemoFiles } from '../testing/write-demo-files.js';

const NOW = Date.parse('2026-03-10T03:00:00Z');
const HOME_NETWORK: Record<string, string> = { HKD: '45400', JPY: '44010', KRW: '45005', RUB: '25001', OMR: '42202' };

async function* asRows(rows: readonly RawUsageRow[]) {
  for (const [i, raw] of rows.entries()) yield { lineNo: i + 2, raw };
}

describe('demo provisioning', () => {
  const p = buildDemoProvisioning(NOW);

  it('has 15+ accounts, at least 3 per home market, in their language and zone', () => {
    expect(p.accounts.length).toBeGreaterThanOrEqual(15);
    for (const currency of Object.keys(HOME_NETWORK)) {
      expect(p.accounts.filter((a) => a.currency === currency).length).toBeGreaterThanOrEqual(3);
    }
    for (const a of p.accounts) {
      expect(DEMO_LANGUAGES).toContain(a.language);
      expect(() => new Intl.DateTimeFormat('en', { timeZone: a.timeZone })).not.toThrow();
      expect(normalizeMsisdn(a.loginPhone!)).toBe(a.loginPhone);
    }
    expect(new Set(p.accounts.map((a) => a.loginPhone)).size).toBe(p.accounts.length);
  });

  it('gives every eSIM a valid ICCID, IMSI on its home network, MSISDN, EID and activation code', () => {
    const accounts = new Map(p.accounts.map((a) => [a.id, a]));
    for (const e of p.esims) {
      const account = accounts.get(e.accountId)!;
      expect(explainIccid(e.iccid)).toBeUndefined();
      expect(e.iccid.startsWith('8985200')).toBe(true);
      expect(explainImsi(e.imsi)).toBeUndefined();
      expect(networkOfImsi(e.imsi)?.mccMnc).toBe(HOME_NETWORK[account.currency]);
      if (e.msisdn !== undefined) expect(normalizeMsisdn(e.msisdn)).toBe(e.msisdn);
      if (e.eid !== undefined) expect(explainEid(e.eid)).toBeUndefined();
      expect(e.activationCode).toMatch(/^LPA:1\$smdp\.simledger\.example\$[A-Z0-9]{20}$/);
      expect(p.tariffs.find((t) => t.id === e.tariffId)?.currency).toBe(account.currency);
    }
    for (const key of ['iccid', 'imsi'] as const) expect(new Set(p.esims.map((e) => e[key])).size).toBe(p.esims.length);
    for (const a of p.accounts) expect(p.esims.filter((e) => e.accountId === a.id).length).toBeGreaterThanOrEqual(1);
  });

  it('names every plan in all seven languages', () => {
    for (const plan of p.plans) {
      expect(Object.keys(plan.name).sort()).toEqual([...DEMO_LANGUAGES].sort());
      for (const text of Object.values(plan.name)) expect(text.trim()).not.toBe('');
    }
    expect(p.plans.find((x) => x.id === 'jp-5gb-7d-hkd')?.name).toMatchObject({
      'zh-Hans': '日本 5GB 7天',
      ja: '日本 5GB 7日間',
      ko: '일본 5GB 7일',
      ru: 'Япония 5 ГБ на 7 дней',
      ar: 'اليابان 5 جيجابايت لمدة 7 أيام',
    });
  });

  it('lists demo logins that are accounts with that phone and language', () => {
    expect(DEMO_LOGINS.length).toBeGreaterThanOrEqual(5);
    for (const login of DEMO_LOGINS) {
      const account = p.accounts.find((a) => a.loginPhone === login.phone);
      expect(account).toMatchObject({ password: login.password, language: login.language });
    }
  });

  it('is deterministic: the same now gives the same data', () => {
    expect(buildDemoProvisioning(NOW)).toEqual(p);
    expect(buildDemoUsage(NOW, p)).toEqual(buildDemoUsage(NOW, buildDemoProvisioning(NOW)));
    expect(buildDemoProvisioning(NOW + 86_400_000).esims).toEqual(p.esims);
  });
});

describe('demo usage rows', () => {
  const p = buildDemoProvisioning(NOW);
  const rows = buildDemoUsage(NOW, p);
  const bad = new Set(['99999', '00101']);

  it('has a month of events, written in the local time of the network they happened on', () => {
    expect(rows.length).toBeGreaterThanOrEqual(2_000);
    expect(rows.length).toBeLessThanOrEqual(5_000);
    for (const r of rows) {
      const ms = parseInstant(r.started_at!)!;
      expect(ms).toBeLessThan(NOW);
      expect(ms).toBeGreaterThan(NOW - 31 * 86_400_000);
      const network = lookupNetwork(r.mcc_mnc!);
      if (network === undefined) {
        expect(bad.has(r.mcc_mnc!)).toBe(true);
        continue;
      }
      const offset = offsetMinutes(network.timeZone, ms);
      const sign = offset < 0 ? '-' : '+';
      const hhmm = `${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
      expect(r.started_at!.endsWith(sign + hhmm)).toBe(true);
    }
    const kinds = new Set(rows.map((r) => `${r.kind}/${r.direction ?? ''}`));
    expect([...kinds].sort()).toEqual(['data/', 'sms/in', 'sms/out', 'voice/in', 'voice/out']);
    expect(rows.some((r) => r.imsi !== undefined) && rows.some((r) => r.iccid !== undefined)).toBe(true);
    // Unique ids, but for the one resent as is and the one resent with other content.
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length - 2);
  });
});

describe.each([NOW, Date.parse('2026-08-31T21:45:17Z')])('the demo on a fresh SQLite store (now %i)', (now) => {
  let store: Awaited<ReturnType<typeof openTestStore>>;
  let p: DemoProvisioning;
  let summary: ImportSummary;
  let history: ImportSummary[];
  let balances: BalanceExport;

  beforeAll(async () => {
    store = await openTestStore('sqlite');
    p = buildDemoProvisioning(now);
    const result = await provision(store, JSON.parse(JSON.stringify(p)), now);
    expect(result.ok ? [] : result.errors).toEqual([]);
    history = await importDemoHistory(store, now, p);
    summary = await importUsage(store, asRows(buildDemoUsage(now, p)), { source: 'demo', now: () => now, retentionMonths: 12 });
    balances = await exportBalances(store);
  });

  it('holds 13 months of usage: twelve history months rated in full, each settled by a top-up', async () => {
    expect(history).toHaveLength(HISTORY_MONTHS);
    for (const h of history) expect([h.rejected, h.duplicates, h.rated > 500]).toEqual([0, 0, true]);
    const months = await monthlyUsage(store, 'hk-chan', now);
    if (!months.ok) throw new Error(months.code);
    // The 12-month view is full (this month may be hours old), and it varies from month to month.
    expect(months.value.months.slice(0, 11).filter((m) => m.dataBytes > 0n && m.voiceSeconds > 0n && m.smsMessages > 0n)).toHaveLength(11);
    expect(new Set(months.value.months.map((m) => m.spendMinor)).size).toBeGreaterThan(6);
    const settled = await store.db.selectFrom('topups').select('id').where('id', 'like', 'demo-history-hk-chan-%').execute();
    expect(settled).toHaveLength(HISTORY_MONTHS);
  });
  afterAll(async () => store.close());

  it('rates every row but the deliberately bad ones', () => {
    expect(summary.duplicates).toBe(DEMO_BAD_ROWS.duplicates);
    expect(summary.rejectedByReason).toEqual(DEMO_BAD_ROWS.rejectedByReason);
    expect(summary.rated).toBe(summary.read - summary.duplicates - summary.rejected);
  });

  it('leaves one account in a small debt and every other wallet in credit', () => {
    const negative = balances.wallets.filter((w) => w.balanceMinor < 0n);
    expect(negative.map((w) => w.accountId)).toEqual(['ru-kozlov']);
    expect(negative[0]!.balanceMinor).toBeGreaterThan(-50_000n); // less than RUB 500
  });

  it('uses up one travel plan, starts travel plans at first use and leaves some for later', () => {
    const bucket = (purchaseId: string) => balances.buckets.find((b) => b.purchaseId === purchaseId && b.kind === 'data')!;
    expect(bucket('pu-hk-wilson-kr-3gb-5d').remaining).toBe(0n);
    expect(bucket('pu-hk-chan-jp-5gb-7d').validFrom).not.toBeNull();
    expect(bucket('pu-hk-lee-gulf-2gb-7d')).toMatchObject({ validFrom: null, remaining: bucket('pu-hk-lee-gulf-2gb-7d').initial });
    expect(bucket('pu-jp-suzuki-ru-5gb-30d').validFrom).toBeNull();
    expect(bucket('pu-hk-chan-home').validFrom).not.toBeNull();
  });

  it('keeps the ledger invariants', async () => {
    expect(await checkInvariants(store)).toEqual([]);
  });
});

describe('writeDemoFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simledger-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the same data as provisioning.json and usage.csv', async () => {
    const files = await writeDemoFiles(dir, NOW);
    const p = buildDemoProvisioning(NOW);
    expect(JSON.parse(readFileSync(files.provisioningPath, 'utf8'))).toEqual(p);
    const read: RawUsageRow[] = [];
    for await (const row of readUsageFile(files.usagePath, 'csv')) {
      expect(row.malformed).toBeUndefined();
      read.push(Object.fromEntries(Object.entries(row.raw!).filter(([, v]) => v !== '')));
    }
    expect(read).toEqual(buildDemoUsage(NOW, p));
    expect(files.events).toBe(read.length);
  });
});

describe('balance formatting', () => {
  it('shows data in GB or MB rounded down to one decimal (1 GB = 1024^3 bytes) and voice in minutes', () => {
    expect(formatBytes(1_073_741_824n)).toBe('1 GB');
    expect(formatBytes(5n * 1_073_741_824n - 5_368_709n)).toBe('4.9 GB');
    expect(formatBytes(536_870_912n)).toBe('512 MB');
    expect(formatBytes(0n)).toBe('0 B');
    expect(formatSeconds(3_600n)).toBe('60 min');
    expect(formatSeconds(95n)).toBe('1 min 35 s');
  });
});
