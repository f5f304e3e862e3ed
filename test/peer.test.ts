import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../src/cli/import-file.js';
import type { Store } from '../src/store/open-store.js';
import { addAccount, addEsim, addTariff } from '../src/testing/scenario.js';
import { openTestStore, TEST_DIALECTS } from '../src/testing/test-stores.js';
import { listUsageRecords } from '../src/services/query-usage.js';
import { rateUsageBatch } from '../src/services/rate-usage-batch.js';
import { ingestTmfUsage } from '../src/services/tmf/tmf-usage-ingest.js';
import { usageWindow } from '../src/services/usage-window.js';

const NOW = Date.parse('2026-04-15T06:00:00Z');
const LINE = '8985200000000000501';
const IMSI = '454000000000501';

describe.each(TEST_DIALECTS)('the other party (peer) on %s', (dialect) => {
  let store: Store & { url: string };
  const dir = mkdtempSync(join(tmpdir(), 'peer-'));
  const peers = async () => Object.fromEntries((await store.db.selectFrom('usage_records').select(['event_id', 'peer']).execute()).map((r) => [r.event_id, r.peer]));

  beforeAll(async () => {
    store = await openTestStore(dialect);
    await addAccount(store, { id: 'acc', currency: 'HKD', balanceMinor: 100_000n, at: NOW - 40 * 86_400_000 });
    await addTariff(store, { id: 't', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10n, voiceOutPerMinMinor: 100n, voiceInPerMinMinor: 50n, smsOutMinor: 80n } } });
    await addEsim(store, { iccid: LINE, imsi: IMSI, accountId: 'acc', tariffId: 't' });
  });
  afterAll(async () => {
    await store.close();
  });

  it('is stored masked from a CSV file (the optional column), the operator API and TMF635, and shown masked', async () => {
    const file = join(dir, 'usage.csv');
    writeFileSync(
      file,
      [
        'event_id,imsi,kind,direction,started_at,quantity,mcc_mnc,peer',
        `p-call,${IMSI},voice,out,2026-04-15T10:00:00+08:00,61,45400,+852 9876 5432`,
        `p-sms,${IMSI},sms,in,2026-04-15T10:05:00+08:00,1,45400,HSBC`,
        `p-data,${IMSI},data,,2026-04-15T10:10:00+08:00,1024,45400,`,
        `p-bad,${IMSI},sms,out,2026-04-15T10:15:00+08:00,1,45400,"+852;1"`,
      ].join('\n') + '\n',
    );
    const summary = await importFile(store, {
      databaseUrl: store.url,
      file,
      format: 'csv',
      source: 'file',
      retentionMonths: 12,
      batchSize: 100,
      rejectsPath: `${file}.rejects.csv`,
      nowMs: NOW,
    });
    expect(summary).toMatchObject({ rated: 3, rejected: 1, rejectedByReason: { invalid_peer: 1 } });
    const rated = await rateUsageBatch(
      store,
      'api',
      [
        {
          raw: {
            event_id: 'p-api',
            imsi: IMSI,
            kind: 'voice',
            direction: 'in',
            started_at: '2026-04-15T10:20:00+08:00',
            quantity: '30',
            mcc_mnc: '45400',
            peer: '+81 90 1111 2222',
          },
          ref: 0,
        },
      ],
      NOW,
      usageWindow(NOW, 12),
    );
    expect(rated[0]!.status).toBe('rated');
    const tmf = await ingestTmfUsage(
      store,
      {
        id: 'p-tmf',
        usageDate: '2026-04-15T10:30:00+08:00',
        usageType: 'sms',
        usageCharacteristic: [
          { name: 'imsi', value: IMSI },
          { name: 'quantity', value: '1' },
          { name: 'mcc_mnc', value: '45400' },
          { name: 'peer', value: '+85261234567' },
        ],
      },
      NOW,
      12,
    );
    expect(tmf.ok && tmf.usage.status === 'rated' && tmf.usage.peer).toBe('+*******4567');
    expect(await peers()).toEqual({ 'p-call': '+*******5432', 'p-sms': '**BC', 'p-data': null, 'p-api': '+********2222', 'p-tmf': '+*******4567' });
    const page = await listUsageRecords(store, { accountId: 'acc' });
    expect(page.ok && page.records.map((r) => [r.eventId, r.peer, r.networkName])).toEqual([
      ['p-tmf', '+*******4567', 'CSL'],
      ['p-api', '+********2222', 'CSL'],
      ['p-data', null, 'CSL'],
      ['p-sms', '**BC', 'CSL'],
      ['p-call', '+*******5432', 'CSL'],
    ]);
    // Sent again as it was: a duplicate; with another party: a conflict, not a second charge.
    const again = await importFile(store, {
      databaseUrl: store.url,
      file,
      format: 'csv',
      source: 'file',
      retentionMonths: 12,
      batchSize: 100,
      rejectsPath: `${file}.rejects.csv`,
      nowMs: NOW,
    });
    expect(again).toMatchObject({ rated: 0, duplicates: 4 }); // the held row too: the same id and content
    const changed = await rateUsageBatch(
      store,
      'api',
      [
        {
          raw: {
            event_id: 'p-api',
            imsi: IMSI,
            kind: 'voice',
            direction: 'in',
            started_at: '2026-04-15T10:20:00+08:00',
            quantity: '30',
            mcc_mnc: '45400',
            peer: '+81 90 1111 3333',
          },
          ref: 0,
        },
      ],
      NOW,
      usageWindow(NOW, 12),
    );
    expect(changed[0]!.status).toBe('rejected');
  });
});
