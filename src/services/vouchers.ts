/**
 * Prepaid vouchers: a serial printed on the card and a 16-digit PIN kept only as its sha256.
 * PINs are read forgivingly (spaces, dashes, full-width and Arabic-Indic digits).
 */
import { createHash, randomInt } from 'node:crypto';
import { isCurrencyCode } from '../domain/money.js';
import { bulkInsert, chunks } from '../store/bulk.js';
import type { Store } from '../store/open-store.js';

export const PIN_DIGITS = 16;

export interface VoucherBatchRequest {
  readonly count: number;
  readonly valueMinor: bigint;
  readonly currency: string;
  /** Redeemable strictly before this instant (epoch ms). */
  readonly expiresAt: number;
  /** Letters, digits, `_` and `-`: part of every serial (`V-<batch>-000001`). */
  readonly batch: string;
}

export interface IssuedVoucher {
  readonly serial: string;
  readonly pin: string;
}

/** ASCII digits only: NFKC folds full-width digits and dashes; Arabic-Indic digits are mapped. */
export function normalizeVoucherPin(pin: string): string {
  return pin
    .normalize('NFKC')
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\s\-\u2010-\u2015\u2212]/g, '');
}

export function hashVoucherPin(pin: string): string {
  return createHash('sha256').update(normalizeVoucherPin(pin)).digest('base64url');
}

function newPin(): string {
  let pin = '';
  for (let i = 0; i < PIN_DIGITS; i += 1) pin += String(randomInt(10));
  return pin;
}

function checkRequest(req: VoucherBatchRequest, nowMs: number): void {
  if (!Number.isSafeInteger(req.count) || req.count < 1 || req.count > 1_000_000) throw new RangeError(`count must be 1..1,000,000, got ${req.count}`);
  if (req.valueMinor <= 0n) throw new RangeError(`valueMinor must be positive, got ${req.valueMinor}`);
  if (!isCurrencyCode(req.currency)) throw new RangeError(`unknown currency ${req.currency}`);
  if (!(req.expiresAt > nowMs)) throw new RangeError('expiresAt must be in the future');
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(req.batch)) throw new RangeError(`batch must be 1-40 letters, digits, _ or -, got ${JSON.stringify(req.batch)}`);
}

/**
 * Issues `count` vouchers and returns their serials and PINs: the only time a PIN is seen in clear.
 * Invalid arguments throw (the caller validates operator input first).
 */
export async function createVouchers(store: Store, req: VoucherBatchRequest, nowMs: number): Promise<IssuedVoucher[]> {
  checkRequest(req, nowMs);
  return store.writeTransaction(async (tx) => {
    const row = await tx
      .selectFrom('vouchers')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('batch', '=', req.batch)
      .executeTakeFirstOrThrow();
    const first = Number(row.n) + 1;
    const pins = new Map<string, string>();
    while (pins.size < req.count) {
      const pin = newPin();
      pins.set(hashVoucherPin(pin), pin);
    }
    for (const part of chunks([...pins.keys()], 5_000)) {
      const taken = await tx.selectFrom('vouchers').select('pin_hash').where('pin_hash', 'in', part).execute();
      for (const t of taken) pins.delete(t.pin_hash);
    }
    // A 16-digit collision is astronomically rare; draw again until the batch is full.
    while (pins.size < req.count) {
      const pin = newPin();
      const hash = hashVoucherPin(pin);
      const taken = await tx.selectFrom('vouchers').select('pin_hash').where('pin_hash', '=', hash).executeTakeFirst();
      if (!taken) pins.set(hash, pin);
    }
    const issued = [...pins].map(([hash, pin], i) => ({ hash, pin, serial: `V-${req.batch}-${String(first + i).padStart(6, '0')}` }));
    await bulkInsert(
      tx,
      'vouchers',
      [
        ['pin_hash', 'text'],
        ['serial', 'text'],
        ['value_minor', 'bigint'],
        ['currency', 'text'],
        ['expires_at', 'bigint'],
        ['created_at', 'bigint'],
        ['batch', 'text'],
      ],
      issued.map((v) => [v.hash, v.serial, req.valueMinor, req.currency, req.expiresAt, nowMs, req.batch]),
    );
    return issued.map(({ serial, pin }) => ({ serial, pin }));
  });
}
