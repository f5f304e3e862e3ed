import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { parse, type Options as CsvOptions } from 'csv-parse';
import { RAW_USAGE_FIELDS, type RawUsageRow } from '../domain/usage-event.js';

export type UsageFileRow =
  | { lineNo: number; raw: RawUsageRow; malformed?: undefined }
  | { lineNo: number; raw?: undefined; malformed: string; text: string };

export type UsageFileFormat = 'csv' | 'ndjson';

export function detectFormat(path: string): UsageFileFormat {
  return /\.(nd)?jsonl?$/i.test(path) || /\.ndjson$/i.test(path) ? 'ndjson' : 'csv';
}


/** Keeps the known fields as text; unknown extra columns are ignored, numbers become text. */
export function pickFields(obj: Record<string, unknown>): RawUsageRow {
  const row: Record<string, string> = {};
  for (const f of RAW_USAGE_FIELDS) {
    const v = obj[f];
    if (v !== undefined && v !== null) row[f] = typeof v === 'string' ? v : String(v);
  }
  return row;
}

/** Counts the bytes that flow through, for a progress bar. */
export function byteCounter(onBytes: (n: number) => void): Transform {
  return new Transform({ transform(chunk: Buffer, _enc, done) { onBytes(chunk.length); done(null, chunk); } });
}

/**
 * Gathers rows into batches inside the stream, so the reader awaits once per batch rather than
 * once per row (per-row async iteration cost more than parsing at a million rows). It holds one
 * batch ready while the reader works on the one before: enough to overlap, and the rows of every
 * batch held are memory that a large import would otherwise pile up.
 */
class Batcher extends Transform {
  private batch: UsageFileRow[] = [];
  constructor(private readonly size: number, private readonly toRow: (chunk: never) => UsageFileRow | undefined) {
    super({ objectMode: true, readableHighWaterMark: 1 });
  }
  add(row: UsageFileRow): void {
    this.batch.push(row);
  }
  override _transform(chunk: never, _enc: BufferEncoding, done: TransformCallback): void {
    const row = this.toRow(chunk);
    if (row) this.add(row);
    if (this.batch.length >= this.size) {
      this.push(this.batch);
      this.batch = [];
    }
    done();
  }
  override _flush(done: TransformCallback): void {
    if (this.batch.length > 0) this.push(this.batch);
    done();
  }
}

/**
 * CSV rows in batches, gathered inside the parser: its records go straight into the batch instead
 * of one by one through a stream of objects into a second stream that batched them (1M rows: 239
 * MB of stream bookkeeping allocated, by the sampling heap profiler). The parser holds one batch
 * ready while the reader works on the one before.
 */
function csvBatches(input: NodeJS.ReadableStream, size: number): Transform {
  const parser = parse({
    bom: true, skip_empty_lines: true, relax_column_count: true, trim: true,
    skip_records_with_error: true, cast: false,
    // A Transform option, passed through to the stream (csv-parse keeps options it does not know).
    readableHighWaterMark: 1,
  } as CsvOptions);
  let batch: UsageFileRow[] = [];
  // The header names the columns; only the known fields are kept (first column of a name wins).
  let at: number[] | undefined;
  const toRow = (r: string[], lineNo: number): UsageFileRow | undefined => {
    const cell = (i: number) => (i < 0 ? undefined : r[i]);
    if (at === undefined) {
      const names = r.map((h) => h.trim().toLowerCase());
      at = RAW_USAGE_FIELDS.map((f) => names.indexOf(f));
      return undefined;
    }
    // One literal shape for every row (an absent column is undefined, as a short row's cell is).
    const raw: RawUsageRow = {
      event_id: cell(at[0]!), imsi: cell(at[1]!), iccid: cell(at[2]!), kind: cell(at[3]!),
      direction: cell(at[4]!), started_at: cell(at[5]!), quantity: cell(at[6]!), mcc_mnc: cell(at[7]!),
    };
    return { lineNo, raw };
  };
  // The parser pushes a record synchronously once its last line is read, so `info.lines` is that
  // record's line number (`info: true` would build two objects per row for it).
  const push = parser.push.bind(parser);
  parser.push = (record: unknown) => {
    if (record === null) {
      if (batch.length > 0) push(batch);
      batch = [];
      return push(null);
    }
    const row = toRow(record as string[], parser.info.lines);
    if (row) batch.push(row);
    if (batch.length < size) return true;
    const full = batch;
    batch = [];
    return push(full);
  };
  parser.on('skip', (err: Error & { lines?: number }) => {
    batch.push({ lineNo: err.lines ?? 0, malformed: `malformed CSV: ${err.message}`, text: '' });
  });
  input.pipe(parser);
  return parser;
}

function ndjsonBatches(input: NodeJS.ReadableStream, size: number): Batcher {
  let lineNo = 0;
  let rest = '';
  const toRow = (text: string): UsageFileRow | undefined => {
    lineNo++;
    if (text.trim() === '') return undefined;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
      return { lineNo, raw: pickFields(value as Record<string, unknown>) };
    } catch (error) {
      return { lineNo, malformed: `malformed JSON: ${(error as Error).message}`, text };
    }
  };
  const batcher = new Batcher(size, toRow);
  // Splits the text into lines (LF or CRLF); a multi-byte character cut between chunks is kept whole by setEncoding.
  const lines = new Transform({
    readableObjectMode: true,
    transform(chunk: string, _enc, done) {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      for (const p of parts) this.push(p.endsWith('\r') ? p.slice(0, -1) : p);
      done();
    },
    flush(done) {
      if (rest !== '') this.push(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
      done();
    },
  });
  lines.setDefaultEncoding('utf8');
  (input as NodeJS.ReadableStream & { setEncoding(e: string): void }).setEncoding('utf8');
  input.pipe(lines).pipe(batcher);
  return batcher;
}

/** Streams a usage file in batches of checked rows; memory stays flat whatever its size. */
export async function* readUsageFileBatches(
  path: string, format: UsageFileFormat, batchSize: number, onBytes?: (n: number) => void,
): AsyncGenerator<UsageFileRow[]> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  file.on('error', () => undefined); // reported through the batch stream below
  const input = onBytes ? file.pipe(byteCounter(onBytes)) : file;
  const batches: Transform = format === 'csv' ? csvBatches(input, batchSize) : ndjsonBatches(input, batchSize);
  file.on('error', (error) => batches.destroy(error));
  yield* batches as AsyncIterable<UsageFileRow[]>;
}

/** Streams a usage file row by row. */
export async function* readUsageFile(path: string, format: UsageFileFormat, onBytes?: (n: number) => void): AsyncGenerator<UsageFileRow> {
  for await (const batch of readUsageFileBatches(path, format, 1_000, onBytes)) yield* batch;
}
