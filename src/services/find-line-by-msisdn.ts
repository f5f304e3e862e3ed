/** The eSIM line a phone number belongs to (as a gateway vouches for it), with its account's settings. */
import { normalizeMsisdn } from '../domain/identifiers.js';
import type { Store } from '../store/open-store.js';

export interface LineOfNumber {
  readonly msisdn: string;
  readonly iccid: string;
  readonly accountId: string;
  readonly language: string;
  readonly timeZone: string;
  readonly currency: string;
}

export type FindLineResult = { ok: true; line: LineOfNumber } | { ok: false; code: 'unknown_subscriber' };

/**
 * Gateways send numbers as `+85291234567` or `85291234567` (international, no plus); both are
 * read as E.164. A number that is no valid E.164 number, or no line's MSISDN, is unknown.
 */
export async function findLineByMsisdn(store: Store, phoneNumber: string): Promise<FindLineResult> {
  const text = phoneNumber.trim();
  const msisdn = normalizeMsisdn(/^\d+$/.test(text) ? `+${text}` : text);
  if (msisdn === undefined) return { ok: false, code: 'unknown_subscriber' };
  const row = await store.db
    .selectFrom('esims')
    .innerJoin('accounts', 'accounts.id', 'esims.account_id')
    .select(['esims.iccid', 'esims.account_id', 'accounts.language', 'accounts.time_zone', 'accounts.currency'])
    .where('esims.msisdn', '=', msisdn)
    .executeTakeFirst();
  if (row === undefined) return { ok: false, code: 'unknown_subscriber' };
  return {
    ok: true,
    line: { msisdn, iccid: row.iccid, accountId: row.account_id, language: row.language, timeZone: row.time_zone, currency: row.currency },
  };
}
