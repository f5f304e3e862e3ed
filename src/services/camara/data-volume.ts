/**
 * CAMARA Device Data Volume 0.1.0 over the ledger: which line a request is about (from the token
 * or the `device` object, as CAMARA's identity rules say), and its remaining data as the API's
 * category or a threshold check. Only `phoneNumber` identifies a device here.
 */
import { getLineBalance } from '../query-balances.js';
import type { Store } from '../../store/open-store.js';

/** Who calls: a client on its own behalf (2-legged), or with a subscriber's consent (3-legged). */
export type CamaraCaller = { readonly legs: 2; readonly clientId: string } | { readonly legs: 3; readonly clientId: string; readonly accountId: string; readonly iccids: readonly string[] };

export interface DeviceInput {
  phoneNumber?: string;
  networkAccessIdentifier?: string;
  ipv4Address?: unknown;
  ipv6Address?: string;
}

export type DeviceFailure = 'MISSING_IDENTIFIER' | 'UNNECESSARY_IDENTIFIER' | 'UNSUPPORTED_IDENTIFIER' | 'IDENTIFIER_NOT_FOUND' | 'SERVICE_NOT_APPLICABLE';
export type ResolvedDevice = { ok: true; iccid: string; phoneNumber?: string } | { ok: false; code: DeviceFailure };

export const MIB = 1_048_576;
export const GIB = 1_073_741_824;

/** The one line a 3-legged token names: its consent covers exactly one eSIM. */
export function lineOfToken(caller: CamaraCaller): string | undefined {
  return caller.legs === 3 && caller.iccids.length === 1 ? caller.iccids[0] : undefined;
}

/**
 * The line of the request. A token that names a line forbids `device` (UNNECESSARY_IDENTIFIER);
 * otherwise `device.phoneNumber` is required, and a 3-legged caller may only name consented lines.
 */
export async function resolveDevice(store: Store, caller: CamaraCaller, device: DeviceInput | undefined): Promise<ResolvedDevice> {
  const fromToken = lineOfToken(caller);
  if (fromToken !== undefined) return device === undefined ? { ok: true, iccid: fromToken } : { ok: false, code: 'UNNECESSARY_IDENTIFIER' };
  if (device === undefined) return { ok: false, code: 'MISSING_IDENTIFIER' };
  if (device.phoneNumber === undefined) return { ok: false, code: 'UNSUPPORTED_IDENTIFIER' };
  const line = await store.db.selectFrom('esims').select(['iccid', 'account_id', 'state']).where('msisdn', '=', device.phoneNumber).executeTakeFirst();
  if (!line) return { ok: false, code: 'IDENTIFIER_NOT_FOUND' };
  // Another subscriber's number (or one they did not consent to) is as unknown as one never issued.
  if (caller.legs === 3 && (line.account_id !== caller.accountId || !caller.iccids.includes(line.iccid))) return { ok: false, code: 'IDENTIFIER_NOT_FOUND' };
  return { ok: true, iccid: line.iccid, phoneNumber: device.phoneNumber };
}

export type DataVolume = { ok: true; remainingBytes: bigint } | { ok: false; code: 'SERVICE_NOT_APPLICABLE' };

/** Remaining data of the line's usable data buckets; a line not active, or without any data plan, is not served. */
export async function remainingData(store: Store, iccid: string, nowMs: number): Promise<DataVolume> {
  const line = await getLineBalance(store, iccid, nowMs);
  const state = await store.db.selectFrom('esims').select('state').where('iccid', '=', iccid).executeTakeFirst();
  if (!line.ok || state?.state !== 'active') return { ok: false, code: 'SERVICE_NOT_APPLICABLE' };
  const data = line.buckets.filter((b) => b.kind === 'data');
  if (data.length === 0) return { ok: false, code: 'SERVICE_NOT_APPLICABLE' };
  const remainingBytes = data.filter((b) => b.status === 'active' || b.status === 'not_started').reduce((sum, b) => sum + b.remaining, 0n);
  return { ok: true, remainingBytes };
}

export type DataVolumeCategory = '<200MiB' | '<1GiB' | '<5GiB' | '>=5GiB';

export function categoryOf(remainingBytes: bigint): DataVolumeCategory {
  if (remainingBytes < 200n * BigInt(MIB)) return '<200MiB';
  if (remainingBytes < BigInt(GIB)) return '<1GiB';
  if (remainingBytes < 5n * BigInt(GIB)) return '<5GiB';
  return '>=5GiB';
}

/** `thresholdExceeded`: the remaining data is above `value` MiB or GiB. */
export function exceedsThreshold(remainingBytes: bigint, value: number, unit: 'MiB' | 'GiB'): boolean {
  return remainingBytes > BigInt(value) * BigInt(unit === 'MiB' ? MIB : GIB);
}
