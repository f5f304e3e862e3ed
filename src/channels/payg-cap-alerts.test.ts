import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setPaygCap } from '../services/payg.js';
import { LoggingNetworkBarring } from '../services/ports/network-barring.js';
import { rateUsageBatch } from '../services/rate-usage-batch.js';
import { usageWindow } from '../services/usage-window.js';
import type { Store } from '../store/open-store.js';
import { addAccount, addEsim, addTariff, HOUR_MS, usageRow } from '../testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../testing/test-stores.js';
import { alertCapsReached } from './payg-cap-alerts.js';
import { LogSmsSender } from './sms-log-sender.js';

const NOW = Date.parse('2026-04-15T06:00:00Z');
const LINE = '8985200000000000401';
const MIB = 1_048_576;

describe.each(TEST_DIALECTS)('pay-as-you-go cap alerts on %s', (dialect) => {
  let store: Store;
  const dir = mkdtempSync(join(tmpdir(), 'cap-'));
  const smsFile = join(dir, 'sms.ndjson');
  const warnings: { obj: Record<string, unknown>; msg: string }[] = [];
  const log = pino({ level: 'silent' });
  const deps = () => ({
    store,
    now: () => NOW,
    log,
    sms: new LogSmsSender(log, { file: smsFile }),
    barring: new LoggingNetworkBarring({
      warn: (obj: object, msg: string) => {
        warnings.push({ obj: obj as Record<string, unknown>, msg });
      },
    }),
  });
  const rate = (id: string, mib: number) =>
    rateUsageBatch(store, 'api', [{ raw: usageRow({ eventId: id, iccid: LINE, startedAt: NOW - HOUR_MS, quantity: mib * MIB }), ref: 0 }], NOW, usageWindow(NOW, 12));

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await addAccount(store, { id: 'acc', currency: 'HKD', balanceMinor: 10_000n, at: NOW - 40 * 86_400_000 });
    await addTariff(store, { id: 't', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10n } } });
    await addEsim(store, { iccid: LINE, imsi: '454000000000401', accountId: 'acc', tariffId: 't', msisdn: '+85291234401' });
    await store.db.updateTable('accounts').set({ language: 'ja' }).where('id', '=', 'acc').execute();
    expect(await setPaygCap(store, 'acc', LINE, BigInt(3 * MIB), NOW)).toEqual({ ok: true });
  });
  afterAll(async () => {
    await store.close();
  });

  it("asks the network to bar data and texts the number once, when the month's charged data reaches the cap", async () => {
    await rate('c1', 2);
    expect(await alertCapsReached(deps())).toBe(0);
    await rate('c2', 1); // 3 MiB charged: the cap
    expect(await alertCapsReached(deps())).toBe(1);
    expect(warnings).toEqual([
      { msg: expect.stringContaining('barring'), obj: expect.objectContaining({ iccid: LINE, reason: 'payg_cap_reached', capBytes: String(3 * MIB), usedBytes: String(3 * MIB), month: '2026-04' }) },
    ]);
    const sent = readFileSync(smsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { to: string; text: string });
    expect(sent).toEqual([expect.objectContaining({ to: '+85291234401', text: '従量課金のデータ上限を超えています。' })]);
    // Still rated past the cap (offline usage cannot be refused), and no second alert this month.
    const more = await rate('c3', 1);
    expect(more[0]!.status).toBe('rated');
    expect(await alertCapsReached(deps())).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(existsSync(smsFile) && readFileSync(smsFile, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
