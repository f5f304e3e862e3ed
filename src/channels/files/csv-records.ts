import Papa from 'papaparse';
import type { LineChunk } from './line-chunks.js';

/** One CSV record: its fields, or why it could not be read; `lineNo` is the line it starts on. */
export type CsvRecord = { lineNo: number; fields: string[]; error?: undefined } | { lineNo: number; fields?: undefined; error: string; text: string };

/** A quoted field may run over lines (RFC 4180); past these the quote is taken as never closed. */
const MAX_RECORD_LINES = 100;
const MAX_RECORD_CHARS = 1 << 16;

/** A record whose quoted field runs on past the end of its first line. */
interface OpenRecord {
  lineNo: number;
  lines: string[];
  chars: number;
}

/**
 * CSV records, a chunk of lines at a time. Lines are cut by the reader, so a record's line number
 * is exact and a bad record costs only its own lines: a line without a quote is split on commas
 * (all the file's lines, as a rule: the usage formats hold no text that needs quoting); a line
 * with one is read by Papa Parse, and joined with the next lines while a quoted field is still
 * open, up to a bound, so that a stray quote cannot swallow the rest of the file.
 */
export async function* csvRecords(chunks: AsyncIterable<LineChunk>): AsyncGenerator<CsvRecord[]> {
  const papa = new Papa.Parser({ delimiter: ',', newline: '\n', quoteChar: '"' });
  let open: OpenRecord | undefined;
  let out: CsvRecord[] = [];

  /** Reads one record's text: complete, malformed, or still open (undefined). */
  const read = (lineNo: number, text: string): CsvRecord | undefined => {
    // With `ignoreLastRow`, a record whose quoted field is not closed yet comes back as no row.
    const result = papa.parse(`${text}\n`, 0, true) as Papa.ParseResult<string[]>;
    const error = result.errors[0];
    if (error) return { lineNo, error: `${error.message} (${error.code})`, text };
    const fields = result.data[0];
    return fields ? { lineNo, fields } : undefined;
  };
  /** An open record given up on: its first line is malformed, the lines after it are read again. */
  const abandon = (record: OpenRecord, why: string) => {
    out.push({ lineNo: record.lineNo, error: why, text: record.lines[0]! });
    for (let i = 1; i < record.lines.length; i++) feed(record.lineNo + i, record.lines[i]!);
  };
  const feed = (lineNo: number, line: string): void => {
    if (open) {
      const record = open;
      record.lines.push(line);
      record.chars += line.length + 1;
      const done = read(record.lineNo, record.lines.join('\n'));
      if (done?.error !== undefined) {
        open = undefined;
        abandon(record, done.error);
      } else if (done) {
        open = undefined;
        out.push(done);
      } else if (record.lines.length >= MAX_RECORD_LINES || record.chars >= MAX_RECORD_CHARS) {
        open = undefined;
        abandon(record, `quoted field not closed within ${MAX_RECORD_LINES} lines or ${MAX_RECORD_CHARS} characters`);
      }
      return;
    }
    if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) return; // blank
    if (line.indexOf('"') < 0) {
      out.push({ lineNo, fields: line.split(',') });
      return;
    }
    const done = read(lineNo, line);
    if (done) out.push(done);
    else open = { lineNo, lines: [line], chars: line.length };
  };

  for await (const { firstLineNo, lines } of chunks) {
    for (let i = 0; i < lines.length; i++) feed(firstLineNo + i, lines[i]!);
    if (out.length > 0) yield out;
    out = [];
  }
  while (open) {
    const record: OpenRecord = open;
    open = undefined;
    abandon(record, 'quoted field not closed by the end of the file');
  }
  if (out.length > 0) yield out;
}
