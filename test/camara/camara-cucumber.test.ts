/**
 * CAMARA's own Device Data Volume test plans (features/, copied unchanged from CAMARA r1.3) run by
 * cucumber-js against a real server, on both databases; every response is validated against the
 * YAML (openapi-response-validator). Prints the scenario and step counts by status.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { supportCodeLibraryBuilder } from '@cucumber/cucumber';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS } from '../../src/testing/test-stores.js';
import { startCamaraFixtures } from './camara-fixtures.js';
import { defineCamaraSteps } from './camara-steps.js';
import { CamaraWorld, UNDECLARED } from './camara-world.js';

const FEATURES = join(import.meta.dirname, 'features');

type Counts = Record<string, number>;
const bump = (counts: Counts, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

describe.each(TEST_DIALECTS)('CAMARA Device Data Volume test plans on %s', (dialect) => {
  beforeAll(async () => {
    CamaraWorld.fixtures = await startCamaraFixtures(dialect);
  }, 120_000);
  afterAll(async () => {
    await CamaraWorld.fixtures?.close();
  });

  it('runs every scenario of the three .feature files with 0 failed', async () => {
    supportCodeLibraryBuilder.reset(process.cwd(), () => randomUUID(), { requireModules: [], requirePaths: [], loaders: [], importPaths: [] });
    defineCamaraSteps();
    const support = supportCodeLibraryBuilder.finalize();
    const { runConfiguration } = await loadConfiguration({ provided: { paths: [join(FEATURES, '*.feature')], format: [], publishQuiet: true } as never }, { cwd: process.cwd() });
    let output = '';
    const stdout = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    });
    const steps: Counts = {};
    const scenarios: Counts = {};
    const failures: string[] = [];
    const worst = new Map<string, string>();
    const planSteps = new Set<string>();
    const rank = ['PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];
    const { success } = await runCucumber(
      { ...runConfiguration, support, formats: { stdout: 'summary', files: {}, publish: false, options: {} } },
      { cwd: process.cwd(), stdout, stderr: stdout, env: process.env },
      (envelope) => {
        for (const s of envelope.testCase?.testSteps ?? []) if (s.pickleStepId) planSteps.add(s.id);
        const step = envelope.testStepFinished;
        if (step) {
          const status = step.testStepResult.status;
          if (planSteps.has(step.testStepId)) bump(steps, status);
          const prior = worst.get(step.testCaseStartedId) ?? 'PASSED';
          if (rank.indexOf(status) > rank.indexOf(prior)) worst.set(step.testCaseStartedId, status);
          if (status === 'FAILED') failures.push(step.testStepResult.message ?? '');
        }
        if (envelope.testCaseFinished) bump(scenarios, worst.get(envelope.testCaseFinished.testCaseStartedId) ?? 'PASSED');
      },
    );
    const total = (c: Counts) => Object.values(c).reduce((a, b) => a + b, 0);
    console.log(`CAMARA on ${dialect}: ${total(scenarios)} scenarios ${JSON.stringify(scenarios)}, ${total(steps)} steps ${JSON.stringify(steps)}`);
    if (UNDECLARED.size > 0) console.log(`statuses the test plans expect that the YAML does not declare: ${[...UNDECLARED].join(', ')}`);
    if (!success) console.log(failures.map((f) => f.split('\n')[0]).join('\n'));
    expect(failures.slice(0, 5)).toEqual([]);
    expect(scenarios['FAILED'] ?? 0).toBe(0);
    expect(scenarios['UNDEFINED'] ?? 0).toBe(0);
    expect(scenarios['AMBIGUOUS'] ?? 0).toBe(0);
    expect(scenarios['PASSED']).toBeGreaterThan(60);
  }, 300_000);
});
