// Fails CI when a suite did not run: no test may be skipped, and both databases must have run tests.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const all = report.testResults.flatMap((file) => file.assertionResults.map((t) => ({ ...t, file: file.name })));
const notRun = all.filter((t) => t.status !== 'passed' && t.status !== 'failed');
const byDialect = (name) => all.filter((t) => t.status === 'passed' && t.fullName.includes(name)).length;
// Each suite's time, slowest first, so the CI log shows where its minutes go.
const suites = report.testResults
  .map((file) => ({ name: file.name.replace(`${process.cwd()}/`, ''), ms: (file.endTime ?? 0) - (file.startTime ?? 0), tests: file.assertionResults.length }))
  .sort((a, b) => b.ms - a.ms);
for (const s of suites) console.log(`${(s.ms / 1000).toFixed(1).padStart(7)} s  ${String(s.tests).padStart(4)} tests  ${s.name}`);
const problems = [];
if (report.numFailedTests > 0 || report.numFailedTestSuites > 0) problems.push(`${report.numFailedTests} tests failed`);
if (notRun.length > 0)
  problems.push(
    `${notRun.length} tests did not run: ${notRun
      .slice(0, 5)
      .map((t) => t.fullName)
      .join('; ')}`,
  );
for (const dialect of ['sqlite', 'postgres']) if (byDialect(dialect) === 0) problems.push(`no ${dialect} test ran`);
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed (sqlite ${byDialect('sqlite')}, postgres ${byDialect('postgres')})`);
if (problems.length > 0) {
  console.error(`CI check failed: ${problems.join('; ')}`);
  process.exit(1);
}
