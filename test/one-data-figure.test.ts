// Issue 24: the portal once said 18.6 GB left where SMS, USSD and the hotline said 18.5 GB for the same
// bucket. Every channel formats through the display kit (src/messages/display.ts), which rounds data down.
import { describe, expect, it } from 'vitest';
import { formatBytes } from '../portal/src/format.js';
import { dataSentences, newCall } from '../src/channels/ivr/ivr-flow.js';
import { renderSmsReply } from '../src/channels/sms/messages/render.js';
import { dataScreen } from '../src/channels/ussd/ussd-screens.js';
import { displayKit } from '../src/messages/display.js';
import type { BucketView } from '../src/services/query-balances.js';

const BYTES = 19_966_372_596n; // 18.595 GB of 1024³ bytes: 18.5 rounded down, 18.6 rounded to the nearest
const VALID_TO = Date.UTC(2026, 10, 30);
const bucket: BucketView = {
  bucketId: 'b1',
  purchaseId: 'p1',
  planId: 'jp-20gb',
  kind: 'data',
  initial: 20n * 1_073_741_824n,
  remaining: BYTES,
  validFrom: Date.UTC(2026, 10, 1),
  validTo: VALID_TO,
  status: 'active',
  endedAt: null,
};

describe('one figure for data left in every channel', () => {
  it('says 18.5 GB for 19,966,372,596 bytes in the portal, SMS, USSD and the hotline', () => {
    expect(formatBytes(Number(BYTES), 'en')).toBe('18.5 GB');
    const sms = renderSmsReply({ kind: 'balance', language: 'en', timeZone: 'UTC', wallet: { minor: 0n, currency: 'HKD' }, data: { bytes: BYTES, validTo: VALID_TO }, voiceSeconds: null, sms: null });
    expect(sms).toContain('18.5 GB');
    expect(dataScreen('en', [bucket], 'UTC').text).toContain('18.5 GB');
    expect(dataSentences({ ...newCall('+85291234567'), lang: 'en' }, [bucket]).join(' ')).toContain('18.5 gigabytes');
    for (const text of [formatBytes(Number(BYTES), 'en'), sms, dataScreen('en', [bucket], 'UTC').text]) expect(text).not.toContain('18.6');
  });

  it('agrees in every language between the portal and the SMS/USSD kit', () => {
    for (const language of ['en', 'zh-Hant', 'zh-Hans', 'ja', 'ko', 'ru', 'ar'] as const) {
      expect(formatBytes(Number(BYTES), language)).toBe(displayKit(language).bytes(BYTES));
      expect(dataScreen(language, [bucket], 'UTC').text).toContain(displayKit(language).bytes(BYTES));
    }
  });
});
