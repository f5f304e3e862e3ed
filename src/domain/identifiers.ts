/**
 * Identifiers of a line: ICCID (ITU-T E.118, Luhn), IMSI (E.212), EID (GSMA SGP.29,
 * ISO 7064 MOD 97-10) and MSISDN (E.164, validated per country by libphonenumber-js).
 * Each `explainX` returns a short reason when the value is invalid, or undefined when valid.
 */
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isKnownMcc } from './networks.js';

const DIGITS = /^\d+$/;

/** The Luhn check digit to append to a string of digits. */
export function luhnCheckDigit(digitsWithoutCheck: string): number {
  if (!DIGITS.test(digitsWithoutCheck)) throw new TypeError(`Luhn input must be digits, got ${JSON.stringify(digitsWithoutCheck)}`);
  let sum = 0;
  // Double every second digit, starting with the rightmost of the payload.
  for (let i = digitsWithoutCheck.length - 1, double = true; i >= 0; i -= 1, double = !double) {
    let d = digitsWithoutCheck.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function luhnValid(digits: string): boolean {
  return luhnCheckDigit(digits.slice(0, -1)) === Number(digits.slice(-1));
}

/** Appends the Luhn digit: a 19-digit ICCID from an 18-digit prefix, a 20-digit one from 19. */
export function makeIccid(prefix19: string): string {
  return prefix19 + String(luhnCheckDigit(prefix19));
}

export function explainIccid(s: string): string | undefined {
  if (!DIGITS.test(s)) return 'ICCID must contain digits only';
  if (s.length < 19 || s.length > 20) return 'ICCID must be 19-20 digits';
  if (!s.startsWith('89')) return 'ICCID must start with 89 (telecom industry identifier)';
  if (!luhnValid(s)) return 'ICCID check digit is wrong';
  return undefined;
}

export function isValidIccid(s: string): boolean {
  return explainIccid(s) === undefined;
}

export function explainImsi(s: string): string | undefined {
  if (!DIGITS.test(s)) return 'IMSI must contain digits only';
  if (s.length !== 15) return 'IMSI must be 15 digits';
  if (!isKnownMcc(s.slice(0, 3))) return `IMSI country code (MCC ${s.slice(0, 3)}) is not a known one`;
  return undefined;
}

export function isValidImsi(s: string): boolean {
  return explainImsi(s) === undefined;
}

/** Appends the two ISO 7064 MOD 97-10 check digits to a 30-digit EID prefix. */
export function makeEid(prefix30: string): string {
  if (!/^\d{30}$/.test(prefix30)) throw new TypeError(`EID prefix must be 30 digits, got ${JSON.stringify(prefix30)}`);
  const check = 98n - ((BigInt(prefix30) * 100n) % 97n);
  return prefix30 + check.toString().padStart(2, '0');
}

export function explainEid(s: string): string | undefined {
  if (!DIGITS.test(s)) return 'EID must contain digits only';
  if (s.length !== 32) return 'EID must be 32 digits';
  if (BigInt(s) % 97n !== 1n) return 'EID check digits are wrong';
  return undefined;
}

export function isValidEid(s: string): boolean {
  return explainEid(s) === undefined;
}

/**
 * The E.164 form ("+85291234567") of a phone number valid for its country, or undefined.
 * Without a leading "+" the number is read as national to `defaultCountry` (ISO 3166 alpha-2);
 * with neither it is undefined.
 */
export function normalizeMsisdn(s: string, defaultCountry?: string): string | undefined {
  const text = s.trim();
  if (!text.startsWith('+')) {
    if (defaultCountry === undefined) return undefined;
    const country = defaultCountry.toUpperCase();
    if (!isSupportedCountry(country)) return undefined;
    const phone = parsePhoneNumberFromString(text, country);
    return phone?.isValid() ? phone.number : undefined;
  }
  const phone = parsePhoneNumberFromString(text);
  return phone?.isValid() ? phone.number : undefined;
}

export function explainMsisdn(s: string, defaultCountry?: string): string | undefined {
  if (normalizeMsisdn(s, defaultCountry) !== undefined) return undefined;
  if (!s.trim().startsWith('+') && defaultCountry === undefined) {
    return 'phone number must start with + and the country code';
  }
  return 'phone number is not a valid number for its country';
}
