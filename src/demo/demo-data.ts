/**
 * A realistic, deterministic demo: subscribers of an eSIM provider in Hong Kong, Japan, Korea,
 * Russia and Oman, as a provisioning object (the JSON `simledger provision` reads) and a month of
 * usage rows (the CSV `simledger import` reads). Seeded PRNG only: the same `now` gives the same data.
 */
import { makeEid, makeIccid, normalizeMsisdn } from '../domain/identifiers.js';
import { buildPlans, buildTariffs, homeComboPlanId, homeDataPlanId, tariffId, travelPlanId } from './demo-catalog.js';
import { MARKETS, PROFILES, type LineRole, type Profile } from './demo-people.js';
import { demoDayStart, demoMonthStart, localIso } from './local-time.js';
import { mulberry32, type Rng } from './prng.js';
import type { DemoAccount, DemoEsim, DemoProvisioning, DemoPurchase, DemoTopup } from './demo-types.js';

export { DEMO_LOGINS, type DemoLogin } from './demo-people.js';
export { buildDemoUsage, DEMO_BAD_ROWS } from './demo-usage.js';
export { DEMO_LANGUAGES, type DemoLanguage, type DemoPlan, type DemoTariff } from './demo-catalog.js';
export type { DemoAccount, DemoEsim, DemoProvisioning, DemoPurchase, DemoTopup } from './demo-types.js';

const IDENTITY_SEED = 0x51ed_1d01;
const HOUR_MS = 3_600_000;
/** Issuer prefix of the provider's ICCIDs: 89 (telecom), 852 (Hong Kong), 00 (issuer). */
export const ICCID_ISSUER = '8985200';
export const SMDP_ADDRESS = 'smdp.simledger.example';

class Unique {
  private readonly seen = new Set<string>();
  has(s: string): boolean {
    return this.seen.has(s);
  }
  take(make: () => string, valid: (s: string) => boolean = () => true): string {
    for (let i = 0; i < 1_000; i++) {
      const s = make();
      if (valid(s) && !this.seen.has(s)) {
        this.seen.add(s);
        return s;
      }
    }
    throw new Error('demo data: could not make a unique value');
  }
}

/** Numbers, ICCIDs, IMSIs and EIDs: the same for every `now`. */
function buildIdentities(): { accounts: DemoAccount[]; esims: DemoEsim[] } {
  const rng = mulberry32(IDENTITY_SEED);
  const phones = new Unique();
  for (const p of PROFILES) if (p.phone !== undefined) phones.take(() => p.phone!);
  const iccids = new Unique();
  const suffixes = new Unique();
  const imsis = new Unique();
  const accounts: DemoAccount[] = [];
  const esims: DemoEsim[] = [];
  for (const p of PROFILES) {
    const m = MARKETS[p.market];
    const phone =
      p.phone ??
      phones.take(
        () => m.mobile(rng),
        (s) => normalizeMsisdn(s) === s,
      );
    accounts.push({
      id: p.id,
      name: p.name,
      loginPhone: phone,
      language: p.language,
      timeZone: m.timeZone,
      currency: m.currency,
      ...(p.password === undefined ? {} : { password: p.password }),
    });
    const deviceEid = makeEid(`89049032${rng.digits(22)}`);
    for (const role of p.lines) {
      const iccid = iccids.take(
        () => makeIccid(`${ICCID_ISSUER}${m.iccidBlock}${rng.digits(10)}`),
        (s) => !suffixes.has(s.slice(-8)),
      );
      suffixes.take(() => iccid.slice(-8));
      esims.push({
        iccid,
        imsi: imsis.take(() => `${m.homeNetwork}${rng.digits(10)}`),
        ...(role === 'phone' ? { msisdn: phone } : {}),
        // A travel eSIM is a second profile on the phone's eUICC; a tablet has its own.
        eid: role === 'tablet' ? makeEid(`89049032${rng.digits(22)}`) : deviceEid,
        accountId: p.id,
        tariffId: tariffId(m.currency),
        state: 'active',
        activationCode: `LPA:1$${SMDP_ADDRESS}$${rng.alnum(20)}`,
      });
    }
  }
  return { accounts, esims };
}

let identities: ReturnType<typeof buildIdentities> | undefined;

function lineOf(esims: readonly DemoEsim[], p: Profile, role: LineRole): DemoEsim {
  const index = p.lines.indexOf(role);
  const line = esims.filter((e) => e.accountId === p.id)[index];
  if (line === undefined) throw new Error(`demo data: ${p.id} has no ${role} line`);
  return line;
}

function purchasesOf(p: Profile, esims: readonly DemoEsim[], nowMs: number, rng: Rng): (DemoPurchase & { ms: number })[] {
  const m = MARKETS[p.market];
  const at = (day: number, hour: number, minute: number) => demoDayStart(nowMs, day, m.timeZone) + hour * HOUR_MS + minute * 60_000;
  const buy = (id: string, role: LineRole, planId: string, ms: number, paidFrom: 'wallet' | 'external') => ({
    id,
    iccid: lineOf(esims, p, role).iccid,
    planId,
    at: localIso(ms, m.timeZone),
    paidFrom,
    ms,
  });
  // The home plan renews at the same time of day each month, so one cycle ends as the next begins.
  const renewHour = rng.int(8, 11);
  const renewMinute = rng.int(0, 59);
  const out = [
    buy(`pu-${p.id}-home-prev`, 'phone', homeComboPlanId(m.currency), at(p.cycleDay - 30, renewHour, renewMinute), 'external'),
    buy(`pu-${p.id}-home`, 'phone', homeComboPlanId(m.currency), at(p.cycleDay, renewHour, renewMinute), p.homePaidFrom),
  ];
  if (p.lines.includes('tablet')) {
    out.push(buy(`pu-${p.id}-tablet-prev`, 'tablet', homeDataPlanId(m.currency), at(p.cycleDay - 30, renewHour, renewMinute), 'external'));
    out.push(buy(`pu-${p.id}-tablet`, 'tablet', homeDataPlanId(m.currency), at(p.cycleDay, renewHour, renewMinute), 'external'));
  }
  for (const t of p.travel) {
    out.push(buy(`pu-${p.id}-${t.plan}`, t.line, travelPlanId(t.plan, m.currency), at(t.day, rng.int(12, 22), rng.int(0, 59)), t.paidFrom));
  }
  return out;
}

/** The provisioning object for a demo month ending at `nowMs` (a JSON-ready value; amounts are numbers). */
export function buildDemoProvisioning(nowMs: number): DemoProvisioning {
  identities ??= buildIdentities();
  const { accounts, esims } = identities;
  const rng = mulberry32(IDENTITY_SEED ^ 0x7a9);
  const topups: DemoTopup[] = [];
  const purchases: (DemoPurchase & { ms: number })[] = [];
  for (const p of PROFILES) {
    const m = MARKETS[p.market];
    topups.push({
      id: `tu-${p.id}-1`,
      accountId: p.id,
      amountMinor: p.topupMinor,
      at: localIso(demoMonthStart(nowMs), m.timeZone),
      paymentRef: `${m.payment}-${rng.digits(10)}`,
    });
    purchases.push(...purchasesOf(p, esims, nowMs, rng));
  }
  purchases.sort((a, b) => a.ms - b.ms || (a.id < b.id ? -1 : 1));
  return {
    tariffs: buildTariffs(),
    plans: buildPlans(),
    accounts: accounts.map((a) => ({ ...a })),
    esims: esims.map((e) => ({ ...e })),
    topups,
    purchases: purchases.map(({ ms: _ms, ...rest }) => rest),
  };
}
