// Runs one import in its own process so its peak memory (maxRSS) is the import's alone.
import { importFile } from '../src/cli/import-file.js';
import { openStore } from '../src/store/open-store.js';

const [url, file, nowText, batchText] = process.argv.slice(2) as [string, string, string, string | undefined];
const store = await openStore(url);
const started = performance.now();
const batchSize = Number(batchText ?? 20_000);
// The import command's own path (its own thread, bounded heap), with the bench's fixed clock.
const summary = await importFile(store, {
  databaseUrl: url, file, format: 'csv', source: 'bench', retentionMonths: 12, batchSize,
  rejectsPath: `${file}.rejects.csv`, nowMs: Number(nowText),
});
const elapsedMs = performance.now() - started;
await store.close();
process.stdout.write(JSON.stringify({ elapsedMs, summary, maxRssKb: process.resourceUsage().maxRSS }) + '\n');
