import { randomUUID } from 'node:crypto';
import type { RawUsageRow } from '../../domain/usage-event.js';
import type { Store } from '../../store/open-store.js';
import { ingestUsage } from '../ingest-usage.js';
import { getUsage, TMF_USAGE_SOURCE, type UsageView } from './tmf-usage-read.js';

export interface TmfUsageInput {
  id?: string;
  usageDate?: string;
  usageType?: string;
  usageSpecification?: { id?: string; name?: string };
  usageCharacteristic?: { name: string; value?: unknown }[];
}

export type IngestResult = { ok: true; created: boolean; usage: UsageView } | { ok: false; code: 'exists_with_different_payload'; detail: string };

const KINDS = ['data', 'voice', 'sms'];
const ALIASES: Record<string, keyof RawUsageRow> = {
  eventid: 'event_id',
  externalid: 'event_id',
  imsi: 'imsi',
  iccid: 'iccid',
  kind: 'kind',
  direction: 'direction',
  startedat: 'started_at',
  started_at: 'started_at',
  quantity: 'quantity',
  mccmnc: 'mcc_mnc',
  mcc_mnc: 'mcc_mnc',
  peer: 'peer',
};

/** A TMF Usage as our raw event: characteristics by name, then usageType / usageSpecification / usageDate. */
export function toRawUsage(u: TmfUsageInput): RawUsageRow & { usage_specification?: string } {
  const raw: Record<string, string> = {};
  for (const ch of u.usageCharacteristic ?? []) {
    const key = ALIASES[ch.name.toLowerCase().replace(/-/g, '_')] ?? ALIASES[ch.name.toLowerCase().replace(/[-_]/g, '')];
    if (key !== undefined && ch.value !== undefined && ch.value !== null) raw[key] = String(ch.value);
  }
  const spec = u.usageSpecification?.id ?? u.usageSpecification?.name;
  const specKind = spec !== undefined && KINDS.includes(spec.toLowerCase()) ? spec.toLowerCase() : undefined;
  raw['kind'] ??= u.usageType ?? specKind ?? '';
  if (u.usageDate !== undefined) raw['started_at'] ??= u.usageDate;
  raw['event_id'] = u.id ?? raw['event_id'] ?? randomUUID();
  if (spec !== undefined) raw['usage_specification'] = spec;
  return raw;
}

/**
 * Ingests one TMF Usage through the one ingestion path (same rules and codes as an import). A rejected
 * event is held in suspense and answered as a usage with status `rejected`; a repeat returns the
 * standing copy; the same id with other content is a conflict.
 */
export async function ingestTmfUsage(store: Store, u: TmfUsageInput, nowMs: number, retentionMonths: number): Promise<IngestResult> {
  const raw = toRawUsage(u);
  const [result] = (await ingestUsage(store, [{ raw, ref: 0 }], { source: TMF_USAGE_SOURCE, nowMs, retentionMonths })).results;
  if (result === undefined) throw new Error('ingestion answered nothing');
  if (result.status === 'rejected' && result.code === 'exists_with_different_payload') return { ok: false, code: result.code, detail: result.detail };
  const usage = await getUsage(store, result.eventId, nowMs);
  if (usage === undefined) throw new Error(`usage ${result.eventId} vanished after rating`);
  return { ok: true, created: result.status !== 'duplicate', usage };
}
