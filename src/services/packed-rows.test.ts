import { describe, expect, it } from 'vitest';
import { packRows, unpackRows } from './packed-rows.js';

describe('packed rows', () => {
  it('give back the rows as they were: empty, absent and non-ASCII fields, refs past 2^31', () => {
    const rows = [
      { raw: { event_id: 'e1', imsi: '454001234567890', iccid: '', kind: 'data', direction: 'out', started_at: '2026-11-20T04:00:00Z', quantity: '1048576', mcc_mnc: '45400' }, ref: 2 },
      { raw: { event_id: '通話-é', imsi: undefined, iccid: '89852000000000000017', kind: 'voice', direction: 'in', started_at: '', quantity: '60', mcc_mnc: undefined }, ref: 3_000_000_000 },
      { raw: {}, ref: 4 },
    ];
    const back = unpackRows(packRows(rows));
    expect(back).toEqual(rows.map((r) => ({ ref: r.ref, raw: { event_id: undefined, imsi: undefined, iccid: undefined, kind: undefined, direction: undefined, started_at: undefined, quantity: undefined, mcc_mnc: undefined, ...r.raw } })));
    expect(back[1]!.raw.imsi).toBeUndefined();
    expect(back[0]!.raw.iccid).toBe('');
  });

  it('refuses a row that carries more than its fields and ref', () => {
    expect(() => packRows([{ raw: {}, ref: 1, suspenseId: 5n }])).toThrow(/only plain rows/);
  });
});
