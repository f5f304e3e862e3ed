/** Debian's chromium driven by playwright-core (no downloaded browser), and the portal's sign-in. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

export async function newContext(browser: Browser, baseURL: string, viewport: { width: number; height: number } = PHONE): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport, acceptDownloads: true, locale: 'en-US', timezoneId: 'UTC' });
}

/** Signs in with phone + password on the portal's sign-in page and waits for the dashboard's first eSIM card. */
export async function signIn(page: Page, phone: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.locator('#phone').fill(phone);
  await page.locator('#password').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL('**/dashboard');
  await page.locator('[data-testid="esim-card"]').first().waitFor();
}

/** i18n keys the page asked for and the language did not have (collected by the app's missingKeyHandler). */
export function missingKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as { __i18nMissing?: string[] }).__i18nMissing ?? ['<i18n not initialised>']);
}
