import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { RejectedRow } from '../services/import-usage.js';
import { RAW_USAGE_FIELDS } from '../domain/usage-event.js';

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** `FILE.rejects.csv`: each refused row with its line number, reason and the row itself. */
export class RejectsFile {
  private readonly out: WriteStream;

  constructor(readonly path: string) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    this.out.write(['line', 'reason', 'detail', ...RAW_USAGE_FIELDS, 'raw'].join(',') + '\n');
  }

  async write(row: RejectedRow): Promise<void> {
    const fields = RAW_USAGE_FIELDS.map((f) => row.raw?.[f] ?? '');
    const line = [String(row.lineNo), row.reason, row.detail, ...fields, row.text ?? ''].map(csvCell).join(',') + '\n';
    if (!this.out.write(line)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}
