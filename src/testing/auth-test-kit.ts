/** Test helpers for the auth services: a store with two accounts and a fake clock. */
import pino from 'pino';
import { LogSmsSender } from '../channels/sms-log-sender.js';
import type { Store } from '../store/open-store.js';
import { openTestStore, type TestDialect } from './test-stores.js';
import { provision } from '../services/provision.js';
import type { AuthDeps } from '../services/auth/auth-deps.js';

export const CHAN = { id: 'acc-chan', phone: '+85291234567', password: 'correct horse battery' } as const;
export const TANAKA = { id: 'acc-tanaka', phone: '+819012345678', password: 'sakura-2026-pass' } as const;
export const START_MS = Date.UTC(2026, 10, 20, 4, 0, 0);

export const PEOPLE = {
  accounts: [
    { id: CHAN.id, name: '陳大文', loginPhone: CHAN.phone, language: 'zh-Hant', timeZone: 'Asia/Hong_Kong', currency: 'HKD', password: CHAN.password },
    { id: TANAKA.id, name: '田中花子', loginPhone: TANAKA.phone, language: 'ja', timeZone: 'Asia/Tokyo', currency: 'JPY', password: TANAKA.password },
  ],
};

export async function provisionPeople(store: Store, nowMs: number): Promise<void> {
  const result = await provision(store, PEOPLE, nowMs);
  if (!result.ok) throw new Error(`provisioning failed: ${JSON.stringify(result.errors)}`);
}

export interface AuthWorld {
  deps: AuthDeps & { sms: LogSmsSender };
  store: Store;
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function authWorld(dialect: TestDialect): Promise<AuthWorld> {
  const store = await openTestStore(dialect);
  let nowMs = START_MS;
  await provisionPeople(store, nowMs);
  const log = pino({ level: 'silent' });
  return {
    deps: { store, log, sms: new LogSmsSender(log), now: () => nowMs },
    store,
    advance: (ms) => {
      nowMs += ms;
    },
    close: () => store.close(),
  };
}

/** The 6-digit code of the last SMS to `phone`. */
export function codeSentTo(sms: LogSmsSender, phone: string): string {
  const text = sms.lastTo(phone)?.text;
  const code = text?.match(/\d{6}/)?.[0];
  if (!code) throw new Error(`no code was sent to ${phone}`);
  return code;
}

/** A 6-digit code that is not `code`. */
export function wrongCode(code: string, n = 1): string {
  return String((Number(code) + n) % 1_000_000).padStart(6, '0');
}
