/**
 * The example aggregator (examples/aggregator) in Debian's chromium against a real server: the
 * traveller connects, signs in on the portal's consent screen, picks eSIMs and sees their remaining
 * data and recent usage; an expired token is refreshed; revoking the app in the portal cuts it off
 * on its next call; a second subscriber's consent shows only that subscriber's eSIM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOauthClient } from '../src/services/oauth/oauth-clients.js';
import { IVAN, MEI, startOauthWorld, type OauthWorld } from '../src/testing/oauth-world.js';
import { TEST_DIALECTS } from '../src/testing/test-stores.js';
import { hasChromium, launchChromium } from './browser/chromium.js';
import { ensurePortalBuilt } from './browser/demo-server.js';
// @ts-expect-error plain JavaScript example, run as the documentation says
import { startAggregator } from '../examples/aggregator/aggregator.mjs';

interface Aggregator {
  url: string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      })
      .once('error', reject);
  });
}

describe.skipIf(!hasChromium()).each(TEST_DIALECTS)('the example aggregator in chromium on %s', (dialect) => {
  let w: OauthWorld;
  let app: Aggregator;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    ensurePortalBuilt();
    w = await startOauthWorld(dialect);
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/callback`;
    const c = await createOauthClient(w.running.deps.store, { name: 'Travel Data Hub', redirectUris: [redirectUri], confidential: true }, Date.now());
    if (!c.ok || !c.clientSecret) throw new Error('client not created');
    dir = mkdtempSync(join(tmpdir(), 'simledger-aggregator-'));
    app = (await startAggregator({ issuer: w.url, clientId: c.clientId, clientSecret: c.clientSecret, port, redirectUri, tokenFile: join(dir, 'tokens.json') })) as Aggregator;
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await w?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** From the app's "connect" link through the portal's sign-in and consent back to the app. */
  async function connect(page: Page, who: typeof MEI | typeof IVAN, pick: readonly string[]): Promise<string[]> {
    await page.goto(app.url);
    await page.locator('#connect').click();
    await page.waitForURL('**/oauth/consent/**');
    await page.locator('#phone').fill(who.phone);
    await page.locator('#password').fill(who.password);
    await page.locator('form button[type="submit"]').click();
    await page.getByTestId('consent-allow').waitFor();
    const offered = await page.locator('input[name="iccid"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    for (const iccid of pick) await page.locator(`input[name="iccid"][value="${iccid}"]`).check();
    await page.getByTestId('consent-allow').click();
    await page.waitForURL(`${app.url}/`);
    return offered;
  }

  it("connects Mei's eSIMs, refreshes, and is cut off when she revokes it in the portal", async () => {
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const offered = await connect(page, MEI, MEI.esims);
    expect(offered).toEqual([...MEI.esims]);
    await page.locator('#connected').waitFor();
    expect(await page.locator('section.esim').evaluateAll((s) => s.map((e) => e.getAttribute('data-iccid')))).toEqual([...MEI.esims]);
    expect(await page.locator(`section[data-iccid="${MEI.esims[0]}"] .remaining`).textContent()).toBe('Remaining data: 1748.0 MB');
    expect(await page.locator(`section[data-iccid="${MEI.esims[1]}"] .remaining`).textContent()).toBe('Remaining data: 1998.0 MB');
    expect(await page.locator(`section[data-iccid="${MEI.esims[0]}"] li`).first().textContent()).toContain('HK 300.0 MB');

    // The access token expires: the app refreshes (the refresh token rotates) and still shows the data.
    const db = w.running.deps.store.db;
    await db
      .updateTable('oidc_models')
      .set({ expires_at: Date.now() - 1000 })
      .where('model', '=', 'AccessToken')
      .execute();
    await page.reload();
    await expect.poll(() => page.locator('#connected').textContent()).toContain('refreshed 1 times');

    // The portal (same browser, already signed in) lists the app and revokes it.
    await page.goto(`${w.url}/apps`);
    const card = page.getByTestId('connected-app');
    await card.waitFor();
    expect(await card.textContent()).toContain('Travel Data Hub');
    expect(await card.textContent()).toContain('Itemised usage records');
    await page.getByTestId('revoke-app').click();
    await page.getByTestId('no-apps').waitFor();
    await page.goto(app.url);
    await page.locator('#revoked').waitFor();

    // The eSIM page shows the identifiers an app or support may ask for.
    await page.goto(`${w.url}/esims/${MEI.esims[0]}`);
    expect(await page.getByTestId('esim-imsi').textContent()).toBe('454001000000011');
    expect(await page.getByTestId('esim-iccid').textContent()).toBe(MEI.esims[0]);
    await context.close();
  }, 120_000);

  it("a second subscriber's consent shows only that subscriber's eSIMs", async () => {
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    const offered = await connect(page, IVAN, IVAN.esims);
    expect(offered).toEqual([...IVAN.esims]);
    await page.locator('#connected').waitFor();
    expect(await page.locator('section.esim').evaluateAll((s) => s.map((e) => e.getAttribute('data-iccid')))).toEqual([...IVAN.esims]);
    expect(await page.locator('section.esim .remaining').textContent()).toBe('Remaining data: 924.0 MB');
    await context.close();
  }, 120_000);
});
