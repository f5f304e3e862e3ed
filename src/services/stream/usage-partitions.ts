import type { RawUsageRow } from '../../domain/usage-event.js';
import { pickFields } from '../ingest-usage.js';

/** How many partitions the usage stream has: subjects `usage.0` .. `usage.63`. */
export const PARTITIONS = 64;

/** The stream's name and the subject of each partition. */
export const USAGE_STREAM = 'USAGE';
export const USAGE_SUBJECTS = 'usage.*';
export function partitionSubject(partition: number): string {
  return `usage.${partition}`;
}

/** FNV-1a (32 bit) of the key's UTF-16 units: stable across processes, releases and machines. */
function fnv1a(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The partition of an account: every event of an account is rated in one order by one worker. */
export function partitionOfAccount(accountId: string): number {
  return fnv1a(`a:${accountId}`) % PARTITIONS;
}

/** The partition of a row whose line is unknown (rating holds it as unknown_subscriber). */
export function partitionOfUnknown(row: RawUsageRow): number {
  return fnv1a(`u:${row.imsi ?? row.iccid ?? row.event_id ?? ''}`) % PARTITIONS;
}

/** One stream message: tens of rows of one source, in the order they arrived. */
export interface UsageMessage {
  readonly source: string;
  readonly rows: readonly RawUsageRow[];
}

/** The message's deduplication id: the same batch published again is stored once (within the window). */
export function usageMessageId(partition: number, message: UsageMessage): string {
  const first = message.rows[0]?.event_id ?? '';
  const last = message.rows[message.rows.length - 1]?.event_id ?? '';
  return `${message.source}|${partition}|${first}|${last}|${message.rows.length}`;
}

export function encodeUsageMessage(message: UsageMessage): string {
  return JSON.stringify({ source: message.source, rows: message.rows });
}

function rowOf(value: unknown): RawUsageRow {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('a row is not a JSON object');
  return pickFields(value as Record<string, unknown>);
}

/** Reads a message back; throws naming what is wrong with one that is not a usage message. */
export function decodeUsageMessage(text: string): UsageMessage {
  const value = JSON.parse(text) as unknown;
  if (typeof value !== 'object' || value === null) throw new Error('not a JSON object');
  const { source, rows } = value as { source?: unknown; rows?: unknown };
  if (typeof source !== 'string' || source === '') throw new Error('no source');
  if (!Array.isArray(rows)) throw new Error('no rows array');
  return { source, rows: rows.map(rowOf) };
}
