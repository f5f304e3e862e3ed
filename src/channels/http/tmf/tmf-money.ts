import { formatMinorPlain, isCurrencyCode, parseMinor } from '../../../domain/money.js';

/** TMF Quantity/Money amount: an exact JSON number in major units (bigint when whole). */
export type TmfAmount = bigint | number;

export function toTmfAmount(minor: bigint, currency: string): TmfAmount {
  if (!isCurrencyCode(currency)) return minor;
  const plain = formatMinorPlain(minor, currency);
  // Whole amounts stay bigint (exact at any size); others are short decimals JSON prints exactly.
  return /\.0*$/.test(plain) || !plain.includes('.') ? BigInt(plain.replace(/\.0*$/, '')) : Number(plain);
}

/** Major-unit amount from a TMF body into minor units of the currency; undefined when not exact. */
export function fromTmfAmount(amount: number, currency: string): bigint | undefined {
  if (!isCurrencyCode(currency) || !Number.isFinite(amount)) return undefined;
  return parseMinor(String(amount), currency);
}

export function iso(ms: number | null): string | undefined {
  return ms === null ? undefined : new Date(ms).toISOString();
}
