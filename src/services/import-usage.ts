import type { RawUsageRow } from '../domain/usage-event.js';
import type { Store } from '../store/open-store.js';
import { rateUsageBatch, type IncomingUsage } from './rate-usage-batch.js';
import { RatingContext } from './rating-context.js';
import type { UsageFileRow } from './usage-file.js';
import { usageWindow } from './usage-window.js';

export interface ImportSummary {
  read: number;
  rated: number;
  duplicates: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
}

export interface RejectedRow { lineNo: number; eventId: string; reason: string; detail: string; raw?: RawUsageRow; text?: string }

export interface ImportOptions {
  source: string;
  /** Clock, read once per batch; the domain itself never reads it. */
  now: () => number;
  retentionMonths: number;
  /** Events per transaction: thousands amortise the fsync of synchronous=FULL. */
  batchSize?: number;
  onRejected?: (row: RejectedRow) => void | Promise<void>;
  onBatch?: (summary: Readonly<ImportSummary>) => void;
}

export function emptySummary(): ImportSummary {
  return { read: 0, rated: 0, duplicates: 0, rejected: 0, rejectedByReason: {} };
}

function countRejected(summary: ImportSummary, reason: string): void {
  summary.rejected++;
  summary.rejectedByReason[reason] = (summary.rejectedByReason[reason] ?? 0) + 1;
}

/**
 * Imports usage rows in file order, a batch per transaction. Each batch commits whole, so a crash
 * leaves a prefix of the file applied and the same import run again completes it exactly.
 */
export async function importUsage(store: Store, rows: AsyncIterable<UsageFileRow>, options: ImportOptions): Promise<ImportSummary> {
  const summary = emptySummary();
  const batchSize = options.batchSize ?? 20_000;
  let batch: IncomingUsage[] = [];
  const raws = new Map<number, RawUsageRow>();
  // One rating context for the whole file: lines, buckets and wallets are read once, not per batch.
  const context = new RatingContext();

  const flush = async () => {
    const nowMs = options.now();
    const results = await rateUsageBatch(store, options.source, batch, nowMs, usageWindow(nowMs, options.retentionMonths), context);
    for (const r of results) {
      if (r.status === 'rated') summary.rated++;
      else if (r.status === 'duplicate') summary.duplicates++;
      else {
        countRejected(summary, r.code);
        await options.onRejected?.({ lineNo: r.ref, eventId: r.eventId, reason: r.code, detail: r.detail, raw: raws.get(r.ref) });
      }
    }
    batch = [];
    raws.clear();
    options.onBatch?.(summary);
  };

  for await (const row of rows) {
    summary.read++;
    if (row.malformed !== undefined) {
      countRejected(summary, 'malformed_row');
      await options.onRejected?.({ lineNo: row.lineNo, eventId: '', reason: 'malformed_row', detail: row.malformed, text: row.text });
      continue;
    }
    batch.push({ raw: row.raw, ref: row.lineNo });
    raws.set(row.lineNo, row.raw);
    if (batch.length >= batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  return summary;
}
