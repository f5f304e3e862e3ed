// `npm run test:unit`: the tests that need neither PostgreSQL nor Debian packages (Chromium, Kannel)
// nor a built dist/. A test file is a unit test when it reaches none of the kits or drivers below,
// so a new pure test joins by itself and a test that opens a database leaves by itself.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** What a test imports or starts when it needs a database, a browser, a gateway or the built command. */
const NEEDS_OUTSIDE = [
  /testing\/(test-stores|test-app|scenario|synthetic-world|list-world|oauth-world|oauth-agent|auth-test-kit|statement-test-world)\.js/,
  /store\/open-store\.js/,
  /from 'pg'/,
  /playwright-core|statement-pdf\.js|chromium/,
  /smpp|kannel-real/,
  /\bdist\b/,
];

function testFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(dir, f));
}

const unitTests = [...testFilesUnder('src'), ...testFilesUnder('test')].filter((file) => !NEEDS_OUTSIDE.some((pattern) => pattern.test(readFileSync(file, 'utf8')))).sort();

export default defineConfig({
  test: {
    include: unitTests,
    testTimeout: 60_000,
    // No JSON report: the full run's test-report.json is what .ci/run checks.
    reporters: ['default'],
    server: { deps: { inline: ['i18next-icu'] } },
  },
});
