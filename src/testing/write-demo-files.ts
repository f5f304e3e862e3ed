/** Writes the demo as the files a user feeds to `simledger provision` and `simledger import`. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawUsageRow } from '../domain/usage-event.js';
import { buildDemoProvisioning, buildDemoUsage } from '../demo/demo-data.js';

export const USAGE_CSV_COLUMNS = ['event_id', 'imsi', 'iccid', 'kind', 'direction', 'started_at', 'quantity', 'mcc_mnc'] as const;

function csvCell(value: string | undefined): string {
  const text = value ?? '';
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A usage CSV: the header, then one line per row (fields a row lacks stay empty). */
export function usageCsv(rows: readonly RawUsageRow[]): string {
  const lines = [USAGE_CSV_COLUMNS.join(',')];
  for (const row of rows) lines.push(USAGE_CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
  return lines.join('\n') + '\n';
}

/** JSON with bigints written as integers (the demo uses safe numbers; this keeps any bigint exact). */
function json(value: unknown): string {
  const marks = new Map<string, string>();
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v !== 'bigint') return v;
      const mark = `\u0000bigint${marks.size}\u0000`;
      marks.set(mark, v.toString());
      return mark;
    },
    2,
  );
  return text.replace(/"\\u0000bigint\d+\\u0000"/g, (m) => marks.get(JSON.parse(m) as string) ?? m);
}

export interface DemoFiles {
  provisioningPath: string;
  usagePath: string;
  events: number;
}

/** Writes `provisioning.json` and `usage.csv` for a demo month ending at `nowMs` into `dir` (created if missing). */
export async function writeDemoFiles(dir: string, nowMs: number): Promise<DemoFiles> {
  const provisioning = buildDemoProvisioning(nowMs);
  const rows = buildDemoUsage(nowMs, provisioning);
  await mkdir(dir, { recursive: true });
  const provisioningPath = join(dir, 'provisioning.json');
  const usagePath = join(dir, 'usage.csv');
  await writeFile(provisioningPath, json(provisioning) + '\n', 'utf8');
  await writeFile(usagePath, usageCsv(rows), 'utf8');
  return { provisioningPath, usagePath, events: rows.length };
}
