/**
 * The portal as a subscriber of each language meets it on a 360 px phone and a 1280 px desktop:
 * no sideways scroll, every page reached from the navigation, 44 px touch targets, pickers in the
 * portal's language, axe-core with no serious or critical violation, the help page's contact
 * points; downloads of records and transactions; installable with the last balances offline.
 * Writes screenshots of dashboard, records and help to screenshots/ (not committed).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../src/demo/demo-data.js';
import { DESKTOP, hasChromium, launchChromium, missingKeys, newContext, signIn } from './browser/chromium.js';
import { ensurePortalBuilt, startDemoServer, type DemoServer } from './browser/demo-server.js';
import { keysOf } from './browser/i18n-keys.js';

const LANGUAGES = ['en', 'zh-Hant', 'zh-Hans', 'ja', 'ko', 'ru', 'ar'] as const;
const SMALL_PHONE = { width: 360, height: 740 } as const;
const SCREENSHOTS = join(process.cwd(), 'screenshots');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** The bottom bar on a phone; the rest sit behind "More". */
const PRIMARY = ['/dashboard', '/records', '/top-up', '/help'];
const SECONDARY = ['/statements', '/transactions', '/plans', '/alerts', '/profile'];
const SHOT = new Set(['/dashboard', '/records', '/help']);
/**
 * axe takes seconds a page here: every page in English and Arabic (left-to-right and right-to-left),
 * the help page (the most text) and the dashboard in the other languages; on a desktop, the screenshot pages.
 */
const axeOn = (language: string, phone: boolean, href: string) =>
  phone ? language === 'en' || language === 'ar' || href === '/help' || href === '/dashboard' : (language === 'en' || language === 'ar') && SHOT.has(href);

const loginOf = (language: string) => DEMO_LOGINS.find((l) => l.language === language)!;

async function go(page: Page, href: string, phone: boolean): Promise<void> {
  if (phone && SECONDARY.includes(href)) {
    await page.locator('nav.site .more button').click();
    await page.locator(`nav.site .secondary a[href="${href}"]`).click();
  } else {
    await page.locator(`nav.site a[href="${href}"]`).click();
  }
  await page.waitForURL(`**${href}`);
  await page.locator('main h1').waitFor();
  await expect.poll(() => page.locator('main [role="status"].muted').count()).toBe(0);
}

async function overflow(page: Page): Promise<{ scroll: number; viewport: number }> {
  return page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
}

