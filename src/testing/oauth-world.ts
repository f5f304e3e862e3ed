/**
 * A real server (port 0) on a fresh database of the dialect with two subscribers for the
 * third-party-app tests: Mei (Hong Kong, two eSIMs with numbers) and Ivan (Russia, one eSIM),
 * each with a data plan and recent usage. Shared by the OAuth tests, the example app's browser
 * test and the CAMARA cucumber steps.
 */
import { makeEid, makeIccid } from '../domain/identifiers.js';
import { loadServerConfig } from '../config/server-config.js';
import { startServer, type Running } from '../main.js';
import { provision } from '../services/provision.js';
import { rateUsageBatch } from '../services/rate-usage-batch.js';
import { usageWindow } from '../services/usage-window.js';
import { usageRow } from './scenario.js';
import { createTestDatabase, type TestDialect } from './test-stores.js';

export const GIB = 1_073_741_824;
export const MEI = {
  accountId: 'acc-mei',
  phone: '+85291234001',
  password: 'mei-secret-2026',
  esims: [makeIccid('898520100000000011'), makeIccid('898520100000000012')],
  msisdns: ['+85291234001', '+85291234002'],
} as const;
/** A line of an account with no login and no data plan (CAMARA: the service is not applicable to it). */
export const NO_PLAN = { accountId: 'acc-kiosk', esim: makeIccid('898520100000000091'), msisdn: '+85291234009' } as const;
export const IVAN = { accountId: 'acc-ivan', phone: '+79161234003', password: 'ivan-secret-2026', esims: [makeIccid('898520400000000021')], msisdns: ['+79161234003'] } as const;

function world(nowMs: number) {
  const day = new Date(nowMs - 2 * 86_400_000).toISOString();
  return {
    tariffs: [
      { id: 't-hkd', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10, voiceOutPerMinMinor: 100, smsOutMinor: 50 } } },
      { id: 't-rub', currency: 'RUB', rates: { '*': { dataPerMiBMinor: 100, voiceOutPerMinMinor: 500, smsOutMinor: 300 } } },
    ],
    plans: [
      { id: 'hk-2gb', name: 'Hong Kong 2 GB', currency: 'HKD', priceMinor: 9800, validityDays: 30, validityStarts: 'purchase', coverage: ['HK', 'JP'], allowances: { dataBytes: 2 * GIB } },
      { id: 'ru-1gb', name: 'Россия 1 ГБ', currency: 'RUB', priceMinor: 30000, validityDays: 30, validityStarts: 'purchase', coverage: ['RU'], allowances: { dataBytes: GIB } },
    ],
    accounts: [
      { id: MEI.accountId, name: 'Chan Mei', loginPhone: MEI.phone, language: 'en', timeZone: 'Asia/Hong_Kong', currency: 'HKD', password: MEI.password },
      { id: NO_PLAN.accountId, name: 'Kiosk', language: 'en', timeZone: 'Asia/Hong_Kong', currency: 'HKD' },
      { id: IVAN.accountId, name: 'Иван Петров', loginPhone: IVAN.phone, language: 'en', timeZone: 'Europe/Moscow', currency: 'RUB', password: IVAN.password },
    ],
    esims: [
      { iccid: MEI.esims[0], imsi: '454001000000011', msisdn: MEI.msisdns[0], eid: makeEid('890490320000000000000000000011'), accountId: MEI.accountId, tariffId: 't-hkd' },
      { iccid: MEI.esims[1], imsi: '454001000000012', msisdn: MEI.msisdns[1], accountId: MEI.accountId, tariffId: 't-hkd' },
      { iccid: NO_PLAN.esim, imsi: '454001000000091', msisdn: NO_PLAN.msisdn, accountId: NO_PLAN.accountId, tariffId: 't-hkd' },
      { iccid: IVAN.esims[0], imsi: '250011000000021', msisdn: IVAN.msisdns[0], accountId: IVAN.accountId, tariffId: 't-rub' },
    ],
    topups: [
      { id: 'top-mei', accountId: MEI.accountId, amountMinor: 20000, at: day },
      { id: 'top-ivan', accountId: IVAN.accountId, amountMinor: 100000, at: day },
    ],
    purchases: [
      { id: 'buy-mei-1', iccid: MEI.esims[0], planId: 'hk-2gb', at: day, paidFrom: 'external' },
      { id: 'buy-mei-2', iccid: MEI.esims[1], planId: 'hk-2gb', at: day, paidFrom: 'external' },
      { id: 'buy-ivan', iccid: IVAN.esims[0], planId: 'ru-1gb', at: day, paidFrom: 'external' },
    ],
  };
}

