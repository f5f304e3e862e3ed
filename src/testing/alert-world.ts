/**
 * A world for alert tests and the alert benchmark: lines with a 100 MiB data bundle each (half
 * with a first-use voice bundle too), small wallets, some accounts with a wallet floor and their
 * own levels, and usage that runs some bundles out, some wallets low and some into debt. The
 * oracle reads the expected alerts from the final balances alone: used units and debits only
 * grow, so each level a bucket's final use has reached was crossed exactly once.
 */
import { makeIccid } from '../domain/identifiers.js';
import type { RawUsageRow } from '../domain/usage-event.js';
import { toBigInt } from '../domain/money.js';
import type { Store } from '../store/open-store.js';
import { addAccount, addBucket, addEsim, addTariff, usageRow, type StoreLike } from './scenario.js';
import { prng } from './synthetic-world.js';

export const ALERT_START = Date.UTC(2026, 10, 1);
const MIB = 1_048_576;
const DAY = 86_400_000;

export const alertIccid = (i: number) => makeIccid(`8985209${String(i).padStart(11, '0')}`);
export const alertImsi = (i: number) => `45409${String(i).padStart(10, '0')}`;
export const alertAccount = (i: number) => `al-${i}`;

/** Lines per transaction while populating (one commit per row made a 20,000-line world take minutes). */
const LINES_PER_TRANSACTION = 1_000;

export async function populateAlertWorld(store: Store, lines: number): Promise<void> {
  await addTariff(store, { id: 'al', currency: 'HKD', rates: { '*': { dataPerMiBMinor: 10n, voiceOutPerMinMinor: 100n, smsOutMinor: 80n } } });
  for (let from = 0; from < lines; from += LINES_PER_TRANSACTION) {
    await store.writeTransaction(async (tx) => {
      for (let i = from; i < Math.min(lines, from + LINES_PER_TRANSACTION); i++) await addAlertLine({ db: tx }, i);
    });
  }
}

async function addAlertLine(store: StoreLike, i: number): Promise<void> {
  const accountId = alertAccount(i);
  await addAccount(store, { id: accountId, currency: 'HKD', balanceMinor: 600n, at: ALERT_START - DAY });
  await addEsim(store, { iccid: alertIccid(i), imsi: alertImsi(i), accountId, tariffId: 'al', msisdn: `+8529${String(i).padStart(7, '0')}` });
  await addBucket(store, {
    purchaseId: `alp-${i}`,
    iccid: alertIccid(i),
    kind: 'data',
    initial: 100n * BigInt(MIB),
    validFrom: ALERT_START - DAY,
    validTo: ALERT_START + 30 * DAY,
    validityDays: 31,
    purchasedAt: ALERT_START - DAY,
    coverage: ['HK'],
    planId: 'hk-100m',
  });
  if (i % 2 === 0) {
    await addBucket(store, {
      purchaseId: `alv-${i}`,
      iccid: alertIccid(i),
      kind: 'voice',
      initial: 600n,
      validFrom: null,
      validTo: null,
      validityDays: 7,
      purchasedAt: ALERT_START - DAY,
      coverage: ['HK'],
      planId: 'hk-voice',
    });
  }
  if (i % 3 === 0) await setRules(store, accountId, [50, 80, 100], 400n);
}

export async function setRules(store: StoreLike, accountId: string, levels: number[], walletBelowMinor: bigint | null): Promise<void> {
  await store.db
    .insertInto('alert_settings')
    .values({
      account_id: accountId,
      data_used_percent: JSON.stringify(levels),
      wallet_below_minor: walletBelowMinor,
      expiry_within_hours: 24,
      channel_sms: 1,
      channel_email: 0,
      channel_webhook: 0,
      quiet_start: null,
      quiet_end: null,
      updated_at: 0,
    })
    .execute();
}

/** `events` usage rows over `lines` lines, in time order over a week: data (0-6 MiB), some outgoing calls. */
export function alertEvents(events: number, lines: number, seed = 7): RawUsageRow[] {
  const rand = prng(seed);
  const rows: RawUsageRow[] = [];
  for (let n = 0; n < events; n++) {
    const i = Math.floor(rand() * lines);
    const voice = rand() < 0.15;
    rows.push(
      usageRow({
        eventId: `al-ev-${n}`,
        imsi: alertImsi(i),
        kind: voice ? 'voice' : 'data',
        ...(voice ? { direction: 'out' } : {}),
        startedAt: ALERT_START + Math.floor((n / events) * 7 * DAY),
        quantity: voice ? 1 + Math.floor(rand() * 120) : Math.floor(rand() * 6 * MIB),
        mccMnc: '45400',
      }),
    );
  }
  return rows;
}

/** The alerts of the store as sorted `rule subject level` keys (wallet alerts once per crossing, whatever batch raised them). */
export async function alertKeys(store: Store): Promise<string[]> {
  const rows = await store.db.selectFrom('alert_outbox').select(['rule', 'subject', 'level']).execute();
  return rows.map((r) => `${r.rule} ${r.subject} ${Number(r.level)}`).sort();
}

/** The alerts the final state says must exist, each once (see the file's comment). */
export async function expectedAlertKeys(store: Store): Promise<string[]> {
  const keys: string[] = [];
  const rules = new Map(
    (await store.db.selectFrom('alert_settings').select(['account_id', 'data_used_percent', 'wallet_below_minor']).execute()).map((r) => [
      r.account_id,
      { levels: JSON.parse(r.data_used_percent) as number[], below: r.wallet_below_minor === null ? null : toBigInt(r.wallet_below_minor) },
    ]),
  );
  const buckets = await store.db
    .selectFrom('buckets as b')
    .innerJoin('esims as e', 'e.iccid', 'b.iccid')
    .select(['b.id', 'b.kind', 'b.initial', 'b.remaining', 'b.valid_from', 'b.used_up_at', 'b.purchased_at', 'e.account_id'])
    .execute();
  for (const b of buckets) {
    const initial = toBigInt(b.initial);
    const used = initial - toBigInt(b.remaining);
    for (const level of rules.get(b.account_id)?.levels ?? [80, 100]) if (used * 100n >= BigInt(level) * initial) keys.push(`bucket_level ${b.id} ${level}`);
    if (b.kind === 'voice' && b.valid_from !== null) keys.push(`plan_started ${b.id} 0`);
    // Used up, then usage of its kind charged to the wallet.
    if (b.used_up_at !== null) {
      const charged = await store.db
        .selectFrom('usage_records as r')
        .innerJoin('esims as e', 'e.iccid', 'r.iccid')
        .select('r.id')
        .where('e.account_id', '=', b.account_id)
        .where('r.kind', '=', b.kind)
        .where('r.charged_blocks', '>', 0)
        .where('r.started_at', '>=', Number(b.used_up_at))
        .limit(1)
        .execute();
      if (charged.length > 0) keys.push(`payg ${b.id} 0`);
    }
  }
  for (const w of await store.db.selectFrom('wallets').select(['account_id', 'balance_minor']).execute()) {
    const balance = toBigInt(w.balance_minor);
    const below = rules.get(w.account_id)?.below ?? null;
    if (below !== null && balance < below) keys.push(`wallet_low wallet:${w.account_id} 0`);
    if (balance < 0n) keys.push(`wallet_debt wallet:${w.account_id} 0`);
  }
  return keys.sort();
}