/** Serious and critical axe violations, as "rule: target" lines. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** Buttons, links styled as buttons, selects and inputs lower than 44 px on the page. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('nav.site a, nav.site button, main button, main a.button, main select, main input:not([type="checkbox"]), main summary, header button')]
      .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().height < 43.5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} "${(e.textContent ?? '').trim().slice(0, 20)}" ${Math.round(e.getBoundingClientRect().height)}px`),
  );
}

describe('the help, menu and transactions strings', () => {
  const load = (language: string) => JSON.parse(readFileSync(join(process.cwd(), 'portal', 'src', 'i18n', 'extra', `${language}.json`), 'utf8')) as object;
  const english = keysOf(load('en')).sort();

  it.each(LANGUAGES)('%s has every key of en, none extra and none empty, and no placeholder', (language) => {
    const file = load(language);
    expect(keysOf(file).sort()).toEqual(english);
    const values = keysOf(file).map((k) => k.split('.').reduce<unknown>((v, p) => (v as Record<string, unknown>)[p], file) as string);
    expect(values.filter((v) => v.trim() === '')).toEqual([]);
    // Values are composed in JSX, not interpolated, whichever message syntax the main files use.
    expect(values.filter((v) => /\{/.test(v))).toEqual([]);
  });
});

describe.skipIf(!hasChromium())('the portal on a phone and a desktop', () => {
  let server: DemoServer;
  let browser: Browser;

  beforeAll(async () => {
    ensurePortalBuilt();
    server = await startDemoServer();
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it.each(LANGUAGES)(
    '%s: every page fits 360 and 1280 px, is reached from the navigation and passes axe',
    async (language) => {
      const who = loginOf(language);
      const context = await newContext(browser, server.url, SMALL_PHONE);
      const page = await context.newPage();
      await signIn(page, who.phone, who.password);
      expect(await page.locator('html').getAttribute('lang')).toBe(language);
      for (const [name, viewport] of [
        ['phone', SMALL_PHONE],
        ['desktop', DESKTOP],
      ] as const) {
        await page.setViewportSize(viewport);
        const phone = name === 'phone';
        for (const href of [...PRIMARY, ...SECONDARY]) {
          await go(page, href, phone);
          const where = `${language} ${name} ${href}`;
          const size = await overflow(page);
          expect(size.scroll, `${where}: page wider than the screen`).toBe(size.viewport);
          if (phone) expect(await smallTargets(page), where).toEqual([]);
          if (axeOn(language, phone, href)) expect(await axeViolations(page), where).toEqual([]);
          // The records page's cards sit below its filters: the whole page on a phone.
          if (SHOT.has(href)) await page.screenshot({ path: join(SCREENSHOTS, `${href.slice(1)}-${language}-${name}.png`), fullPage: phone && href === '/records' });
        }
        // Records: cards on a phone, a table on a desktop; the date picker in the portal's language.
        await go(page, '/records', phone);
        await page.locator('table.records tbody tr').first().waitFor();
        expect(
          await page
            .locator('table.records tbody tr')
            .first()
            .evaluate((tr) => getComputedStyle(tr).display),
        ).toBe(phone ? 'block' : 'table-row');
        const january = new Intl.DateTimeFormat(language === 'ar' ? 'ar-OM' : language, { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2026, 0, 1));
        expect(await page.locator('#f-from-month option[value="01"]').textContent()).toBe(january);
        expect(await page.locator('#f-from').getAttribute('lang')).toBe(language);
      }
      expect(await missingKeys(page), language).toEqual([]);
      await context.close();
    },
    120_000,
  );

  it("shows the operator's SMS keywords, USSD code and hotline on the help page, also before sign-in", async () => {
    const context = await newContext(browser, server.url, SMALL_PHONE);
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.locator('main a[href="/help"]').click();
    await page.getByTestId('hotline').waitFor();
    expect(await page.getByTestId('sms-short-code').textContent()).toBe('8383');
    expect(await page.getByTestId('ussd-code').textContent()).toBe('*100#');
    expect(await page.getByTestId('hotline').getAttribute('href')).toBe('tel:+85230083838');
    await signIn(page, loginOf('ja').phone, loginOf('ja').password);
    await go(page, '/help', true);
    await page.getByTestId('hotline').waitFor();
    expect(await page.locator('table.keywords').textContent()).toContain('残高');
    expect(await page.getByTestId('hotline-hours').textContent()).toMatch(/月曜日.*日曜日.*09:00.*21:00/);
    expect(await page.locator('.faq details').count()).toBe(6);
    await context.close();
  });

  it("puts totals on each month's statement card, and downloads records and transactions with the page's filters", async () => {
    const who = loginOf('ru');
    const context = await newContext(browser, server.url, SMALL_PHONE);
    const page = await context.newPage();
    await signIn(page, who.phone, who.password);
    await go(page, '/statements', true);
    await page.locator('.statements li').first().waitFor();
    expect(await page.locator('.statements li [data-testid="closing"]').count()).toBe(await page.locator('.statements li').count());
    await go(page, '/records', true);
    await page.locator('#f-kind').selectOption('voice');
    await page.locator('form.filters button[type="submit"]').click();
    await expect.poll(() => page.getByTestId('records-csv').getAttribute('href')).toContain('kind=voice');
    const [records] = await Promise.all([page.waitForEvent('download'), page.getByTestId('records-csv').click()]);
    const csv = readFileSync((await records.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toMatch(/^Дата/);
    // Each row is a call, named as the catalogue's record.usage names it ("Входящий звонок", "Исходящий звонок").
    expect(csv.length).toBeGreaterThan(1);
    expect(csv.slice(1).every((row) => /(Входящий|Исходящий) звонок/.test(row))).toBe(true);
    await go(page, '/transactions', true);
    await page.locator('table.transactions tbody tr').first().waitFor();
    const [ledger] = await Promise.all([page.waitForEvent('download'), page.getByTestId('transactions-csv').click()]);
    const rows = readFileSync((await ledger.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(rows.length).toBeGreaterThan(1);
    await context.close();
  });

  // Last: it stops the server to show the offline view.
  it('is installable, and shows the last balances with their time when the server cannot be reached', async () => {
    const manifest = (await (await fetch(`${server.url}/manifest.webmanifest`)).json()) as { icons: { src: string; sizes: string }[]; start_url: string; display: string };
    expect(manifest).toMatchObject({ start_url: '/dashboard', display: 'standalone' });
    for (const icon of manifest.icons) {
      const png = Buffer.from(await (await fetch(server.url + icon.src)).arrayBuffer());
      expect(png.readUInt32BE(16), icon.src).toBe(Number(icon.sizes.split('x')[0]));
    }
    const who = loginOf('zh-Hant');
    const context = await newContext(browser, server.url, SMALL_PHONE);
    const page = await context.newPage();
    await signIn(page, who.phone, who.password);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await page.getByTestId('wallet-balance').waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const cdp = await context.newCDPSession(page);
    // A test browser context is incognito-like, which Chromium names as the only thing in the way.
    const errors = (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors.map((e) => e.errorId);
    expect(errors.filter((e) => e !== 'in-incognito')).toEqual([]);
    const balance = await page.getByTestId('wallet-balance').textContent();
    await server.stop();
    await page.reload();
    await page.getByTestId('offline').waitFor();
    expect(await page.getByTestId('wallet-balance').textContent()).toBe(balance);
    expect(await page.locator('[data-testid="offline"] time').count()).toBe(1);
    const size = await overflow(page);
    expect(size.scroll).toBe(size.viewport);
    await context.close();
  });
});
