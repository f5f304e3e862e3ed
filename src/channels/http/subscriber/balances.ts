/** Wallet and buckets: the whole account, or one of its lines, with the time they were read. */
import { createRoute, z } from '@hono/zod-openapi';
import { getAccountBalances } from '../../../services/query-balances.js';
import { getOwnLineBalance } from '../../../services/query-account.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { consentedIccids, mayReadEsim, requireReader } from '../oauth/bearer.js';
import {
  accountIdOf, Bucket, errors, handle, IccidParams, Instant, iso, jsonContent, outcome, renderBucket, renderWallet, subscriberRoute, Wallet,
} from './kit.js';

const LineBalance = z.object({ iccid: z.string(), wallet: Wallet, buckets: z.array(Bucket), asOf: Instant }).openapi('LineBalance');
const AccountBalances = z.object({
  wallet: Wallet, esims: z.array(z.object({ iccid: z.string(), buckets: z.array(Bucket) })), asOf: Instant,
}).openapi('AccountBalances');

export function balanceRoutes(app: App, deps: AppDeps): void {
  const guard = requireReader(deps, 'balance:read');
  handle(app, createRoute(subscriberRoute(guard, {
    method: 'get', path: '/api/v1/balances', summary: 'The wallet and every eSIM\'s buckets',
    responses: { 200: jsonContent(AccountBalances, 'balances as of `asOf`'), ...errors() },
  })), async (c) => {
    const b = await getAccountBalances(deps.store, accountIdOf(c), deps.now());
    if (!b.ok) return outcome(c, 'not_found', 'the account is gone');
    const allowed = consentedIccids(c);
    return json(c, {
      wallet: renderWallet(b.wallet), esims: b.esims.filter((e) => allowed === undefined || allowed.includes(e.iccid)).map((e) => ({ iccid: e.iccid, buckets: e.buckets.map(renderBucket) })), asOf: iso(b.asOf),
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
