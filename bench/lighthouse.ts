/**
 * Lighthouse 12 scores (performance, accessibility, best practices) of the signed-in dashboard, on a
 * phone (Lighthouse's mobile preset, simulated slow 4G) and a desktop, in Debian's chromium
 * (CHROME_PATH, default /usr/bin/chromium) over the demo data. Prints the scores; never a test gate.
 * Run: npm run lighthouse (builds first), or LIGHTHOUSE_LANGUAGE=ar to sign in as the Arabic demo subscriber.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { DEMO_LOGINS } from '../src/demo/demo-data.js';
import { CHROMIUM } from '../test/browser/chromium.js';
import { ensurePortalBuilt, startDemoServer } from '../test/browser/demo-server.js';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'];

async function main(): Promise<void> {
  ensurePortalBuilt();
  const language = process.env['LIGHTHOUSE_LANGUAGE'] ?? 'en';
  const who = DEMO_LOGINS.find((l) => l.language === language);
  if (!who) throw new Error(`no demo subscriber speaks ${language}`);
  const server = await startDemoServer();
  const chrome = await chromeLauncher.launch({
    chromePath: process.env['CHROME_PATH'] ?? CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    // Sign in through the browser Lighthouse drives, so the dashboard it loads is the subscriber's.
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
    const page = await browser.contexts()[0]!.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.locator('#phone').fill(who.phone);
    await page.locator('#password').fill(who.password);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL('**/dashboard');
    await page.close();
    for (const formFactor of ['mobile', 'desktop'] as const) {
      const result = await lighthouse(`${server.url}/dashboard`, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: CATEGORIES,
        disableStorageReset: true,
        ...(formFactor === 'desktop'
          ? {
              formFactor,
              screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
              throttlingMethod: 'simulate' as const,
              throttling: { rttMs: 40, throughputKbps: 10_240, cpuSlowdownMultiplier: 1, requestLatencyMs: 0, downloadThroughputKbps: 0, uploadThroughputKbps: 0 },
            }
          : {}),
      });
      if (!result) throw new Error('lighthouse returned nothing');
      const lhr = result.lhr;
      const scores = CATEGORIES.map((c) => `${lhr.categories[c]?.title ?? c} ${Math.round((lhr.categories[c]?.score ?? 0) * 100)}`).join(', ');
      const failed = Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === 'binary')
        .map((a) => a.id);
      console.log(`[lighthouse] ${language} dashboard, ${formFactor}: ${scores}`);
      console.log(
        `[lighthouse]   final URL ${lhr.finalDisplayedUrl}; LCP ${lhr.audits['largest-contentful-paint']?.displayValue}, TBT ${lhr.audits['total-blocking-time']?.displayValue}, CLS ${lhr.audits['cumulative-layout-shift']?.displayValue}`,
      );
      if (failed.length > 0) console.log(`[lighthouse]   failed checks: ${failed.join(', ')}`);
    }
    await browser.close();
  } finally {
    chrome.kill();
    await server.stop();
  }
}

await main();
