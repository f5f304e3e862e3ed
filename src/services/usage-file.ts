import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import type { RawUsageRow } from '../domain/usage-event.js';

export type UsageFileRow =
  | { lineNo: number; raw: RawUsageRow; malformed?: undefined }
  | { lineNo: number; raw?: undefined; malformed: string; text: string };

export type UsageFileFormat = 'csv' | 'ndjson';

export function detectFormat(path: string): UsageFileFormat {
  return /\.(nd)?jsonl?$/i.test(path) || /\.ndjson$/i.test(path) ? 'ndjson' : 'csv';
}

const FIELDS = ['event_id', 'imsi', 'iccid', 'kind', 'direction', 'started_at', 'quantity', 'mcc_mnc'] as const;

/** Keeps the known fields as text; unknown extra columns are ignored, numbers become text. */
export function pickFields(obj: Record<string, unknown>): RawUsageRow {
  const row: Record<string, string> = {};
  for (const f of FIELDS) {
    const v = obj[f];
    if (v !== undefined && v !== null) row[f] = typeof v === 'string' ? v : String(v);
  }
  return row;
}

/** Counts the bytes that flow through, for a progress bar. */
export function byteCounter(onBytes: (n: number) => void): Transform {
  return new Transform({ transform(chunk: Buffer, _enc, done) { onBytes(chunk.length); done(null, chunk); } });
}

async function* readCsv(input: NodeJS.ReadableStream): AsyncGenerator<UsageFileRow> {
  const skipped: UsageFileRow[] = [];
  const parser = parse({
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    bom: true, skip_empty_lines: true, relax_column_count: true, trim: true,
    info: true, skip_records_with_error: true, cast: false,
  });
  parser.on('skip', (err: Error & { lines?: number }) => {
    skipped.push({ lineNo: err.lines ?? 0, malformed: `malformed CSV: ${err.message}`, text: '' });
  });
  input.pipe(parser);
  for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    while (skipped.length > 0) yield skipped.shift()!;
    yield { lineNo: rec.info.lines, raw: pickFields(rec.record) };
  }
  while (skipped.length > 0) yield skipped.shift()!;
}

async function* readNdjson(input: NodeJS.ReadableStream): AsyncGenerator<UsageFileRow> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const text of lines) {
    lineNo++;
    if (text.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
      yield { lineNo, raw: pickFields(value as Record<string, unknown>) };
    } catch (error) {
      yield { lineNo, malformed: `malformed JSON: ${(error as Error).message}`, text };
    }
  }
}

/** Streams a usage file row by row; memory stays flat whatever its size. */
export function readUsageFile(path: string, format: UsageFileFormat, onBytes?: (n: number) => void): AsyncGenerator<UsageFileRow> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const input = onBytes ? file.pipe(byteCounter(onBytes)) : file;
  return format === 'csv' ? readCsv(input) : readNdjson(input);
}
