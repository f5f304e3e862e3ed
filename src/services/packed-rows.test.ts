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
    expect(back).toEqual(
      rows.map((r) => ({
        ref: r.ref,
        raw: { event_id: undefined, imsi: undefined, iccid: undefined, kind: undefined, direction: undefined, started_at: undefined, quantity: undefined, mcc_mnc: undefined, ...r.raw },
      })),
    );
    expect(back[1]!.raw.imsi).toBeUndefined();
    expect(back[0]!.raw.iccid).toBe('');
  });

  it('give back every row of a batch that spans several chunks of 256 rows', () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => ({
      raw: {
        event_id: `ev-${i}`,
        imsi: i % 3 === 0 ? undefined : `4540000000${String(i).padStart(5, '0')}`,
        iccid: '',
        kind: 'data',
        direction: 'out',
        started_at: `2026-11-20T04:${String(i % 60).padStart(2, '0')}:00Z`,
        quantity: String(i * 1024),
        mcc_mnc: 'ДЕ',
      },
      ref: i + 2,
    }));
    const packed = packRows(rows);
    expect(packed.refs.length).toBe(1_000);
    const back = unpackRows(packed);
    expect(back[255]).toEqual(rows[255]);
    expect(back[256]).toEqual(rows[256]);
    expect(back.map((r) => r.raw.event_id)).toEqual(rows.map((r) => r.raw.event_id));
    expect(back[998]!.raw.imsi).toBe('454000000000998');
    expect(back[999]!.raw.imsi).toBeUndefined();
    expect(back[999]!.raw.quantity).toBe(String(999 * 1024));
  });

  it('refuses a row that carries more than its fields and ref', () => {
    expect(() => packRows([{ raw: {}, ref: 1, suspenseId: 5n }])).toThrow(/only plain rows/);
  });
});
