import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maskPeer, parseUsageRow, usageFingerprint, type RawUsageRow, type UsageWindow } from './usage-event.js';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0); // 2025-06-15T12:00Z
const SKEW = 15 * 60_000;
const OLDEST = Date.UTC(2024, 5, 15, 12, 0, 0); // 12 months back
const WINDOW: UsageWindow = { latestAcceptedMs: NOW + SKEW, oldestAcceptedMs: OLDEST };

const GOOD: RawUsageRow = {
  event_id: 'ev-1',
  imsi: '454001234567890',
  iccid: '8985200001234567890',
  kind: 'data',
  direction: 'out',
  started_at: '2025-06-15T18:30:00+08:00',
  quantity: '1048576',
  mcc_mnc: '45400',
};

function rejection(over: Partial<Record<keyof RawUsageRow, string | undefined>>) {
  const raw = { ...GOOD, ...over } as RawUsageRow;
  const parsed = parseUsageRow(raw, WINDOW);
  if (parsed.ok) throw new Error(`expected a rejection for ${JSON.stringify(over)}`);
  return { code: parsed.code, detail: parsed.detail };
}

describe('parseUsageRow accepts', () => {
  it('a full row, as the instant and country of its network', () => {
    const parsed = parseUsageRow(GOOD, WINDOW);
    expect(parsed).toEqual({
      ok: true,
      usage: {
        eventId: 'ev-1',
        imsi: '454001234567890',
        iccid: '8985200001234567890',
        kind: 'data',
        direction: 'out',
        startedAtMs: Date.UTC(2025, 5, 15, 10, 30),
        quantity: 1_048_576n,
        mccMnc: '45400',
        country: 'HK',
        peer: null,
      },
    });
  });

  it('direction defaults to out; case and spacing are forgiven; MCC-MNC may carry a dash', () => {
    const parsed = parseUsageRow({ ...GOOD, direction: undefined, kind: ' VOICE ', mcc_mnc: '440-10', imsi: '', quantity: ' 61 ' }, WINDOW);
    expect(parsed.ok && parsed.usage).toMatchObject({ direction: 'out', kind: 'voice', mccMnc: '44010', country: 'JP', quantity: 61n, imsi: '' });
  });

  it('the edges of the window: now + skew, and exactly the retention limit', () => {
    expect(parseUsageRow({ ...GOOD, started_at: new Date(NOW + SKEW).toISOString() }, WINDOW).ok).toBe(true);
    expect(parseUsageRow({ ...GOOD, started_at: new Date(OLDEST).toISOString() }, WINDOW).ok).toBe(true);
  });

  it('zero quantity', () => {
    expect(parseUsageRow({ ...GOOD, quantity: '0' }, WINDOW).ok).toBe(true);
  });
});

