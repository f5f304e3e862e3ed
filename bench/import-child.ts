// Runs one import in its own process so its peak memory (maxRSS) is the import's alone.
import { importUsageBatches } from '../src/services/import-usage.js';
import { readUsageFileBatches } from '../src/services/usage-file.js';
import { openStore } from '../src/store/open-store.js';

const [url, file, nowText] = process.argv.slice(2) as [string, string, string];
const store = await openStore(url);
const started = performance.now();
const batchSize = Number(process.env['SIMLEDGER_IMPORT_BATCH'] ?? 20_000);
// The import command's own path.
const summary = await importUsageBatches(store, readUsageFileBatches(file, 'csv', batchSize), {
  source: 'bench', now: () => Number(nowText), retentionMonths: 12, batchSize,
});
const elapsedMs = performance.now() - started;
await store.close();
process.stdout.write(JSON.stringify({ elapsedMs, summary, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
