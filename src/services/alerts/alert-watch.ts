/**
 * Alerts evaluated inside rating (issue 25). The rating tells a watch which buckets and wallets a
 * batch changes, before it changes them; once the batch is rated, the watch compares each one's
 * state before the batch with its state after and returns the alert rows to write with the batch.
 * A bucket's used units and a wallet's debits only grow within a batch, so comparing the batch's
 * ends finds exactly the crossings its events made one by one. The rating context carries the
 * states across batches (also those not yet written), so a level crossed in one batch is "before"
 * for the next: it fires once. `once_key` (unique) keeps a replayed batch from recording it again.
 */
import { levelCrossings, onceKey, walletCrossings, type AlertRule, type AlertRules } from '../../domain/alerts.js';
import { lookupRate, type Tariff } from '../../domain/catalog.js';
import type { BucketState, RatableEvent } from '../../domain/rating.js';
import type { Cell } from '../../store/bulk.js';
import { ALERT_OUTBOX, type BucketFacts } from '../../store/alert-store.js';
import type { UsageKind } from '../../domain/units.js';
import type { RatedBatchBuilder } from '../../store/rated-batch.js';
import type { AlertFactsReads } from '../../store/usage-ledger-port.js';

/** The line an event was rated for, as the watch needs it. */
export interface WatchedLine {
  readonly iccid: string;
  readonly accountId: string;
}

interface BucketBefore {
  readonly line: WatchedLine;
  readonly remaining: bigint;
  readonly validFromMs: number | null;
}
interface Payg {
  readonly line: WatchedLine;
  readonly bucketId: string;
  readonly kind: UsageKind;
  readonly rateMinor: bigint | undefined;
  readonly currency: string;
}
/** A charge for usage a bundle would have covered, on a line with no ended bundle of that kind held by the context. */
interface Charged {
  readonly line: WatchedLine;
  readonly kind: UsageKind;
  readonly atMs: number;
  readonly rateMinor: bigint | undefined;
  readonly currency: string;
}

/** How long after a bundle ended a charge still names it ("now pay-as-you-go"): older ends were told of already, or are history. */
const PAYG_LOOKBACK_MS = 31 * 86_400_000;

/** Facts held per rating context before they are read afresh: ~100 bytes each, so at most ~10 MB. */
const MAX_FACTS = 100_000;

/** Rules and bucket facts read once per rating context (an import's run), not once per batch. */
class FactsCache {
  readonly rules = new Map<string, AlertRules>();
  readonly buckets = new Map<string, BucketFacts>();

  async load(reads: AlertFactsReads, accounts: Iterable<string>, buckets: Iterable<string>): Promise<void> {
    if (this.rules.size + this.buckets.size > MAX_FACTS) {
      this.rules.clear();
      this.buckets.clear();
    }
    const newAccounts = [...accounts].filter((a) => !this.rules.has(a));
    const newBuckets = [...buckets].filter((b) => !this.buckets.has(b));
    if (newAccounts.length > 0) for (const [id, r] of await reads.loadAlertRules(newAccounts)) this.rules.set(id, r);
    if (newBuckets.length > 0) for (const [id, f] of await reads.loadBucketFacts(newBuckets)) this.buckets.set(id, f);
  }
}

const caches = new WeakMap<object, FactsCache>();

const RATE_FIELD = { data: 'dataPerMiBMinor', voice: 'voiceOutPerMinMinor', sms: 'smsOutMinor' } as const;

export class AlertWatch {
  private readonly buckets = new Map<BucketState, BucketBefore>();
  private readonly wallets = new Map<string, bigint>();
  private readonly payg = new Map<string, Payg>();
  private readonly charged = new Map<string, Charged>();
  private readonly facts: FactsCache;

  /** @param context what lives as long as the rating context (the context itself): its facts are cached with it */
  constructor(context: object) {
    let cache = caches.get(context);
    if (cache === undefined) caches.set(context, (cache = new FactsCache()));
    this.facts = cache;
  }

  /** Before the draws of an event are applied to `buckets` (the line's open buckets). */
  drawing(line: WatchedLine, draws: readonly { readonly bucketId: string }[], buckets: readonly BucketState[]): void {
    for (const d of draws) {
      const b = buckets.find((x) => x.id === d.bucketId);
      if (b !== undefined && !this.buckets.has(b)) this.buckets.set(b, { line, remaining: b.remaining, validFromMs: b.validFromMs });
    }
  }

