import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: keep parallel files few so PostgreSQL and SQLite fsyncs do not starve each other.
    maxWorkers: 2,
    // The JSON report lets .ci/run prove that every suite, PostgreSQL included, ran.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-report.json' },
    // Bundled like the portal's build: i18next-icu's default import of intl-messageformat needs the ESM build.
    server: { deps: { inline: ['i18next-icu'] } },
  },
});
