/** What the ledger holds: signed 64-bit integers (BIGINT on both databases). */
export const LEDGER_MIN = -(1n << 63n);
export const LEDGER_MAX = (1n << 63n) - 1n;

export function fitsLedger(n: bigint): boolean {
  return n >= LEDGER_MIN && n <= LEDGER_MAX;
}

/** Why a JSON number cannot be taken as an exact quantity (a float beyond 2^53 has already lost digits); undefined when it can. */
export function inexactNumber(n: number): string | undefined {
  if (!Number.isFinite(n)) return 'must be a finite number';
  if (Math.abs(n) > Number.MAX_SAFE_INTEGER) return `is beyond ${Number.MAX_SAFE_INTEGER} and cannot be exact as a JSON number`;
  return undefined;
}

/** The years a date in a request may name: the ledger has nothing before 2000, and a day after 2100 is a typo or a probe. */
export const DATE_YEARS = { first: 2000, last: 2100 } as const;
export const DATE_RANGE_REASON = `must be a date from ${DATE_YEARS.first}-01-01 to ${DATE_YEARS.last}-12-31`;

/** True when an ISO 8601 date or date-time (`YYYY-...`) falls in DATE_YEARS. */
export function inDateRange(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  return year >= DATE_YEARS.first && year <= DATE_YEARS.last;
}
