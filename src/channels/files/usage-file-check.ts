/**
 * Is this file usage at all? Judged from its first bytes before anything is read into the
 * ledger: a file of another kind (binary, UTF-16, a CSV of other columns, JSON that is not one
 * usage object per line) would otherwise be read to its end as rows that are all rejected.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { RAW_USAGE_FIELDS } from '../../domain/usage-event.js';
import type { UsageFileFormat } from './usage-file.js';

/** How much of the file is looked at: a header or first record is far shorter. */
export const HEAD_BYTES = 1 << 16;

const CSV_EXPECTED = 'a CSV header naming event_id, imsi or iccid, kind, started_at, quantity, mcc_mnc (and optionally direction)';
const NDJSON_EXPECTED = 'one JSON object per line with event_id, imsi or iccid, kind, started_at, quantity, mcc_mnc (and optionally direction)';
/** Each a column, or columns one of which is enough. */
const REQUIRED_COLUMNS = [['event_id'], ['imsi', 'iccid'], ['kind'], ['started_at'], ['quantity'], ['mcc_mnc']];

const BOMS: readonly (readonly [string, readonly number[]])[] = [
  ['UTF-32 (little-endian)', [0xff, 0xfe, 0x00, 0x00]],
  ['UTF-32 (big-endian)', [0x00, 0x00, 0xfe, 0xff]],
  ['UTF-16 (little-endian)', [0xff, 0xfe]],
  ['UTF-16 (big-endian)', [0xfe, 0xff]],
];

export function readHead(path: string): { bytes: Buffer; whole: boolean } {
  const fd = openSync(path, 'r');
  try {
    const bytes = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, bytes, 0, HEAD_BYTES, 0);
    return { bytes: bytes.subarray(0, n), whole: n < HEAD_BYTES };
  } finally {
    closeSync(fd);
  }
}

/** Why the text of the head is not UTF-8 text, or undefined when it is (a character cut at the end is fine). */
function explainEncoding(bytes: Buffer): string | undefined {
  const bom = BOMS.find(([, marks]) => marks.every((b, i) => bytes[i] === b));
  if (bom) return `it is ${bom[0]} text (byte order mark); usage files are UTF-8: convert it, e.g. iconv -f UTF-16 -t UTF-8`;
  const nul = bytes.indexOf(0);
  if (nul >= 0) return `byte ${nul + 1} is NUL: a binary file, or UTF-16 without a byte order mark; usage files are UTF-8 text`;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return 'its first bytes are not valid UTF-8; usage files are UTF-8 text';
  }
  return undefined;
}

/** The first non-blank line of the head, or undefined when the head holds none complete. */
function firstLine(text: string, whole: boolean): { line: string | undefined; complete: boolean } {
  const lines = text.split('\n');
  const last = whole ? lines.length : lines.length - 1; // the head may end inside a line
  for (let i = 0; i < last; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() !== '') return { line, complete: true };
  }
  return { line: undefined, complete: whole };
}

function explainCsvHeader(header: string): string | undefined {
  const names = new Set(
    header
      .replace(/^\uFEFF/, '')
      .split(',')
      .map((h) =>
        h
          .trim()
          .replace(/^"(.*)"$/, '$1')
          .trim()
          .toLowerCase(),
      ),
  );
  const missing = REQUIRED_COLUMNS.filter((any) => !any.some((c) => names.has(c))).map((any) => any.join(' or '));
  if (missing.length === 0) return undefined;
  const shown = header.length > 120 ? `${header.slice(0, 120)}...` : header;
  return `line 1 is not a usage header: it lacks ${missing.join(', ')} (it reads "${shown}"); expected ${CSV_EXPECTED}`;
}

function explainNdjsonRecord(line: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return `the first line is not JSON (${(error as Error).message}); expected ${NDJSON_EXPECTED}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `the first line is not a JSON object; expected ${NDJSON_EXPECTED}`;
  if (!RAW_USAGE_FIELDS.some((f) => f in value)) {
    const keys = Object.keys(value).slice(0, 8).join(', ');
    return `the first record has none of the usage fields (it has ${keys || 'no fields'}); expected ${NDJSON_EXPECTED}`;
  }
  return undefined;
}

/**
 * Why a file whose first bytes are `head` is not usage of `format`, naming what was expected;
 * undefined when it may be (an empty file is: it holds no events). `whole`: the head is the whole file.
 */
export function explainNotUsage(head: Buffer, whole: boolean, format: UsageFileFormat): string | undefined {
  const encoding = explainEncoding(head);
  if (encoding !== undefined) return encoding;
  const { line, complete } = firstLine(head.toString('utf8'), whole);
  if (line === undefined) return complete ? undefined : `no line ends within its first ${HEAD_BYTES} bytes; expected ${format === 'csv' ? CSV_EXPECTED : NDJSON_EXPECTED}`;
  return format === 'csv' ? explainCsvHeader(line) : explainNdjsonRecord(line);
}
