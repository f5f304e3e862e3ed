/**
 * The portal's alert inbox in Debian's chromium against a real server (its delivery worker
 * running): usage rated through the server's store raises an alert, the menu shows the unread
 * badge, the inbox lists it in the account's language (English, then Arabic right-to-left), and
 * marking all read clears the badge. Also: the Alerts page offers e-mail only once verified.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../src/demo/demo-data.js';
import { rateUsageBatch } from '../src/services/rate-usage-batch.js';
import { usageWindow } from '../src/services/usage-window.js';
import { hasChromium, launchChromium, missingKeys, newContext, signIn } from './browser/chromium.js';
import { ensurePortalBuilt, startDemoServer, type DemoServer } from './browser/demo-server.js';

const HK = DEMO_LOGINS.find((l) => l.phone === '+85291234567')!;
const SCREENSHOTS = join(process.cwd(), 'screenshots');

describe.skipIf(!hasChromium())('the alert inbox in chromium', () => {
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const api = (path: string, method = 'GET', body?: unknown) =>
    page.evaluate(
      async ([p, m, b]) => {
        const csrf = ((await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string }).csrfToken;
        const res = await fetch(p as string, { method: m as string, headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, ...(b === undefined ? {} : { body: JSON.stringify(b) }) });
        return { status: res.status, body: (await res.json()) as Record<string, any> };
      },
      [path, method, body] as const,
    );

  beforeAll(async () => {
    ensurePortalBuilt();
    server = await startDemoServer();
    browser = await launchChromium();
    context = await newContext(browser, server.url);
    page = await context.newPage();
    await signIn(page, HK.phone, HK.password);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows a new alert with an unread badge, in the inbox, until marked read', async () => {
    // Mark whatever the demo's usage raised as read: the alert below is the one to see (in English).
    await page.goto('/inbox');
    await page.locator('main h1').waitFor();
    expect((await api('/api/v1/me', 'PATCH', { language: 'en' })).status).toBe(200);
    expect((await api('/api/v1/alerts/inbox/read', 'POST', {})).status).toBe(200);
    // Use up one of the account's Hong Kong data bundles: the 100 % alert is urgent.
    const store = server.running.deps.store;
    const now = Date.now();
    const bundle = await store.db
      .selectFrom('buckets as b')
      .innerJoin('esims as e', 'e.iccid', 'b.iccid')
      .select(['b.id', 'b.remaining', 'b.coverage', 'e.imsi'])
      .where('e.account_id', '=', HK.accountId)
      .where('b.kind', '=', 'data')
      .where('b.remaining', '>', 0)
      .where('b.valid_from', '<=', now - 60_000)
      .where('b.valid_to', '>', now)
      .execute();
    const hk = bundle.find((b) => (JSON.parse(b.coverage) as string[]).includes('HK'))!;
    const raw = { event_id: `inbox-${now}`, imsi: hk.imsi, kind: 'data', started_at: new Date(now - 60_000).toISOString(), quantity: String(hk.remaining), mcc_mnc: '45400' };
    expect((await rateUsageBatch(store, 'inbox-test', [{ raw, ref: 0 }], now, usageWindow(now, 12)))[0]?.status).toBe('rated');
    // The server's worker fans it out after the commit; the badge counts it on the next page.
    await expect.poll(async () => (await api('/api/v1/alerts/unread')).body['unread'], { timeout: 10_000 }).toBeGreaterThan(0);
    await page.goto('/dashboard');
    const badge = page.getByTestId('unread-badge').first();
    await badge.waitFor();
    const unread = (await api('/api/v1/alerts/unread')).body['unread'] as number;
    expect(await badge.textContent()).toBe(String(unread));
    await page.goto('/inbox');
    const newest = page.locator('ul.inbox li').first();
    await newest.waitFor();
    expect(await newest.getAttribute('class')).toContain('unread');
    expect(await newest.locator('p').textContent()).toMatch(/ is used up\. Further use is charged to your balance\.$/);
    expect(await missingKeys(page)).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'alerts-inbox-en.png'), fullPage: true });
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await page.locator('ul.inbox li.unread').first().waitFor({ state: 'detached' });
    await page.goto('/dashboard');
    await page.locator('[data-testid="esim-card"]').first().waitFor();
    expect(await page.getByTestId('unread-badge').count()).toBe(0);
  }, 60_000);

  it('reads the inbox in Arabic, right to left', async () => {
    expect((await api('/api/v1/me', 'PATCH', { language: 'ar' })).status).toBe(200);
    await page.goto('/inbox');
    await page.locator('ul.inbox li').first().waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('main h1').textContent()).toBe('صندوق التنبيهات');
    expect(await page.locator('ul.inbox li p').first().textContent()).toMatch(/^تم استنفاد .+\. يُخصم الاستخدام الإضافي من رصيدك\.$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'alerts-inbox-ar.png'), fullPage: true });
    expect(await missingKeys(page)).toEqual([]);
  }, 60_000);

  it('offers e-mail on the Alerts page only once an address is verified', async () => {
    await api('/api/v1/me', 'PATCH', { language: 'en' });
    await page.goto('/alerts');
    await page.locator('main form').first().waitFor();
    const labels = await page.locator('main fieldset label.check').allTextContents();
    expect(labels.map((l) => l.trim())).toEqual(['SMS', 'Inbox in this portal']);
  }, 60_000);
});
