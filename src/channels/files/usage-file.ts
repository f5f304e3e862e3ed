import { RAW_USAGE_FIELDS, type RawUsageRow } from '../../domain/usage-event.js';
import { decodeNdjsonLine, type UsageRow } from '../../services/ingest-usage.js';
import { csvRecords, type CsvRecord } from './csv-records.js';
import { readLineChunks, type LineChunk } from './line-chunks.js';

/** A row of a usage file, as ingestion takes it. */
export type UsageFileRow = UsageRow;

export type UsageFileFormat = 'csv' | 'ndjson';

export function detectFormat(path: string): UsageFileFormat {
  return /\.(nd)?jsonl?$/i.test(path) || /\.ndjson$/i.test(path) ? 'ndjson' : 'csv';
}

/** Cuts rows into batches of `size`. */
class Batches {
  private batch: UsageFileRow[] = [];
  readonly full: UsageFileRow[][] = [];
  constructor(private readonly size: number) {}
  add(row: UsageFileRow): void {
    this.batch.push(row);
    if (this.batch.length >= this.size) {
      this.full.push(this.batch);
      this.batch = [];
    }
  }
  /** The batches filled so far, and with `last` the one being filled. */
  take(last = false): UsageFileRow[][] {
    if (last && this.batch.length > 0) this.full.push(this.batch);
    if (last) this.batch = [];
    return this.full.splice(0);
  }
}

/**
 * CSV rows in batches. The header names the columns (any order and case, a BOM allowed); only the
 * known fields are kept (the first column of a name wins), every one trimmed; a short row's missing
 * cells are absent. Blank lines are skipped; a record that cannot be read is a malformed row named
 * by its line, and the rows around it are kept (see csv-records.ts).
 */
async function* csvBatches(lines: AsyncIterable<LineChunk>, size: number): AsyncGenerator<UsageFileRow[]> {
  const out = new Batches(size);
  let at: number[] | undefined;
  const toRow = (record: CsvRecord): void => {
    if (record.error !== undefined) {
      out.add({ lineNo: record.lineNo, malformed: `malformed CSV: ${record.error}`, text: record.text });
      return;
    }
    const r = record.fields;
    if (at === undefined) {
      const names = r.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim().toLowerCase());
      at = RAW_USAGE_FIELDS.map((f) => names.indexOf(f));
      return;
    }
    const cell = (i: number) => (i < 0 ? undefined : r[i]?.trim());
    // One literal shape for every row (an absent column is undefined, as a short row's cell is).
    const raw: RawUsageRow = {
      event_id: cell(at[0]!),
      imsi: cell(at[1]!),
      iccid: cell(at[2]!),
      kind: cell(at[3]!),
      direction: cell(at[4]!),
      started_at: cell(at[5]!),
      quantity: cell(at[6]!),
      mcc_mnc: cell(at[7]!),
      peer: cell(at[8]!),
    };
    out.add({ lineNo: record.lineNo, raw });
  };
  for await (const record of csvRecords(lines)) {
    for (const r of record) toRow(r);
    yield* out.take();
  }
  yield* out.take(true);
}

async function* ndjsonBatches(lines: AsyncIterable<LineChunk>, size: number): AsyncGenerator<UsageFileRow[]> {
  const out = new Batches(size);
  for await (const { firstLineNo, lines: texts } of lines) {
    for (let i = 0; i < texts.length; i++) {
      const row = decodeNdjsonLine(texts[i]!, firstLineNo + i);
      if (row) out.add(row);
    }
    yield* out.take();
  }
  yield* out.take(true);
}

/** Streams a usage file in batches of checked rows; memory stays flat whatever its size. */
export function readUsageFileBatches(path: string, format: UsageFileFormat, batchSize: number, onBytes?: (n: number) => void): AsyncGenerator<UsageFileRow[]> {
  const lines = readLineChunks(path, onBytes);
  return format === 'csv' ? csvBatches(lines, batchSize) : ndjsonBatches(lines, batchSize);
}

/** Streams a usage file row by row. */
export async function* readUsageFile(path: string, format: UsageFileFormat, onBytes?: (n: number) => void): AsyncGenerator<UsageFileRow> {
  for await (const batch of readUsageFileBatches(path, format, 1_000, onBytes)) yield* batch;
}