describe('parseUsageRow rejects', () => {
  it('invalid_event_id: missing, blank, or longer than 128 characters', () => {
    const detail = 'event_id must be 1-128 characters';
    expect(rejection({ event_id: undefined })).toEqual({ code: 'invalid_event_id', detail });
    expect(rejection({ event_id: '   ' })).toEqual({ code: 'invalid_event_id', detail });
    expect(rejection({ event_id: 'x'.repeat(129) })).toEqual({ code: 'invalid_event_id', detail });
    expect(parseUsageRow({ ...GOOD, event_id: 'x'.repeat(128) }, WINDOW).ok).toBe(true);
  });

  it('invalid_event_id for an id that is not well-formed Unicode (a lone surrogate), spelled out; a surrogate pair is fine', () => {
    expect(rejection({ event_id: 'ls-\ud800' })).toEqual({ code: 'invalid_event_id', detail: 'event_id "ls-\\ud800" is not well-formed Unicode (a lone UTF-16 surrogate)' });
    expect(rejection({ imsi: '45400\udc00' })).toEqual({ code: 'unknown_subscriber', detail: 'no line with imsi 45400\\udc00' });
    expect(parseUsageRow({ ...GOOD, event_id: 'ok-\ud83d\ude00' }, WINDOW).ok).toBe(true);
  });

  it('unknown_subscriber when neither imsi nor iccid is given', () => {
    expect(rejection({ imsi: undefined, iccid: ' ' })).toEqual({ code: 'unknown_subscriber', detail: 'neither imsi nor iccid given' });
  });

  it('invalid_kind for a kind other than data, voice, sms', () => {
    expect(rejection({ kind: 'mms' })).toEqual({ code: 'invalid_kind', detail: 'kind "mms" is not data, voice or sms' });
    expect(rejection({ kind: undefined })).toEqual({ code: 'invalid_kind', detail: 'kind "" is not data, voice or sms' });
  });

  it('invalid_kind for a direction other than out or in', () => {
    expect(rejection({ direction: 'both' })).toEqual({ code: 'invalid_kind', detail: 'direction "both" is not out or in' });
  });

  it('invalid_time without an offset', () => {
    expect(rejection({ started_at: '2025-06-15T10:30:00' })).toEqual({
      code: 'invalid_time',
      detail: 'started_at "2025-06-15T10:30:00" is not ISO 8601 with an offset',
    });
    expect(rejection({ started_at: '' }).code).toBe('invalid_time');
    expect(rejection({ started_at: '1749983400000' }).code).toBe('invalid_time');
  });

  it('invalid_time for a date that does not exist (Feb 30, 24:00, second 60)', () => {
    expect(rejection({ started_at: '2025-02-30T10:00:00Z' })).toEqual({
      code: 'invalid_time',
      detail: 'started_at "2025-02-30T10:00:00Z" is not ISO 8601 with an offset',
    });
    expect(rejection({ started_at: '2025-02-29T10:00:00Z' }).code).toBe('invalid_time'); // 2025 is not a leap year
    expect(rejection({ started_at: '2025-06-01T24:00:00Z' }).code).toBe('invalid_time');
    expect(rejection({ started_at: '2025-06-01T10:00:60Z' }).code).toBe('invalid_time');
  });

  it('invalid_time in the future beyond the clock skew', () => {
    const at = new Date(NOW + SKEW + 1000).toISOString();
    expect(rejection({ started_at: at })).toEqual({ code: 'invalid_time', detail: `started_at ${at} is in the future` });
  });

  it('invalid_time older than the retention window', () => {
    const at = new Date(OLDEST - 1000).toISOString();
    expect(rejection({ started_at: at })).toEqual({ code: 'invalid_time', detail: `started_at ${at} is older than the retention window` });
  });

  it("invalid_quantity: negative, decimal, empty, not a number, too large — named in the kind's unit", () => {
    expect(rejection({ quantity: '-5' })).toEqual({ code: 'invalid_quantity', detail: 'quantity "-5" is not a whole number of bytes' });
    expect(rejection({ quantity: '1.5', kind: 'voice' })).toEqual({ code: 'invalid_quantity', detail: 'quantity "1.5" is not a whole number of seconds' });
    expect(rejection({ quantity: '', kind: 'sms' })).toEqual({ code: 'invalid_quantity', detail: 'quantity "" is not a whole number of messages' });
    expect(rejection({ quantity: undefined }).code).toBe('invalid_quantity');
    expect(rejection({ quantity: '1e3' }).code).toBe('invalid_quantity');
    expect(rejection({ quantity: '+5' }).code).toBe('invalid_quantity');
    expect(rejection({ quantity: String((1n << 53n) + 1n) }).code).toBe('invalid_quantity');
  });

  it('unknown_network for an MCC-MNC not in the table', () => {
    expect(rejection({ mcc_mnc: '99999' })).toEqual({ code: 'unknown_network', detail: 'mcc_mnc "99999" is not a known network' });
    expect(rejection({ mcc_mnc: undefined })).toEqual({ code: 'unknown_network', detail: 'mcc_mnc "" is not a known network' });
    expect(rejection({ mcc_mnc: '454' }).code).toBe('unknown_network');
  });
});

