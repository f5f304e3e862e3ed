/** Usage kinds and the charging blocks of docs/rating-rules.md rule 3. */
export const USAGE_KINDS = ['data', 'voice', 'sms'] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];
export type Direction = 'out' | 'in';

export const BYTES_PER_MIB = 1_048_576n;
export const BYTES_PER_GIB = 1_073_741_824n;
export const SECONDS_PER_MINUTE = 60n;
export const MS_PER_DAY = 86_400_000;

/** The size of one charged block, in the kind's own unit (bytes, seconds, messages). */
export function chargeBlock(kind: UsageKind): bigint {
  switch (kind) {
    case 'data':
      return BYTES_PER_MIB;
    case 'voice':
      return SECONDS_PER_MINUTE;
    case 'sms':
      return 1n;
  }
}

/** The one shared copy of a kind (text read from a database is a fresh string every row). */
export function internKind(s: string): UsageKind {
  return USAGE_KINDS.find((k) => k === s) ?? (s as UsageKind);
}

export function isUsageKind(s: string): s is UsageKind {
  return (USAGE_KINDS as readonly string[]).includes(s);
}

/** ceil(a / b) for non-negative bigints. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
