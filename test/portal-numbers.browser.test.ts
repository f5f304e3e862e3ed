/**
 * The numbers a subscriber can trust, in chromium over the demo data, in zh-Hant, ja and ar: a
 * used-up bundle stays on the card (greyed, with when it ended and what data costs now), a
 * pay-as-you-go banner, a run-out forecast and the 12-month chart with its values reachable by
 * keyboard and by tap. Each eSIM's data is used up first through the rating engine. Screenshots
 * go to screenshots/numbers-<language>.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../src/demo/demo-data.js';
import { networksOfCountry } from '../src/domain/networks.js';
import { getAccountBalances } from '../src/services/query-balances.js';
import { rateUsageBatch } from '../src/services/rate-usage-batch.js';
import { usageWindow } from '../src/services/usage-window.js';
import { hasChromium, launchChromium, missingKeys, newContext, PHONE, signIn } from './browser/chromium.js';
import { ensurePortalBuilt, startDemoServer, type DemoServer } from './browser/demo-server.js';

const SCREENSHOTS = join(process.cwd(), 'screenshots');
const LANGUAGES = [
  ['zh-Hant', 'ltr'],
  ['ja', 'ltr'],
  ['ar', 'rtl'],
] as const;

/** Uses up every data bucket of the account's first eSIM that has data left, each in a country its plan covers. */
async function useUpFirstEsim(server: DemoServer, accountId: string, nowMs: number): Promise<string> {
  const store = server.running.deps.store;
  const balances = await getAccountBalances(store, accountId, nowMs);
  if (!balances.ok) throw new Error(`no account ${accountId}`);
  const usable = (e: (typeof balances.esims)[number]) => e.buckets.filter((b) => b.kind === 'data' && (b.status === 'active' || b.status === 'not_started') && b.remaining > 0n);
  const esim = balances.esims.find((e) => usable(e).length > 0)!;
  const data = usable(esim);
  const plans = await store.db
    .selectFrom('bucket_plans')
    .select(['id', 'coverage'])
    .where('id', 'in', [...data.map((b) => b.bucketId), ''])
    .execute();
  const items = data.map((b, i) => {
    const country = (JSON.parse(plans.find((p) => p.id === b.bucketId)!.coverage) as string[])[0]!;
    const raw = {
      event_id: `numbers-${accountId}-${i}`,
      iccid: esim.iccid,
      kind: 'data',
      quantity: String(b.remaining),
      started_at: new Date(nowMs - (30 - i) * 60_000).toISOString(),
      mcc_mnc: networksOfCountry(country)[0]!.mccMnc,
    };
    return { raw, ref: i };
  });
  const rated = await rateUsageBatch(store, 'numbers-test', items, nowMs, usageWindow(nowMs, 12));
  expect(rated.map((r) => r.status)).toEqual(items.map(() => 'rated'));
  return esim.iccid;
}

describe.skipIf(!hasChromium())('numbers on the dashboard in chromium', () => {
  let server: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    ensurePortalBuilt();
    server = await startDemoServer();
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each(LANGUAGES)(
    '%s: a used-up bundle, the pay-as-you-go banner, a forecast and the 12-month chart',
    async (language, dir) => {
      const who = DEMO_LOGINS.find((l) => l.language === language)!;
      const account = server.provisioning.accounts.find((a) => a.loginPhone === who.phone)!;
      const iccid = await useUpFirstEsim(server, account.id, Date.now());
      const ctx = await newContext(browser, server.url, PHONE);
      const page = await ctx.newPage();
      await signIn(page, who.phone, who.password);
      expect(await page.locator('html').getAttribute('dir')).toBe(dir);
      const card = page.getByTestId('esim-card').filter({ hasText: iccid.slice(-8) });
      await card.getByTestId('payg-banner').waitFor();
      // The used-up bundle is still there, with when it ended and what data costs now.
      const ended = card.locator('[data-testid="ended-bucket"][data-status="used_up"]');
      expect(await ended.count()).toBeGreaterThan(0);
      expect(await ended.first().textContent()).toMatch(/[0-9٠-٩]/);
      expect(await card.getByTestId('now-charged').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('forecast').count()).toBeGreaterThan(0);

      const chart = page.getByTestId('monthly-chart');
      await chart.waitFor();
      const columns = chart.locator('rect[role="button"]');
      expect(await columns.count()).toBe(12);
      const labels = await columns.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      expect(labels.every((l) => /[0-9٠-٩]/.test(l))).toBe(true);
      // One tab stop; arrow keys move between months and the value follows (reversed right to left).
      await chart.locator('rect[tabindex="0"]').focus();
      const last = await page.getByTestId('monthly-trend').getByTestId('chart-value').textContent();
      await page.keyboard.press(dir === 'rtl' ? 'ArrowRight' : 'ArrowLeft');
      const previous = await page.getByTestId('monthly-trend').getByTestId('chart-value').textContent();
      expect(previous).not.toBe(last);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(labels[10]);
      // A tap on a column shows its value too.
      await columns.nth(3).click();
      expect(await page.getByTestId('monthly-trend').getByTestId('chart-value').textContent()).toContain(await columns.nth(3).getAttribute('data-value'));
      // Another metric: spend.
      await page.getByTestId('monthly-trend').locator('button').nth(3).click();
      await page.getByTestId('monthly-chart').locator('rect[role="button"]').first().waitFor();
      expect(await missingKeys(page)).toEqual([]);
      await page.getByTestId('monthly-trend').locator('button').nth(0).click();
      await page.getByTestId('monthly-trend').screenshot({ path: join(SCREENSHOTS, `numbers-${language}-trend.png`) });
      await card.screenshot({ path: join(SCREENSHOTS, `numbers-${language}-card.png`) });
      await page.screenshot({ path: join(SCREENSHOTS, `numbers-${language}.png`), fullPage: true });
      await ctx.close();
    },
    60_000,
  );
});
