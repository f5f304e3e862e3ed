/**
 * Where a line stands against its data plan: the share used of its usable data buckets, and which
 * CAMARA levels (50 %, 75 %, 90 %, exceeded) that reaches. The one place crossings are detected;
 * when the ledger records crossings itself (alerts inside rating), this module reads those instead.
 */
import { getLineBalance } from '../query-balances.js';
import type { Store } from '../../store/open-store.js';

export const EVENT_PREFIX = 'org.camaraproject.device-data-volume-subscriptions.v0.';
export const LEVEL_TYPES = ['data-50-percent', 'data-75-percent', 'data-90-percent', 'data-exceeded'] as const;
export type LevelType = (typeof LEVEL_TYPES)[number];
const PERCENT: Record<LevelType, bigint> = { 'data-50-percent': 50n, 'data-75-percent': 75n, 'data-90-percent': 90n, 'data-exceeded': 100n };

/** Used and initial bytes of the line's current data buckets (started or not, not expired). */
export async function dataUse(store: Store, iccid: string, nowMs: number): Promise<{ usedBytes: bigint; initialBytes: bigint }> {
  const line = await getLineBalance(store, iccid, nowMs);
  if (!line.ok) return { usedBytes: 0n, initialBytes: 0n };
  const current = line.buckets.filter((b) => b.kind === 'data' && b.status !== 'expired');
  const initialBytes = current.reduce((n, b) => n + b.initial, 0n);
  return { usedBytes: initialBytes - current.reduce((n, b) => n + b.remaining, 0n), initialBytes };
}

/** Whether the line is at or past the level (exceeded: nothing left of a plan it had). */
export function reached(level: LevelType, use: { usedBytes: bigint; initialBytes: bigint }): boolean {
  if (use.initialBytes === 0n) return false;
  return use.usedBytes * 100n >= use.initialBytes * PERCENT[level];
}
