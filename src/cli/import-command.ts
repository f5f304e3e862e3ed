import { statSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { ConfigError, type Config } from '../config/config.js';
import type { ImportSummary } from '../services/import-usage.js';
import { detectFormat, type UsageFileFormat } from '../channels/files/usage-file.js';
import { explainNotUsage, readHead } from '../channels/files/usage-file-check.js';
import type { Store } from '../store/open-store.js';
import { importFile } from './import-file.js';

export interface ImportCommandOptions {
  source: string;
  json?: boolean;
  format?: UsageFileFormat;
}

interface Progress {
  tick(bytes: number): void;
  rows(n: number): void;
  stop(): void;
}

function progressBar(totalBytes: number): Progress | undefined {
  if (!process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'importing [{bar}] {percentage}% | {value}/{total} bytes | {rows} rows | {eta}s left',
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(totalBytes, 0, { rows: 0 });
  let done = 0;
  let rows = 0;
  return {
    tick: (n) => {
      done += n;
      bar.update(done, { rows });
    },
    rows: (n) => {
      rows = n;
      bar.update(done, { rows });
    },
    stop: () => bar.stop(),
  };
}

function printSummary(file: string, summary: ImportSummary, rejectsPath: string, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(summary) + '\n');
    return;
  }
  const reasons = Object.entries(summary.rejectedByReason)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  process.stdout.write(
    `${file}: read ${summary.read}, rated ${summary.rated}, duplicates ${summary.duplicates}, rejected ${summary.rejected}` + (reasons ? ` (${reasons}); see ${rejectsPath}` : '') + '\n',
  );
}

/** Stops before the store is opened when the file cannot be read or is not usage of its format. */
export function checkUsageFile(file: string, format: UsageFileFormat): void {
  let head: ReturnType<typeof readHead>;
  try {
    head = readHead(file);
  } catch (error) {
    throw new ConfigError(`${file}: cannot read it (${(error as Error).message})`);
  }
  const why = explainNotUsage(head.bytes, head.whole, format);
  if (why !== undefined) throw new ConfigError(`${file}: not a usage file (${format}): ${why}; nothing imported`);
}

export async function importCommand(store: Store, config: Config, file: string, options: ImportCommandOptions): Promise<ImportSummary> {
  const totalBytes = statSync(file).size;
  const bar = options.json ? undefined : progressBar(totalBytes);
  const rejectsPath = `${file}.rejects.csv`;
  try {
    const summary = await importFile(
      store,
      {
        databaseUrl: config.databaseUrl,
        file,
        format: options.format ?? detectFormat(file),
        source: options.source,
        retentionMonths: config.retentionMonths,
        batchSize: config.importBatchSize,
        rejectsPath,
      },
      { bytes: bar?.tick, read: bar?.rows },
    );
    printSummary(file, summary, rejectsPath, options.json ?? false);
    return summary;
  } finally {
    bar?.stop();
  }
}
