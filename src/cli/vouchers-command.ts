import { isCurrencyCode, parseMinor } from '../domain/money.js';
import { createVouchers } from '../services/vouchers.js';
import type { Store } from '../store/open-store.js';
import { ConfigError } from '../config/config.js';

export interface VouchersCreateOptions {
  count: string;
  value: string;
  currency: string;
  expires: string;
  batch: string;
}

export async function vouchersCreateCommand(store: Store, o: VouchersCreateOptions): Promise<void> {
  const currency = o.currency.toUpperCase();
  if (!isCurrencyCode(currency)) throw new ConfigError(`--currency "${o.currency}" is not a supported ISO 4217 code`);
  const valueMinor = parseMinor(o.value, currency);
  if (valueMinor === undefined || valueMinor <= 0n) throw new ConfigError(`--value "${o.value}" is not a positive ${currency} amount`);
  if (!/^\d+$/.test(o.count) || Number(o.count) < 1 || Number(o.count) > 100_000) throw new ConfigError(`--count must be 1..100000, got "${o.count}"`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.expires) || Number.isNaN(Date.parse(`${o.expires}T23:59:59.999Z`))) {
    throw new ConfigError(`--expires "${o.expires}" is not a date YYYY-MM-DD`);
  }
  const expiresAt = Date.parse(`${o.expires}T23:59:59.999Z`);
  const created = await createVouchers(store, { count: Number(o.count), valueMinor, currency, expiresAt, batch: o.batch }, Date.now());
  process.stdout.write('serial,pin\n');
  for (const v of created) process.stdout.write(`${v.serial},${v.pin}\n`);
}
