import { describe, expect, it } from 'vitest';
import { PARTITIONS, decodeUsageMessage, encodeUsageMessage, partitionOfAccount, partitionOfUnknown, usageMessageId } from './usage-partitions.js';

describe('usage stream partitions and messages', () => {
  it('puts an account in the same partition in every process (a fixed hash, not a random seed)', () => {
    expect(partitionOfAccount('A1')).toBe(partitionOfAccount('A1'));
    expect([partitionOfAccount('A1'), partitionOfAccount('A2'), partitionOfAccount('acct-香港')]).toEqual([56, 49, 48]); // FNV-1a of 'a:' + id, mod 64, worked out apart from this code
    expect(partitionOfUnknown({ imsi: '454009999999999' })).toBe(partitionOfUnknown({ imsi: '454009999999999', event_id: 'x' }));
  });

  it('spreads accounts over all 64 partitions', () => {
    const counts = new Array<number>(PARTITIONS).fill(0);
    for (let i = 0; i < 64_000; i++) counts[partitionOfAccount(`A${i}`)]!++;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1_200);
  });

  it('names a batch by its source, partition, first and last event: the same batch has the same id', () => {
    const message = { source: 'sgw', rows: [{ event_id: 'e1' }, { event_id: 'e2' }, { event_id: 'e9' }] };
    expect(usageMessageId(7, message)).toBe('sgw|7|e1|e9|3');
    expect(usageMessageId(7, { ...message, rows: [...message.rows] })).toBe(usageMessageId(7, message));
    expect(usageMessageId(8, message)).not.toBe(usageMessageId(7, message));
  });

  it('reads back what it wrote, keeping only usage fields', () => {
    const rows = [{ event_id: 'e1', imsi: '454001234567890', kind: 'data', started_at: '2026-11-20T12:00:00+08:00', quantity: '10', mcc_mnc: '45400' }];
    expect(decodeUsageMessage(encodeUsageMessage({ source: 's', rows }))).toEqual({ source: 's', rows });
    expect(decodeUsageMessage('{"source":"s","rows":[{"event_id":"e1","extra":"x","quantity":5}]}').rows).toEqual([{ event_id: 'e1', quantity: '5' }]);
  });

  it('names what is wrong with a message that is not usage', () => {
    expect(() => decodeUsageMessage('nope')).toThrow(/JSON/);
    expect(() => decodeUsageMessage('{"rows":[]}')).toThrow(/no source/);
    expect(() => decodeUsageMessage('{"source":"s"}')).toThrow(/no rows array/);
    expect(() => decodeUsageMessage('{"source":"s","rows":[1]}')).toThrow(/not a JSON object/);
  });
});
