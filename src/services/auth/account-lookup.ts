import { normalizeMsisdn } from '../../domain/identifiers.js';
import type { Store } from '../../store/open-store.js';

export interface LoginAccount {
  readonly id: string;
  readonly language: string;
  readonly passwordHash: string | null;
}

/** The E.164 form of what the user typed, or the trimmed text when it is no valid number. */
export function loginPhoneOf(typed: string): string {
  return normalizeMsisdn(typed) ?? typed.trim();
}

export async function accountByPhone(store: Store, phone: string): Promise<LoginAccount | undefined> {
  const row = await store.db.selectFrom('accounts').select(['id', 'language', 'password_hash']).where('login_phone', '=', phone).executeTakeFirst();
  return row && { id: row.id, language: row.language, passwordHash: row.password_hash };
}

export async function accountById(store: Store, id: string): Promise<(LoginAccount & { loginPhone: string | null }) | undefined> {
  const row = await store.db.selectFrom('accounts').select(['id', 'language', 'password_hash', 'login_phone']).where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, language: row.language, passwordHash: row.password_hash, loginPhone: row.login_phone };
}
