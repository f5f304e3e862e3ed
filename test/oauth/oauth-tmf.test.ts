/**
 * The TMF reads with an app's access token, on a real server on both databases: within the
 * read's scope, the token's account and the eSIMs the subscriber consented to (any other is
 * "not found"); writes stay the operator's; an operator key reads everything as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/api-keys.js';
import { createOauthClient } from '../../src/services/oauth/oauth-clients.js';
import { consent, CookieAgent, pkcePair, portalSignIn, startAuthorization, tokenRequest } from '../../src/testing/oauth-agent.js';
import { IVAN, MEI, startOauthWorld, type OauthWorld } from '../../src/testing/oauth-world.js';
import { TEST_DIALECTS } from '../../src/testing/test-stores.js';

const REDIRECT = 'http://127.0.0.1:7777/callback';
const PREPAY = '/tmf-api/prepayBalanceManagement/v4';
const USAGE = '/tmf-api/usageManagement/v4';
const CONSUMPTION = '/tmf-api/usageConsumption/v4';
type Item = Record<string, any>;

describe.each(TEST_DIALECTS)('TMF reads with an app token on %s', (dialect) => {
  let w: OauthWorld;
  let client: { id: string; secret: string };
  let operator: string;

  const call = async (path: string, bearer: string, init: RequestInit = {}) => {
    const res = await fetch(`${w.url}${path}`, { ...init, headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' } });
    return { status: res.status, body: (await res.json()) as any };
  };
  const ids = (items: Item[]) => items.map((i) => String(i['id'])).sort();
  const lineOf = (b: Item) => b['logicalResource']?.[0]?.id as string | undefined;

  /** Mei consents to `iccids` with `scope`: the app's access token. */
  async function tokenFor(scope: string, iccids: readonly string[]): Promise<string> {
    const agent = new CookieAgent(w.url);
    const { verifier, challenge } = pkcePair();
    const started = await startAuthorization(agent, { clientId: client.id, redirectUri: REDIRECT, scope }, challenge);
    if (!('uid' in started)) throw new Error(`refused: ${started.refused.status}`);
    const back = await consent(agent, started.uid, await portalSignIn(agent, MEI.phone, MEI.password), iccids);
    const t = await tokenRequest(w.url, { grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: REDIRECT, code_verifier: verifier }, client);
    return String(t.body['access_token']);
  }

  beforeAll(async () => {
    w = await startOauthWorld(dialect);
    const store = w.running.deps.store;
    const c = await createOauthClient(store, { name: 'Travel Data Hub', redirectUris: [REDIRECT], confidential: true }, Date.now());
    if (!c.ok || !c.clientSecret) throw new Error('client not created');
    client = { id: c.clientId, secret: c.clientSecret };
    operator = (await createApiKey(store, { name: 'tmf', scopes: ['tmf:read', 'tmf:write'] }, Date.now())).secret;
  }, 60_000);
  afterAll(async () => {
    await w?.stop();
  });

  it("balance:read reads TMF654 buckets of the consented eSIM and the account's wallet only", async () => {
    const token = await tokenFor('openid balance:read', [MEI.esims[0]]);
    const all = await call(`${PREPAY}/bucket`, operator);
    expect(all.status).toBe(200);
    const plans = (iccid: string) => (all.body as Item[]).filter((b) => lineOf(b) === iccid);
    expect(plans(MEI.esims[0]).length).toBeGreaterThan(0);
    expect(plans(MEI.esims[1]).length).toBeGreaterThan(0);

    const mine = await call(`${PREPAY}/bucket`, token);
    expect(mine.status).toBe(200);
    expect(ids(mine.body)).toEqual(ids([...plans(MEI.esims[0]), { id: MEI.accountId }]));
    // Asking for the other eSIM or another account: an empty list, not theirs.
    expect((await call(`${PREPAY}/bucket?logicalResource.id=${MEI.esims[1]}`, token)).body).toEqual([]);
    expect((await call(`${PREPAY}/bucket?partyAccount.id=${IVAN.accountId}`, token)).body).toEqual([]);

    expect((await call(`${PREPAY}/bucket/${plans(MEI.esims[0])[0]!['id']}`, token)).status).toBe(200);
    for (const other of [plans(MEI.esims[1])[0]!['id'], plans(IVAN.esims[0])[0]!['id'], IVAN.accountId]) {
      const r = await call(`${PREPAY}/bucket/${other}`, token);
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ code: 'unknown_bucket', reason: expect.any(String) });
    }

    const balance = await call(`${PREPAY}/accumulatedBalance/${MEI.accountId}`, token);
    expect(balance.status).toBe(200);
    expect(ids(balance.body['bucket'])).toEqual(ids(mine.body));
    expect((await call(`${PREPAY}/accumulatedBalance/${IVAN.accountId}`, token)).status).toBe(404);
    expect(ids((await call(`${PREPAY}/accumulatedBalance`, token)).body)).toEqual([MEI.accountId]);
    // Without usage:read, the consumption report is refused.
    expect((await call(`${CONSUMPTION}/usageConsumptionReport`, token)).status).toBe(403);
  });

  it("TMF635 usage needs usage:read:records, and then lists only the consented eSIM's usages", async () => {
    const without = await tokenFor('openid balance:read usage:read', [MEI.esims[0]]);
    const refused = await call(`${USAGE}/usage`, without);
    expect(refused.status).toBe(403);

    const token = await tokenFor('openid usage:read:records', [MEI.esims[0]]);
    const mine = await call(`${USAGE}/usage`, token);
    expect(mine.status).toBe(200);
    expect(mine.body.length).toBeGreaterThan(0);
    const iccidOf = (u: Item) => (u['usageCharacteristic'] as Item[]).find((ch) => ch['name'] === 'iccid')?.['value'];
    expect(new Set((mine.body as Item[]).map(iccidOf))).toEqual(new Set([MEI.esims[0]]));

    const all = (await call(`${USAGE}/usage`, operator)).body as Item[];
    const others = all.filter((u) => u['status'] === 'rated' && iccidOf(u) !== MEI.esims[0]);
    expect(new Set(others.map(iccidOf))).toEqual(new Set([MEI.esims[1], IVAN.esims[0]]));
    for (const u of others) expect((await call(`${USAGE}/usage/${u['id']}`, token)).status).toBe(404);
    expect((await call(`${USAGE}/usage?id=${others[0]!['id']}`, token)).body).toEqual([]);
    expect((await call(`${USAGE}/usage/${mine.body[0]['id']}`, token)).status).toBe(200);
  });

  it('usage:read reads the TMF677 report of the consented eSIM only', async () => {
    const token = await tokenFor('openid usage:read', [MEI.esims[1]]);
    const reports = await call(`${CONSUMPTION}/usageConsumptionReport`, token);
    expect(reports.status).toBe(200);
    expect(ids(reports.body)).toEqual([MEI.esims[1]]);
    expect((await call(`${CONSUMPTION}/usageConsumptionReport/${MEI.esims[1]}`, token)).status).toBe(200);
    expect((await call(`${CONSUMPTION}/usageConsumptionReport/${MEI.esims[0]}`, token)).status).toBe(404);
    expect((await call(`${CONSUMPTION}/usageConsumptionReport/${IVAN.esims[0]}`, token)).status).toBe(404);
    expect((await call(`${CONSUMPTION}/queryUsageConsumption`, token)).status).toBe(401);
  });

  it('refuses TMF writes with an app token; the operator key still reads every account', async () => {
    const token = await tokenFor('openid esims:read balance:read usage:read usage:read:records', [...MEI.esims]);
    const topup = { bucket: [{ id: MEI.accountId }], amount: { amount: 10, units: 'HKD' } };
    const r = await call(`${PREPAY}/topupBalance`, token, { method: 'POST', body: JSON.stringify(topup) });
    expect([401, 403]).toContain(r.status);
    expect((await call(`${USAGE}/usage`, token, { method: 'POST', body: JSON.stringify({ usageType: 'data' }) })).status).toBe(401);

    const accounts = ids((await call(`${PREPAY}/accumulatedBalance`, operator)).body);
    expect(accounts).toEqual(expect.arrayContaining([MEI.accountId, IVAN.accountId]));
    const lines = ids((await call(`${CONSUMPTION}/usageConsumptionReport`, operator)).body);
    expect(lines).toEqual(expect.arrayContaining([...MEI.esims, IVAN.esims[0]]));
  });
});
