/** Wallet and buckets: the whole account, or one of its lines, with the time they were read. */
import { createRoute, z } from '@hono/zod-openapi';
import { getAccountOutlook } from '../../../services/account-outlook.js';
import { getOwnLineBalance } from '../../../services/query-account.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { EsimBalance, renderEsimBalance, renderForecast, RunOutForecast } from './outlook.js';
import { consentedIccids, mayReadEsim, requireReader } from '../oauth/bearer.js';
import {
  accountIdOf, Bucket, errors, handle, IccidParams, Instant, iso, jsonContent, outcome, renderBucket, renderWallet, subscriberRoute, Wallet,
} from './kit.js';

const LineBalance = z.object({ iccid: z.string(), wallet: Wallet, buckets: z.array(Bucket), asOf: Instant }).openapi('LineBalance');
const AccountBalances = z.object({
  wallet: Wallet.extend({ forecast: RunOutForecast }), esims: z.array(EsimBalance), asOf: Instant,
  timeZone: z.string().openapi({ description: 'the account\'s IANA zone, in which days (and the forecasts\' pace) are counted' }),
}).openapi('AccountBalances');

export function balanceRoutes(app: App, deps: AppDeps): void {
  const guard = requireReader(deps, 'balance:read');
  handle(app, createRoute(subscriberRoute(guard, {
    method: 'get', path: '/api/v1/balances', summary: 'The wallet and every eSIM\'s buckets',
    responses: { 200: jsonContent(AccountBalances, 'balances as of `asOf`'), ...errors() },
  })), async (c) => {
    const b = await getAccountOutlook(deps.store, accountIdOf(c), deps.now());
    if (!b.ok) return outcome(c, 'not_found', 'the account is gone');
    const allowed = consentedIccids(c);
    return json(c, {
      wallet: { ...renderWallet(b.wallet), forecast: renderForecast(b.walletForecast) },
      esims: b.esims.filter((e) => allowed === undefined || allowed.includes(e.iccid)).map(renderEsimBalance),
      asOf: iso(b.asOf), timeZone: b.timeZone,
    });
  });

  handle(app, createRoute(subscriberRoute(guard, {
    method: 'get', path: '/api/v1/esims/{iccid}/balance', summary: 'One eSIM\'s buckets and the wallet',
    request: { params: IccidParams },
    responses: { 200: jsonContent(LineBalance, 'the line\'s balance as of `asOf`'), ...errors(400, 404) },
  })), async (c) => {
    const { iccid } = c.req.valid('param');
    if (!mayReadEsim(c, iccid)) return outcome(c, 'unknown_esim', `no eSIM ${iccid}`);
    const found = await getOwnLineBalance(deps.store, accountIdOf(c), iccid, deps.now());
    if (!found.ok) return outcome(c, found.code, `no eSIM ${iccid}`);
    const b = found.value;
    return json(c, { iccid: b.iccid, wallet: renderWallet(b.wallet), buckets: b.buckets.map(renderBucket), asOf: iso(b.asOf) });
  });
}
