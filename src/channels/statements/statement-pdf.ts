/**
 * Prints statement HTML to an A4 PDF with headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core; never a downloaded browser). One browser is shared by all requests: launched
 * on first use, and closed by `closeStatementPdfBrowser()` at shutdown (playwright also closes it
 * on SIGINT/SIGTERM/SIGHUP). Each render gets its own context with JavaScript and network off.
 */
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; the server passes SIMLEDGER_CHROMIUM's value from its config instead when set. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let browser: Promise<Browser> | undefined;

function sharedBrowser(executablePath: string): Promise<Browser> {
  if (browser === undefined) {
    const launching = chromium.launch({ executablePath, args: LAUNCH_ARGS });
    browser = launching;
    launching.then(
      (b) =>
        b.on('disconnected', () => {
          if (browser === launching) browser = undefined;
        }),
      () => {
        if (browser === launching) browser = undefined;
      },
    );
  }
  return browser;
}

/** The PDF bytes of a self-contained HTML document; the first call's `chromiumPath` launches the shared browser. */
export async function renderPdf(html: string, chromiumPath: string = DEFAULT_CHROMIUM): Promise<Buffer> {
  const context = await (await sharedBrowser(chromiumPath)).newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    // Belt and braces: the document is self-contained; nothing may be fetched while printing it.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready').catch(() => undefined);
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await context.close();
  }
}

/** Closes the shared browser if one was launched (idempotent). */
export async function closeStatementPdfBrowser(): Promise<void> {
  const current = browser;
  browser = undefined;
  if (current === undefined) return;
  await (await current.catch(() => undefined))?.close();
}