describe('usageFingerprint (docs/rating-rules.md rule 6: same content)', () => {
  it('stays what databases already hold: the first 22 characters of the sha256 in base64url', () => {
    // Stored with every record and suspense row: a change would make every re-import a conflict.
    const raw = { event_id: 'e', imsi: '454001234567890', iccid: '', kind: 'data', direction: '', started_at: '2026-10-02T08:01:00.000+08:00', quantity: '12', mcc_mnc: '45406' };
    expect(usageFingerprint(raw)).toBe('wvq1LNdkN_uBtt3AKpeWxP');
    const parts = ['454001234567890', '', 'data', 'out', String(Date.UTC(2026, 9, 2, 0, 1)), '12', '45406'];
    expect(usageFingerprint(raw)).toBe(createHash('sha256').update(parts.join('\u001f')).digest('base64url').slice(0, 22));
  });

  it('is the same for "+08:00" and "Z" spellings of one instant', () => {
    const z = usageFingerprint({ ...GOOD, started_at: '2025-06-15T10:30:00Z' });
    expect(usageFingerprint(GOOD)).toBe(z);
    expect(usageFingerprint({ ...GOOD, started_at: '2025-06-15T10:30:00.000+00:00' })).toBe(z);
    expect(usageFingerprint({ ...GOOD, started_at: '2025-06-15T05:30:00-05:00' })).toBe(z);
  });

  it('is the same for spellings the parser treats alike (default direction, kind case, MCC-MNC dash)', () => {
    const base = usageFingerprint(GOOD);
    expect(usageFingerprint({ ...GOOD, direction: undefined })).toBe(base);
    expect(usageFingerprint({ ...GOOD, kind: 'DATA' })).toBe(base);
    expect(usageFingerprint({ ...GOOD, mcc_mnc: '454-00' })).toBe(base);
    expect(usageFingerprint({ ...GOOD, quantity: `000${GOOD.quantity!}` })).toBe(base);
    expect(usageFingerprint({ ...GOOD, quantity: '0' })).toBe(usageFingerprint({ ...GOOD, quantity: '000' }));
  });

  it.each<[keyof RawUsageRow, string]>([
    ['imsi', '454001234567891'],
    ['iccid', '8985200001234567891'],
    ['kind', 'voice'],
    ['direction', 'in'],
    ['started_at', '2025-06-15T18:30:01+08:00'],
    ['started_at', '2025-06-15T18:30:00+09:00'],
    ['quantity', '1048577'],
    ['mcc_mnc', '45406'],
  ])('changes when %s becomes %s', (field, value) => {
    expect(usageFingerprint({ ...GOOD, [field]: value })).not.toBe(usageFingerprint(GOOD));
  });
});

describe('parseUsageFields + applyWindow (checked ahead of `now`)', () => {
  it('gives the same answer as parseUsageRow, an out-of-window time still winning over a later field', async () => {
    const { applyWindow, parseUsageFields, prepareUsage } = await import('./usage-event.js');
    const future = new Date(WINDOW.latestAcceptedMs + 60_000).toISOString();
    for (const raw of [GOOD, { ...GOOD, quantity: 'x' }, { ...GOOD, started_at: future, quantity: 'x' }, { ...GOOD, started_at: future, mcc_mnc: '99999' }, { ...GOOD, kind: 'fax' }]) {
      expect(applyWindow(parseUsageFields(raw), raw, WINDOW)).toEqual(parseUsageRow(raw, WINDOW));
    }
    expect(parseUsageRow({ ...GOOD, started_at: future, quantity: 'x' }, WINDOW)).toMatchObject({ ok: false, code: 'invalid_time' });
    expect(prepareUsage(GOOD).hash).toBe(usageFingerprint(GOOD));
    expect(prepareUsage({ ...GOOD, kind: 'fax' }).hash).toBe(usageFingerprint({ ...GOOD, kind: 'fax' }));
  });
});

describe('the other party (peer)', () => {
  it('is masked but its last 4 digits, a leading + kept, spacing dropped; half of a short one shows', () => {
    expect(maskPeer('+852 9123-4567')).toBe('+*******4567');
    expect(maskPeer('(03) 1234.5678')).toBe('******5678');
    expect(maskPeer('HSBC')).toBe('**BC');
    expect(maskPeer('123')).toBe('**3');
    expect(maskPeer('')).toBeNull();
    expect(maskPeer('+85291234567; drop table')).toBeUndefined();
    expect(maskPeer('1'.repeat(33))).toBeUndefined();
  });

  it('is stored masked when a call carries it, and refused (invalid_peer) when it is no number or name', () => {
    const call = { ...GOOD, kind: 'voice', quantity: '60', peer: '+81 90 1234 5678' };
    const parsed = parseUsageRow(call, WINDOW);
    expect(parsed.ok && parsed.usage.peer).toBe('+********5678');
    expect(rejection({ peer: 'call\u0000me' })).toMatchObject({ code: 'invalid_peer', detail: expect.stringContaining('peer') });
  });

  it('leaves the fingerprint of a row without a peer as it was; a peer is part of the content when sent', () => {
    expect(usageFingerprint({ ...GOOD, peer: '' })).toBe(usageFingerprint(GOOD));
    expect(usageFingerprint({ ...GOOD, peer: '+85291234567' })).not.toBe(usageFingerprint(GOOD));
    expect(usageFingerprint({ ...GOOD, peer: '+852 9123 4567' })).toBe(usageFingerprint({ ...GOOD, peer: '+85291234567' }));
  });
});
