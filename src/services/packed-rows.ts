import { RAW_USAGE_FIELDS, type RawUsageRow } from '../domain/usage-event.js';
import type { IncomingUsage } from './rate-usage-batch.js';

/** Marks a field the row did not have (absent, not empty). */
const ABSENT = 0xffff_ffff;
const WIDTH = RAW_USAGE_FIELDS.length;

/**
 * A batch of rows kept only in case it has to be rated again: its fields as one text with each
 * field's length, and each row's ref. 20,000 rows as objects are ~8 MB of heap (a row object, eight
 * strings, its wrapper); packed ~2 MB, and one string and two arrays for the collector to trace.
 */
export interface PackedRows { readonly text: string; readonly lengths: Uint32Array; readonly refs: Float64Array }

/** Packs rows that carry only `raw` and `ref` (an import's; re-rated suspense rows carry more). */
export function packRows(rows: readonly IncomingUsage[]): PackedRows {
  const parts: string[] = [];
  const lengths = new Uint32Array(rows.length * WIDTH);
  const refs = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.suspenseId !== undefined || row.prepared !== undefined) throw new Error('only plain rows are packed');
    refs[r] = row.ref;
    for (let f = 0; f < WIDTH; f++) {
      const value = row.raw[RAW_USAGE_FIELDS[f]!];
      lengths[r * WIDTH + f] = value === undefined ? ABSENT : value.length;
      if (value !== undefined) parts.push(value);
    }
  }
  return { text: parts.join(''), lengths, refs };
}

export function unpackRows(packed: PackedRows): IncomingUsage[] {
  const rows: IncomingUsage[] = new Array(packed.refs.length);
  let at = 0;
  for (let r = 0; r < rows.length; r++) {
    const raw: Record<string, string | undefined> = {};
    for (let f = 0; f < WIDTH; f++) {
      const length = packed.lengths[r * WIDTH + f]!;
      if (length === ABSENT) { raw[RAW_USAGE_FIELDS[f]!] = undefined; continue; }
      raw[RAW_USAGE_FIELDS[f]!] = packed.text.slice(at, at + length);
      at += length;
    }
    rows[r] = { raw: raw as RawUsageRow, ref: packed.refs[r]! };
  }
  return rows;
}
