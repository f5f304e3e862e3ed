import { RAW_USAGE_FIELDS, type RawUsageRow } from '../domain/usage-event.js';
import type { Db, Store } from '../store/open-store.js';
import { rateUsageBatch, type IncomingUsage, type UsageResult } from './rate-usage-batch.js';
import { RatingContext } from './rating-context.js';
import { usageWindow } from './usage-window.js';

/**
 * The one way usage comes in: the file import (import-usage.ts, which pipelines these same steps),
 * the operator's NDJSON, TMF635 POST and suspense re-rating all rate through here.
 */

/** A row as read from a file or a request body: its fields, or why it could not be read. */
export type UsageRow = { lineNo: number; raw: RawUsageRow; malformed?: undefined } | { lineNo: number; raw?: undefined; malformed: string; text: string };

export interface IngestSummary {
  read: number;
  rated: number;
  duplicates: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
}

export interface RejectedRow {
  lineNo: number;
  eventId: string;
  reason: string;
  detail: string;
  raw?: RawUsageRow;
  text?: string;
}

export function emptySummary(): IngestSummary {
  return { read: 0, rated: 0, duplicates: 0, rejected: 0, rejectedByReason: {} };
}

export function countRejected(summary: IngestSummary, reason: string): void {
  summary.rejected++;
  summary.rejectedByReason[reason] = (summary.rejectedByReason[reason] ?? 0) + 1;
}

/** Adds one answer to the summary (not `read`: rows are counted as they are read). */
export function countResult(summary: IngestSummary, result: UsageResult): void {
  if (result.status === 'rated') summary.rated++;
  else if (result.status === 'duplicate') summary.duplicates++;
  else countRejected(summary, result.code);
}

/** Keeps the known fields as text; unknown extra members are ignored, numbers become text. */
export function pickFields(obj: Record<string, unknown>): RawUsageRow {
  const row: Record<string, string> = {};
  for (const f of RAW_USAGE_FIELDS) {
    const v = obj[f];
    if (v !== undefined && v !== null) row[f] = typeof v === 'string' ? v : String(v);
  }
  return row;
}

/**
 * One NDJSON line as a usage row: blank lines are none, anything but a JSON object is malformed.
 * `refuse` lets a channel refuse a line before it is parsed (a request body's nesting bound).
 */
export function decodeNdjsonLine(text: string, lineNo: number, refuse?: (text: string) => string | undefined): UsageRow | undefined {
  if (text.trim() === '') return undefined;
  try {
    const refused = refuse?.(text);
    if (refused !== undefined) throw new Error(refused);
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return { lineNo, raw: pickFields(value as Record<string, unknown>) };
  } catch (error) {
    return { lineNo, malformed: `malformed JSON: ${(error as Error).message}`, text };
  }
}

/** A row that could not be read: answered rejected without rating. */
export interface MalformedUsage {
  readonly ref: number;
  readonly malformed: string;
}

export interface IngestOptions {
  source: string;
  nowMs: number;
  retentionMonths: number;
  /** The caller's own writes, committed in the same transaction as the rated batch (or not at all). */
  inTransaction?: (tx: Db) => Promise<void>;
  /** Reused across calls by a caller that rates batch after batch (its lines stay read). */
  context?: RatingContext;
}

/** Rows of a file or body (line numbers as refs) as ingestion takes them. */
export function asIngestRows(rows: readonly UsageRow[]): (IncomingUsage | MalformedUsage)[] {
  return rows.map((r) => (r.malformed === undefined ? { raw: r.raw, ref: r.lineNo } : { ref: r.lineNo, malformed: r.malformed }));
}

/**
 * Rates a batch of rows in arrival order in one transaction: per-row answers (in the order
 * given, malformed rows answered `malformed_row`) and their summary.
 */
export async function ingestUsage(store: Store, rows: readonly (IncomingUsage | MalformedUsage)[], o: IngestOptions): Promise<{ results: UsageResult[]; summary: IngestSummary }> {
  const wellFormed = rows.filter((r): r is IncomingUsage => !('malformed' in r));
  const rated = await rateUsageBatch(store, o.source, wellFormed, o.nowMs, usageWindow(o.nowMs, o.retentionMonths), o.context, o.inTransaction);
  const summary = emptySummary();
  const results: UsageResult[] = [];
  let next = 0;
  for (const row of rows) {
    summary.read++;
    const result: UsageResult = 'malformed' in row ? { ref: row.ref, eventId: '', status: 'rejected', code: 'malformed_row', detail: row.malformed } : rated[next++]!;
    countResult(summary, result);
    results.push(result);
  }
  return { results, summary };
}