  /**
   * Before an event's charge is taken from the wallet (`before` = its balance then). A charge for
   * usage a bundle would have covered, on a line whose bundle of that kind is used up or over,
   * is the "now pay-as-you-go" alert (once per bundle).
   */
  charging(line: WatchedLine, before: bigint, event: RatableEvent, chargedBlocks: bigint, buckets: readonly BucketState[], tariff: Tariff): void {
    if (!this.wallets.has(line.accountId)) this.wallets.set(line.accountId, before);
    if (chargedBlocks === 0n || (event.kind !== 'data' && event.direction !== 'out')) return;
    const ended = buckets.filter((b) => b.kind === event.kind && (b.remaining === 0n || (b.validToMs !== null && b.validToMs <= event.startedAtMs)));
    const last = ended.sort((a, b) => (b.validToMs ?? 0) - (a.validToMs ?? 0))[0];
    const rateMinor = lookupRate(tariff, event.country, RATE_FIELD[event.kind]);
    if (last !== undefined) {
      if (!this.payg.has(last.id)) this.payg.set(last.id, { line, bucketId: last.id, kind: last.kind, rateMinor, currency: tariff.currency });
      return;
    }
    // The context holds only buckets with units left when it loaded them: one used up earlier is looked up (see rows).
    const key = `${line.iccid}\t${event.kind}`;
    if (!this.charged.has(key)) this.charged.set(key, { line, kind: event.kind, atMs: event.startedAtMs, rateMinor, currency: tariff.currency });
  }

  /** The ended bundles of lines charged with none in the context, read from the store. */
  private async endedBundles(reads: AlertFactsReads): Promise<void> {
    if (this.charged.size === 0) return;
    const atMs = Math.max(...[...this.charged.values()].map((c) => c.atMs));
    const ended = await reads.loadEndedBuckets([...new Set([...this.charged.values()].map((c) => c.line.iccid))], atMs - PAYG_LOOKBACK_MS, atMs);
    for (const b of ended.sort((x, y) => y.endedAtMs - x.endedAtMs)) {
      const c = this.charged.get(`${b.iccid}\t${b.kind}`);
      if (c === undefined || b.endedAtMs > c.atMs || b.endedAtMs <= c.atMs - PAYG_LOOKBACK_MS) continue;
      this.charged.delete(`${b.iccid}\t${b.kind}`); // the latest ended bundle only
      if (!this.payg.has(b.id)) this.payg.set(b.id, { line: c.line, bucketId: b.id, kind: b.kind, rateMinor: c.rateMinor, currency: c.currency });
    }
  }

  /**
   * Adds the batch's alert rows to the outbox of `builder`, with `walletAfter` the balances it left.
   * @param batchId what makes a wallet's crossing in this batch unique (its first record id): a wallet may cross again after a top-up
   */
  async addRows(reads: AlertFactsReads, builder: RatedBatchBuilder, walletAfter: ReadonlyMap<string, bigint>, nowMs: number, batchId: bigint): Promise<void> {
    if (this.buckets.size === 0 && this.wallets.size === 0) return;
    await this.endedBundles(reads);
    const accounts = new Set([...this.wallets.keys(), ...[...this.buckets.values()].map((b) => b.line.accountId)]);
    await this.facts.load(reads, accounts, [...[...this.buckets.keys()].map((b) => b.id), ...this.payg.keys()]);
    const add = (accountId: string, rule: AlertRule, subject: string, iccid: string | null, level: number, arming: string, payload: object) => {
      const row: Cell[] = [accountId, rule, subject, iccid, level, onceKey(rule, subject, level, arming), JSON.stringify(payload), nowMs];
      builder.addExtraRow(ALERT_OUTBOX, row);
    };
    for (const [bucket, before] of this.buckets) this.bucketRows(bucket, before, add);
    for (const [id, p] of this.payg) {
      const facts = this.facts.buckets.get(id);
      add(p.line.accountId, 'payg', id, p.line.iccid, 0, '', { kind: p.kind, planId: facts?.planId ?? null, rateMinor: p.rateMinor?.toString() ?? null, currency: p.currency });
    }
    for (const [account, before] of this.wallets) {
      const after = walletAfter.get(account) ?? before;
      const below = this.facts.rules.get(account)?.walletBelowMinor ?? null;
      for (const rule of walletCrossings(before, after, below)) {
        add(account, rule, `wallet:${account}`, null, 0, `b${batchId}`, { balanceMinor: after.toString(), belowMinor: below?.toString() ?? null });
      }
    }
  }

  private bucketRows(bucket: BucketState, before: BucketBefore, add: (a: string, r: AlertRule, s: string, i: string | null, l: number, arm: string, p: object) => void): void {
    const facts = this.facts.buckets.get(bucket.id);
    if (facts === undefined) return;
    const { accountId, iccid } = before.line;
    const base = { kind: facts.kind, planId: facts.planId, initial: facts.initial.toString(), remaining: bucket.remaining.toString(), validToMs: bucket.validToMs };
    if (before.validFromMs === null && bucket.validFromMs !== null) add(accountId, 'plan_started', bucket.id, iccid, 0, '', { ...base, validFromMs: bucket.validFromMs });
    const levels = this.facts.rules.get(accountId)?.levels ?? [];
    for (const level of levelCrossings(facts.initial, before.remaining, bucket.remaining, levels)) add(accountId, 'bucket_level', bucket.id, iccid, level, '', { ...base, level });
  }
}
