/**
 * Tax shown on statements, per account currency (the country a tariff's currency belongs to):
 * prepaid amounts are tax-inclusive, so a statement states the tax portion of what was charged.
 * Env SIMLEDGER_STATEMENT_TAX (JSON) replaces the defaults, e.g.
 * {"JPY":{"tax":"consumption","ratePercent":10,"registration":"T1234567890123"},"OMR":{"tax":"vat","ratePercent":5}}.
 */
import { ConfigError } from './config.js';

export interface StatementTax {
  /** Which tax: a value-added tax, or Japan's consumption tax. */
  readonly tax: 'vat' | 'consumption';
  /** Rate in basis points: 1000 = 10 %. */
  readonly rateBasisPoints: number;
  /** The seller's registration number printed on the statement (Japan: "T" and 13 digits, a qualified invoice). */
  readonly registration?: string;
}

export type StatementTaxTable = Readonly<Record<string, StatementTax>>;

/** Japan 10 % consumption tax, Korea 10 % VAT, Russia 20 % VAT, Oman 5 % VAT; no registration numbers by default. */
export const DEFAULT_STATEMENT_TAX: StatementTaxTable = Object.freeze({
  JPY: { tax: 'consumption', rateBasisPoints: 1000 },
  KRW: { tax: 'vat', rateBasisPoints: 1000 },
  RUB: { tax: 'vat', rateBasisPoints: 2000 },
  OMR: { tax: 'vat', rateBasisPoints: 500 },
});

function entryOf(currency: string, value: unknown): StatementTax {
  const where = `SIMLEDGER_STATEMENT_TAX.${currency}`;
  if (!/^[A-Z]{3}$/.test(currency)) throw new ConfigError(`SIMLEDGER_STATEMENT_TAX: "${currency}" is not a currency code`);
  const v = (value ?? {}) as { tax?: unknown; ratePercent?: unknown; registration?: unknown };
  if (v.tax !== 'vat' && v.tax !== 'consumption') throw new ConfigError(`${where}.tax must be "vat" or "consumption"`);
  if (typeof v.ratePercent !== 'number' || !(v.ratePercent >= 0 && v.ratePercent <= 100) || Math.round(v.ratePercent * 100) !== v.ratePercent * 100) {
    throw new ConfigError(`${where}.ratePercent must be a number from 0 to 100 with at most 2 decimals`);
  }
  if (v.registration !== undefined && typeof v.registration !== 'string') throw new ConfigError(`${where}.registration must be text`);
  if (currency === 'JPY' && v.registration !== undefined && !/^T\d{13}$/.test(v.registration)) {
    throw new ConfigError(`${where}.registration must be a qualified-invoice number: "T" and 13 digits`);
  }
  return { tax: v.tax, rateBasisPoints: Math.round(v.ratePercent * 100), ...(v.registration ? { registration: v.registration } : {}) };
}

export function parseStatementTax(text: string | undefined): StatementTaxTable {
  if (text === undefined || text.trim() === '') return DEFAULT_STATEMENT_TAX;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError('SIMLEDGER_STATEMENT_TAX is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError('SIMLEDGER_STATEMENT_TAX must be an object by currency code');
  return Object.freeze(Object.fromEntries(Object.entries(parsed).map(([currency, value]) => [currency, entryOf(currency, value)])));
}

/** The tax inside a tax-inclusive amount, rounded down to the minor unit (one rounding per statement and rate). */
export function includedTaxMinor(grossMinor: bigint, rateBasisPoints: number): bigint {
  const rate = BigInt(rateBasisPoints);
  return (grossMinor * rate) / (10_000n + rate);
}
