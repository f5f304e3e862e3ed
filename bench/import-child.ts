// Runs one import in its own process so its peak memory (maxRSS) is the import's alone.
import { readFileSync } from 'node:fs';
import { importFile } from '../src/cli/import-file.js';
import { openStore } from '../src/store/open-store.js';

const [url, file, nowText, batchText] = process.argv.slice(2) as [string, string, string, string | undefined];
const store = await openStore(url);
const started = performance.now();
const batchSize = Number(batchText ?? 20_000);
// The import command's own path (its own thread, bounded heap), with the bench's fixed clock.
const summary = await importFile(store, {
  databaseUrl: url,
  file,
  format: 'csv',
  source: 'bench',
  retentionMonths: 12,
  batchSize,
  rejectsPath: `${file}.rejects.csv`,
  nowMs: Number(nowText),
});
const elapsedMs = performance.now() - started;
await store.close();
process.stdout.write(JSON.stringify({ elapsedMs, summary, maxRssKb: peakRssKb() }) + '\n');

/**
 * This process's own peak resident size. Not getrusage's maxRSS: on Linux a child started by fork
 * and exec inherits its parent's peak there (a 44 MB child of a 555 MB parent reported 516 MB), and
 * the bench's own process is large by the time it starts the PostgreSQL import.
 */
function peakRssKb(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}
