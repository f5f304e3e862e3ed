/** Wallet and buckets: the whole account, or one of its lines, with the time they were read. */
import { createRoute, z } from '@hono/zod-openapi';
import type { AccountOutlook, EsimOutlook } from '../../../services/account-outlook.js';
import { cachedAccountOutlook } from '../../../services/outlook-cache.js';
import { getOwnLineBalance } from '../../../services/query-account.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { toJson } from '../../../services/export-balances.js';
import { EsimBalance, renderEsimBalance, renderForecast, RunOutForecast } from './outlook.js';
import { consentedIccids, mayReadEsim, requireReader } from '../oauth/bearer.js';
import { accountIdOf, Bucket, errors, handle, IccidParams, Instant, iso, jsonContent, outcome, renderBucket, renderWallet, subscriberRoute, Wallet } from './kit.js';

const LineBalance = z.object({ iccid: z.string(), wallet: Wallet, buckets: z.array(Bucket), asOf: Instant }).openapi('LineBalance');
const AccountBalances = z
  .object({
    wallet: Wallet.extend({ forecast: RunOutForecast }),
    esims: z.array(EsimBalance),
    asOf: Instant,
    timeZone: z.string().openapi({ description: "the account's IANA zone, in which days (and the forecasts' pace) are counted" }),
  })
  .openapi('AccountBalances');

type Outlook = Extract<AccountOutlook, { ok: true }>;

function renderAccountBalances(b: Outlook, esims: readonly EsimOutlook[]) {
  return {
    wallet: { ...renderWallet(b.wallet), forecast: renderForecast(b.walletForecast) },
    esims: esims.map(renderEsimBalance),
    asOf: iso(b.asOf),
    timeZone: b.timeZone,
  };
}

/** The whole account's JSON, rendered once per cached outlook (see outlook-cache.ts). */
const renderedWhole = new WeakMap<Outlook, string>();

export function balanceRoutes(app: App, deps: AppDeps): void {
  const guard = requireReader(deps, 'balance:read');
  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'get',
        path: '/api/v1/balances',
        summary: "The wallet and every eSIM's buckets",
        responses: { 200: jsonContent(AccountBalances, 'balances as of `asOf`'), ...errors() },
      }),
    ),
    async (c) => {
      const b = await cachedAccountOutlook(deps.store, accountIdOf(c), deps.now());
      if (!b.ok) return outcome(c, 'not_found', 'the account is gone');
      const allowed = consentedIccids(c);
      if (allowed !== undefined)
        return json(
          c,
          renderAccountBalances(
            b,
            b.esims.filter((e) => allowed.includes(e.iccid)),
          ),
        );
      let text = renderedWhole.get(b);
      if (text === undefined) renderedWhole.set(b, (text = toJson(renderAccountBalances(b, b.esims))));
      return c.body(text, 200, { 'content-type': 'application/json; charset=utf-8' });
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'get',
        path: '/api/v1/esims/{iccid}/balance',
        summary: "One eSIM's buckets and the wallet",
        request: { params: IccidParams },
        responses: { 200: jsonContent(LineBalance, "the line's balance as of `asOf`"), ...errors(400, 404) },
      }),
    ),
    async (c) => {
      const { iccid } = c.req.valid('param');
      if (!mayReadEsim(c, iccid)) return outcome(c, 'unknown_esim', `no eSIM ${iccid}`);
      const found = await getOwnLineBalance(deps.store, accountIdOf(c), iccid, deps.now());
      if (!found.ok) return outcome(c, found.code, `no eSIM ${iccid}`);
      const b = found.value;
      return json(c, { iccid: b.iccid, wallet: renderWallet(b.wallet), buckets: b.buckets.map(renderBucket), asOf: iso(b.asOf) });
    },
  );
}
