/** Plain-text rendering of balances and import results for the terminal (the `demo` command). */
import { planName } from '../domain/catalog.js';
import { formatMoney, isCurrencyCode } from '../domain/money.js';
import type { UsageKind } from '../domain/units.js';
import { displayKit } from '../messages/display.js';
import type { ImportSummary } from '../services/import-usage.js';
import type { AccountBalances, BucketView } from '../services/query-balances.js';

/** "12.3 GB", "512 MB": the display kit's rule of every channel (1 GB = 1024 MB, rounded down to one decimal). */
export function formatBytes(bytes: bigint): string {
  return displayKit('en').bytes(bytes);
}

/** "95 min", "95 min 20 s". */
export function formatSeconds(seconds: bigint): string {
  const rest = seconds % 60n;
  return `${seconds / 60n} min${rest === 0n ? '' : ` ${rest} s`}`;
}

export function formatQuantity(kind: UsageKind, n: bigint): string {
  return kind === 'data' ? formatBytes(n) : kind === 'voice' ? formatSeconds(n) : `${n} SMS`;
}

/** A wallet amount in the account's language, or the plain figure for a currency `Intl` does not know. */
export function formatWallet(minor: bigint, currency: string, language: string): string {
  return isCurrencyCode(currency) ? formatMoney(minor, currency, language) : `${minor} ${currency} (minor units)`;
}

export function formatLocalTime(ms: number, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(language, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

export interface AccountHeader {
  id: string;
  name: string;
  loginPhone?: string;
  language: string;
  timeZone: string;
}
export interface PlanNames {
  id: string;
  name: Readonly<Record<string, string>>;
}

const STATUS: Record<BucketView['status'], string> = { active: '', not_started: 'starts at first use', expired: 'expired', used_up: 'used up' };

/** One line per purchase: the plan's name in the account's language and what is left of each kind. */
function purchaseLine(buckets: readonly BucketView[], account: AccountHeader, plans: ReadonlyMap<string, PlanNames>): string {
  const first = buckets[0]!;
  const plan = plans.get(first.planId);
  const name = plan === undefined ? first.planId : planName(plan, account.language);
  const parts = buckets.map((b) => (b.kind === 'sms' ? `SMS ${b.remaining} of ${b.initial} left` : `${b.kind} ${formatQuantity(b.kind, b.remaining)} of ${formatQuantity(b.kind, b.initial)} left`));
  const status = buckets.every((b) => b.status === 'used_up')
    ? 'used up'
    : first.status === 'active' && first.validTo !== null
      ? `until ${formatLocalTime(first.validTo, account.language, account.timeZone)}`
      : STATUS[first.status];
  return `      ${name}: ${parts.join(' · ')}${status === '' ? '' : ` (${status})`}`;
}

/** An account's wallet and, per eSIM, what is left of each current plan. */
export function formatAccountBalances(account: AccountHeader, balances: AccountBalances, plans: ReadonlyMap<string, PlanNames>, msisdns: ReadonlyMap<string, string>): string[] {
  const head = `${account.name} · ${account.loginPhone ?? 'no login phone'} · ${account.language} · ${account.timeZone}`;
  if (!balances.ok) return [head, `  (${balances.code})`];
  const lines = [head, `  wallet ${formatWallet(balances.wallet.balanceMinor, balances.wallet.currency, account.language)}`];
  for (const esim of balances.esims) {
    const msisdn = msisdns.get(esim.iccid);
    lines.push(`    eSIM ${esim.iccid}${msisdn === undefined ? ' (data only)' : ` · ${msisdn}`}`);
    const byPurchase = new Map<string, BucketView[]>();
    for (const b of esim.buckets) byPurchase.set(b.purchaseId, [...(byPurchase.get(b.purchaseId) ?? []), b]);
    // A purchase with an expired bucket is last cycle's history; a used-up plan (recent ones only) is news.
    const current = [...byPurchase.values()].filter((buckets) => buckets.every((b) => b.status !== 'expired'));
    if (current.length === 0) lines.push('      no current plan: pay as you go');
    for (const buckets of current) lines.push(purchaseLine(buckets, account, plans));
  }
  return lines;
}

export function formatImportSummary(s: Readonly<ImportSummary>): string {
  const reasons = Object.entries(s.rejectedByReason)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  return `read ${s.read}, rated ${s.rated}, duplicates ${s.duplicates}, rejected ${s.rejected}${reasons === '' ? '' : ` (${reasons})`}`;
}
