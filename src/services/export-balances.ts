import { toBigInt } from '../domain/money.js';
import type { UsageKind } from '../domain/units.js';
import type { Store } from '../store/open-store.js';

export interface WalletExport {
  accountId: string;
  currency: string;
  balanceMinor: bigint;
}

export interface BucketExport {
  bucketId: string;
  purchaseId: string;
  iccid: string;
  planId: string;
  kind: UsageKind;
  initial: bigint;
  remaining: bigint;
  /** ISO 8601 UTC, or null while a `first_use` bucket has not started. */
  validFrom: string | null;
  validTo: string | null;
}

export interface BalanceExport {
  wallets: WalletExport[];
  buckets: BucketExport[];
}

function isoOrNull(ms: unknown): string | null {
  return ms === null ? null : new Date(Number(ms)).toISOString();
}

/** Every wallet and bucket (docs/formats.md "Balance export"), sorted by id, read in one snapshot. */
export async function exportBalances(store: Store): Promise<BalanceExport> {
  return store.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const wallets = await tx.selectFrom('wallets').select(['account_id', 'currency', 'balance_minor']).orderBy('account_id').execute();
      const buckets = await tx.selectFrom('buckets').select(['id', 'purchase_id', 'iccid', 'plan_id', 'kind', 'initial', 'remaining', 'valid_from', 'valid_to']).orderBy('id').execute();
      return {
        wallets: wallets.map((w) => ({ accountId: w.account_id, currency: w.currency, balanceMinor: toBigInt(w.balance_minor) })),
        buckets: buckets.map((b) => ({
          bucketId: b.id,
          purchaseId: b.purchase_id,
          iccid: b.iccid,
          planId: b.plan_id,
          kind: b.kind as UsageKind,
          initial: toBigInt(b.initial),
          remaining: toBigInt(b.remaining),
          validFrom: isoOrNull(b.valid_from),
          validTo: isoOrNull(b.valid_to),
        })),
      };
    });
}

function serialise(value: unknown, indent: string, depth: number): string | undefined {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : JSON.stringify(value);
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return serialise((toJSON as () => unknown).call(value), indent, depth);
  const inner = indent === '' ? '' : `\n${indent.repeat(depth + 1)}`;
  const outer = indent === '' ? '' : `\n${indent.repeat(depth)}`;
  const colon = indent === '' ? ':' : ': ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v: unknown) => serialise(v, indent, depth + 1) ?? 'null');
    return `[${inner}${items.join(`,${inner}`)}${outer}]`;
  }
  const fields: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const text = serialise(v, indent, depth + 1);
    if (text !== undefined) fields.push(`${JSON.stringify(key)}${colon}${text}`);
  }
  return fields.length === 0 ? '{}' : `{${inner}${fields.join(`,${inner}`)}${outer}}`;
}

/**
 * JSON.stringify that writes a bigint as a JSON number with all its digits (never through a
 * float), so 9007199254740993 stays 9007199254740993. `indent` as JSON.stringify's space.
 */
export function toJson(value: unknown, indent: number | string = ''): string {
  const space = typeof indent === 'number' ? ' '.repeat(Math.min(10, Math.max(0, indent))) : indent.slice(0, 10);
  return serialise(value, space, 0) ?? 'null';
}
