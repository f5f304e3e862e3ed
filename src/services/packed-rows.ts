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
export interface PackedRows {
  readonly text: string;
  readonly lengths: Uint32Array;
  readonly refs: Float64Array;
}

/** Packs rows that carry only `raw` and `ref` (an import's; re-rated suspense rows carry more). */
export function packRows(rows: readonly IncomingUsage[]): PackedRows {
  const lengths = new Uint32Array(rows.length * WIDTH);
  const refs = new Float64Array(rows.length);
  // Appended piece by piece, 256 rows to a chunk, and the chunks joined once: ~20 ms a batch of
  // 20,000, where joining every field as a piece of its own took ~30-50. The join copies the
  // characters into one flat string, so the fields' own strings can go (see packedText).
  const chunks: string[] = [];
  let chunk = '';
  const put = (at: number, value: string | undefined) => {
    if (value === undefined) {
      lengths[at] = ABSENT;
      return;
    }
    lengths[at] = value.length;
    chunk += value;
  };
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.suspenseId !== undefined || row.prepared !== undefined) throw new Error('only plain rows are packed');
    const raw = row.raw;
    const at = r * WIDTH;
    refs[r] = row.ref;
    // In RAW_USAGE_FIELDS order, each by name: one shape of access for every row.
    put(at, raw.event_id);
    put(at + 1, raw.imsi);
    put(at + 2, raw.iccid);
    put(at + 3, raw.kind);
    put(at + 4, raw.direction);
    put(at + 5, raw.started_at);
    put(at + 6, raw.quantity);
    put(at + 7, raw.mcc_mnc);
    put(at + 8, raw.peer);
    if ((r & 255) === 255) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  chunks.push(chunk);
  return { text: packedText(chunks), lengths, refs };
}

/**
 * The chunks as one flat string. Appending builds a tree of the pieces (a cons string: 32 bytes a
 * piece) that keeps every field's own string alive; `join` copies them into a new flat string
 * instead. (Converting the tree to a number, the flatstr trick, no longer flattens it in Node 20:
 * a heap snapshot of an import found each batch in flight holding a tree of ~126,000 pieces.)
 */
function packedText(chunks: readonly string[]): string {
  return chunks.join('');
}

export function unpackRows(packed: PackedRows): IncomingUsage[] {
  const rows: IncomingUsage[] = new Array(packed.refs.length);
  let at = 0;
  for (let r = 0; r < rows.length; r++) {
    const raw: Record<string, string | undefined> = {};
    for (let f = 0; f < WIDTH; f++) {
      const length = packed.lengths[r * WIDTH + f]!;
      if (length === ABSENT) {
        raw[RAW_USAGE_FIELDS[f]!] = undefined;
        continue;
      }
      raw[RAW_USAGE_FIELDS[f]!] = packed.text.slice(at, at + length);
      at += length;
    }
    rows[r] = { raw: raw as RawUsageRow, ref: packed.refs[r]! };
  }
  return rows;
}
