/**
 * The portal's figures for `npm run bench`: time until the dashboard's first eSIM card is on
 * screen (the app's performance mark `first-esim-card`, from navigation start, warm HTTP cache
 * and cold), and the gzip size of the JavaScript shipped in dist/portal/assets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { hasChromium, launchChromium, newContext, signIn } from '../test/browser/chromium.js';
import { ensurePortalBuilt, startDemoServer } from '../test/browser/demo-server.js';

const RUNS = Number(process.env['BENCH_PORTAL_RUNS'] ?? 7);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export function portalJsSizes(dir: string): { files: number; rawBytes: number; gzipBytes: number; entryGzipBytes: number } {
  const assets = join(dir, 'assets');
  const entry = /src="\/assets\/([^"]+\.js)"/.exec(readFileSync(join(dir, 'index.html'), 'utf8'))?.[1];
  let rawBytes = 0;
  let gzipBytes = 0;
  let entryGzipBytes = 0;
  const files = readdirSync(assets).filter((f) => f.endsWith('.js'));
  for (const f of files) {
    const body = readFileSync(join(assets, f));
    const gz = gzipSync(body, { level: 9 }).length;
    rawBytes += body.length;
    gzipBytes += gz;
    if (f === entry) entryGzipBytes = gz;
  }
  return { files: files.length, rawBytes, gzipBytes, entryGzipBytes };
}

export async function benchPortal(): Promise<void> {
  const dir = ensurePortalBuilt();
  const size = portalJsSizes(dir);
  const kb = (n: number) => (n / 1024).toFixed(1);
  console.log(
    `\n[portal] JavaScript: ${size.files} files, ${kb(size.rawBytes)} KiB, gzip ${kb(size.gzipBytes)} KiB in all; ` +
      `entry chunk gzip ${kb(size.entryGzipBytes)} KiB (one language file and the QR chunk load on demand)`,
  );
  if (!hasChromium()) {
    console.log('[portal] first meaningful paint: skipped (no /usr/bin/chromium)');
    return;
  }
  const server = await startDemoServer();
  const browser = await launchChromium();
  try {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    await signIn(page, '+85291234567', 'demo-hk-1234');
    const measure = async () => {
      await page.goto('/dashboard');
      await page.locator('[data-testid="esim-card"]').first().waitFor();
      await page.waitForFunction(() => performance.getEntriesByName('first-esim-card').length > 0);
      return page.evaluate(() => performance.getEntriesByName('first-esim-card')[0]!.startTime);
    };
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) warm.push(await measure());
    const cold: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.clearBrowserCache');
      await cdp.detach();
      cold.push(await measure());
    }
    console.log(
      `[portal] dashboard first eSIM card (loopback, demo data, ${RUNS} runs): median ${median(cold).toFixed(0)} ms with an empty cache, ` +
        `${median(warm).toFixed(0)} ms with a warm cache (min ${Math.min(...warm).toFixed(0)} ms)`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}
