import { describe, expect, it } from 'vitest';
import { explainNotUsage, HEAD_BYTES } from './usage-file-check.js';

const CSV_ROW = 'e1,454001234567890,,data,out,2026-11-01T10:00:00+08:00,100,45400\n';
const check = (text: string | Buffer, format: 'csv' | 'ndjson', whole = true) => explainNotUsage(typeof text === 'string' ? Buffer.from(text) : text, whole, format);

describe('explainNotUsage', () => {
  it('accepts usage: a CSV header in any order and case (BOM, quotes, CRLF), an NDJSON object with usage fields, an empty file', () => {
    expect(check(`\uFEFFEVENT_ID,"imsi",iccid,kind,direction,started_at,quantity,mcc_mnc,note\r\n${CSV_ROW}`, 'csv')).toBeUndefined();
    expect(check('\n\nevent_id,iccid,kind,started_at,quantity,mcc_mnc\n', 'csv')).toBeUndefined();
    expect(check('{"event_id":"e1","imsi":"454001234567890"}\n{"broken', 'ndjson')).toBeUndefined();
    expect(check('', 'csv')).toBeUndefined();
  });

  it('refuses UTF-16 and UTF-32 (by their byte order marks), NUL bytes and invalid UTF-8', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('event_id,imsi\n', 'utf16le')]);
    expect(check(utf16, 'csv')).toMatch(/^it is UTF-16 \(little-endian\) text \(byte order mark\); usage files are UTF-8/);
    expect(check(Buffer.from([0xfe, 0xff, 0x00, 0x65]), 'ndjson')).toMatch(/UTF-16 \(big-endian\)/);
    expect(check(Buffer.from('e\u0000v\u0000', 'latin1'), 'csv')).toMatch(/^byte 2 is NUL: a binary file, or UTF-16 without a byte order mark/);
    expect(check(Buffer.from([0x65, 0x76, 0xc3, 0x28, 0x0a]), 'csv')).toBe('its first bytes are not valid UTF-8; usage files are UTF-8 text');
    // A character cut by the end of the head is not an error.
    expect(check(Buffer.from(`event_id,imsi,kind,started_at,quantity,mcc_mnc\n€`).subarray(0, -1), 'csv', false)).toBeUndefined();
  });

  it('names the columns a CSV header lacks and what it expected', () => {
    expect(check('id,name,amount\n1,a,2\n', 'csv')).toBe(
      'line 1 is not a usage header: it lacks event_id, imsi or iccid, kind, started_at, quantity, mcc_mnc (it reads "id,name,amount"); ' +
        'expected a CSV header naming event_id, imsi or iccid, kind, started_at, quantity, mcc_mnc (and optionally direction)',
    );
    expect(check('event_id,imsi,kind,started_at,quantity\n', 'csv')).toMatch(/it lacks mcc_mnc \(/);
    // A usage row with no header at all.
    expect(check(CSV_ROW, 'csv')).toMatch(/^line 1 is not a usage header: it lacks event_id, imsi or iccid, kind, started_at, quantity, mcc_mnc/);
  });

  it('refuses NDJSON whose first record is not JSON, not an object, or has no usage field', () => {
    expect(check('event_id,imsi\n', 'ndjson')).toMatch(/^the first line is not JSON \(.*\); expected one JSON object per line with event_id/);
    expect(check('[1,2]\n', 'ndjson')).toMatch(/^the first line is not a JSON object; expected/);
    expect(check('{"id":1,"name":"x"}\n', 'ndjson')).toMatch(/^the first record has none of the usage fields \(it has id, name\); expected/);
  });

  it('refuses a first line that does not end within the head', () => {
    expect(check('x'.repeat(HEAD_BYTES), 'ndjson', false)).toMatch(/^no line ends within its first 65536 bytes; expected one JSON object per line/);
  });
});