export interface OauthWorld {
  url: string;
  running: Running;
  /** A new server on the same database (what survives a restart), keeping the first one's URL as its issuer. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function serverOn(databaseUrl: string, publicUrl?: string, extraEnv: Record<string, string> = {}): Promise<Running> {
  const env = { SIMLEDGER_LOG_LEVEL: process.env['SIMLEDGER_TEST_LOG'] ?? 'silent', ...extraEnv, ...(publicUrl ? { SIMLEDGER_PUBLIC_URL: publicUrl } : {}) };
  return startServer(loadServerConfig({ db: databaseUrl, host: '127.0.0.1', port: '0' }, env));
}

/** Rates `bytes` of data on `iccid` now (in its home country), as the networks' feed would. */
export async function useData(running: Running, iccid: string, bytes: number, eventId: string, mccMnc = '45400'): Promise<void> {
  const now = Date.now();
  const items = [{ raw: usageRow({ eventId, iccid, startedAt: now - 60_000, quantity: bytes, mccMnc }), ref: 0 }];
  const [r] = await rateUsageBatch(running.deps.store, 'network', items, now, usageWindow(now, 12));
  if (r?.status !== 'rated') throw new Error(`usage ${eventId} not rated: ${JSON.stringify(r)}`);
}

let fresh = 0;

/** A new line of Mei's with a fresh 2 GB plan and its own number (each CAMARA event scenario starts from 0 % used). */
export async function freshLine(running: Running): Promise<{ iccid: string; msisdn: string }> {
  fresh += 1;
  const n = String(fresh).padStart(3, '0');
  const iccid = makeIccid(`898520100000005${n}`);
  const msisdn = `+85291235${n}`;
  const now = Date.now();
  const r = await provision(
    running.deps.store,
    {
      esims: [{ iccid, imsi: `454001000005${n}`, msisdn, accountId: MEI.accountId, tariffId: 't-hkd' }],
      purchases: [{ id: `buy-fresh-${n}`, iccid, planId: 'hk-2gb', at: new Date(now - 60_000).toISOString(), paidFrom: 'external' }],
    },
    now,
  );
  if (!r.ok) throw new Error(`fresh line: ${JSON.stringify(r)}`);
  return { iccid, msisdn };
}

export async function startOauthWorld(dialect: TestDialect, env: Record<string, string> = {}): Promise<OauthWorld> {
  const database = await createTestDatabase(dialect);
  const running = await serverOn(database.url, undefined, env);
  try {
    const now = Date.now();
    const r = await provision(running.deps.store, world(now), now);
    if (!r.ok) throw new Error(`provisioning failed: ${JSON.stringify(r)}`);
    await useData(running, MEI.esims[0], 300 * 1_048_576, 'mei-1', '45400');
    await useData(running, MEI.esims[1], 50 * 1_048_576, 'mei-2', '44010');
    await useData(running, IVAN.esims[0], 100 * 1_048_576, 'ivan-1', '25001');
  } catch (error) {
    await running.stop();
    await database.drop();
    throw error;
  }
  const issuer = running.server.url;
  const live: OauthWorld = {
    url: running.server.url,
    running,
    restart: async () => {
      await live.running.stop();
      live.running = await serverOn(database.url, issuer, env);
      live.url = live.running.server.url;
    },
    stop: async () => {
      await live.running.stop();
      await database.drop();
    },
  };
  return live;
}

/** Expires every stored token of `model` as the clock would: its `exp` and its row's expiry in the past. */
export async function expireTokens(running: Running, model: 'AccessToken' | 'ClientCredentials'): Promise<void> {
  const db = running.deps.store.db;
  const past = Math.floor(Date.now() / 1000) - 60;
  for (const row of await db.selectFrom('oidc_models').select(['id', 'payload']).where('model', '=', model).execute()) {
    await db
      .updateTable('oidc_models')
      .set({ payload: JSON.stringify({ ...(JSON.parse(row.payload) as object), exp: past }), expires_at: past * 1000 })
      .where('model', '=', model)
      .where('id', '=', row.id)
      .execute();
  }
}
