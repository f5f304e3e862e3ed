import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readUsageFile, readUsageFileBatches } from './usage-file.js';

const dir = mkdtempSync(join(tmpdir(), 'usage-file-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('readUsageFileBatches (CSV)', () => {
  it('maps columns by header (any order, any case, extra columns ignored) and numbers the lines', async () => {
    const path = file(
      'a.csv',
      '\uFEFFQuantity,EVENT_ID,note,imsi,kind,started_at,mcc_mnc\n' +
        '100,e1,hello,454001234567890,data,2026-11-01T10:00:00+08:00,45400\n' +
        '\n' +
        '7,e2,x,454001234567890,sms,2026-11-01T11:00:00Z,45400\n',
    );
    const rows = (await all(readUsageFileBatches(path, 'csv', 10))).flat();
    expect(rows.map((r) => r.lineNo)).toEqual([2, 4]);
    expect(rows[0]!.raw).toEqual({ event_id: 'e1', imsi: '454001234567890', kind: 'data', started_at: '2026-11-01T10:00:00+08:00', quantity: '100', mcc_mnc: '45400' });
    expect(rows[1]!.raw).toEqual({ event_id: 'e2', imsi: '454001234567890', kind: 'sms', started_at: '2026-11-01T11:00:00Z', quantity: '7', mcc_mnc: '45400' });
  });

  it('cuts batches of the size asked', async () => {
    const lines = ['event_id,imsi,kind,started_at,quantity,mcc_mnc'];
    for (let i = 0; i < 25; i++) lines.push(`e${i},454001234567890,data,2026-11-01T10:00:00Z,${i},45400`);
    const batches = await all(readUsageFileBatches(file('b.csv', lines.join('\n') + '\n'), 'csv', 10));
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat().map((r) => r.raw?.event_id)).toEqual(Array.from({ length: 25 }, (_, i) => `e${i}`));
  });

  it('keeps the rows around a malformed one and names it with its line', async () => {
    const text = 'event_id,imsi\ne1,454001234567890\ne2,"x"y\ne3,454001234567891\n';
    const rows = await all(readUsageFile(file('m.csv', text), 'csv'));
    expect(rows).toMatchObject([
      { lineNo: 2, raw: { event_id: 'e1' } },
      { lineNo: 3, malformed: expect.stringMatching(/^malformed CSV: Trailing quote on quoted field is malformed/), text: 'e2,"x"y' },
      { lineNo: 4, raw: { event_id: 'e3', imsi: '454001234567891' } },
    ]);
  });

  it('reads quoted fields (commas, doubled quotes, line ends inside) and numbers each row by its first line', async () => {
    const text = 'event_id,note,imsi\r\n"e1","a, b",454001234567890\r\ne2,"two\r\nlines ""quoted""",454001234567891\r\n  \r\n e3 ,x, 454001234567892 \r\n';
    const rows = await all(readUsageFile(file('q.csv', text), 'csv'));
    expect(rows.map((r) => [r.lineNo, r.raw?.event_id, r.raw?.imsi])).toEqual([
      [2, 'e1', '454001234567890'],
      [3, 'e2', '454001234567891'],
      [6, 'e3', '454001234567892'],
    ]);
  });

  it('takes a quote never closed as malformed on its own line and reads the lines after it', async () => {
    const text = 'event_id,imsi\ne1,"454001234567890\ne2,454001234567891\ne3,454001234567892';
    const rows = await all(readUsageFile(file('u.csv', text), 'csv'));
    expect(rows.map((r) => [r.lineNo, r.malformed ?? r.raw?.event_id])).toEqual([
      [2, 'malformed CSV: quoted field not closed by the end of the file'],
      [3, 'e2'],
      [4, 'e3'],
    ]);
  });

  it('gives up on a quoted field after 100 lines, and reads them again as rows', async () => {
    const lines = ['event_id,note', 'e0,"open'];
    for (let i = 1; i <= 120; i++) lines.push(`e${i},x`);
    const rows = await all(readUsageFile(file('long.csv', lines.join('\n') + '\n'), 'csv'));
    expect(rows[0]).toMatchObject({ lineNo: 2, malformed: expect.stringMatching(/quoted field not closed within 100 lines/) });
    expect(rows.slice(1).map((r) => [r.lineNo, r.raw?.event_id])).toEqual(Array.from({ length: 120 }, (_, i) => [i + 3, `e${i + 1}`]));
  });

  it('keeps a quote inside an unquoted field as text', async () => {
    const rows = await all(readUsageFile(file('s.csv', 'event_id,imsi\ne1,45"4\ne2,454\n'), 'csv'));
    expect(rows.map((r) => [r.lineNo, r.raw?.event_id, r.raw?.imsi])).toEqual([
      [2, 'e1', '45"4'],
      [3, 'e2', '454'],
    ]);
  });

  it('reads rows cut between two reads of the file, and multi-byte text across them', async () => {
    const lines = ['event_id,note'];
    for (let i = 0; i < 3_000; i++) lines.push(`e${i},${'ü'.repeat(i % 50)}`);
    const rows = await all(readUsageFile(file('big.csv', lines.join('\n')), 'csv'));
    expect(rows.length).toBe(3_000);
    expect(rows.every((r, i) => r.lineNo === i + 2 && r.raw?.event_id === `e${i}`)).toBe(true);
  });

  it('reports the bytes read, for the progress bar', async () => {
    const text = 'event_id,imsi\ne1,1\n';
    let bytes = 0;
    await all(
      readUsageFileBatches(file('c.csv', text), 'csv', 5, (n) => {
        bytes += n;
      }),
    );
    expect(bytes).toBe(Buffer.byteLength(text));
  });

  it('fails with the file system error for a missing file', async () => {
    await expect(all(readUsageFileBatches(join(dir, 'missing.csv'), 'csv', 5))).rejects.toThrow(/ENOENT/);
  });
});

describe('readUsageFileBatches (NDJSON)', () => {
  it('reads CRLF lines, multi-byte text across chunks, skips blank lines and names bad JSON', async () => {
    const long = 'ü'.repeat(40_000); // spans more than one read chunk boundary in UTF-8
    const text = `{"event_id":"e1","iccid":"8985200000000000001","kind":"data","quantity":5,"note":"${long}"}\r\n\r\n[1,2]\n{oops\n{"event_id":"e2"}`;
    const rows = await all(readUsageFile(file('d.ndjson', text), 'ndjson'));
    expect(rows.map((r) => [r.lineNo, r.malformed?.slice(0, 14) ?? r.raw?.event_id])).toEqual([
      [1, 'e1'],
      [3, 'malformed JSON'],
      [4, 'malformed JSON'],
      [5, 'e2'],
    ]);
    expect(rows[0]!.raw).toEqual({ event_id: 'e1', iccid: '8985200000000000001', kind: 'data', quantity: '5' });
  });
});
