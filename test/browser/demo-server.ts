/**
 * A real server on 127.0.0.1 (port 0) over a fresh SQLite file seeded like `simledger demo`,
 * plus a few vouchers; and the portal build it serves. Shared by the browser test and bench/portal.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PORTAL_DIR } from '../../src/channels/http/portal-static.js';
import { loadServerConfig } from '../../src/config/server-config.js';
import { buildDemoProvisioning, buildDemoUsage, type DemoProvisioning } from '../../src/demo/demo-data.js';
import { importDemoHistory } from '../../src/demo/demo-history.js';
import type { RawUsageRow } from '../../src/domain/usage-event.js';
import { startServer, type Running } from '../../src/main.js';
import { importUsage } from '../../src/services/import-usage.js';
import { provision } from '../../src/services/provision.js';
import { createVouchers, type IssuedVoucher } from '../../src/services/vouchers.js';

export interface DemoServer {
  readonly url: string;
  readonly running: Running;
  readonly provisioning: DemoProvisioning;
  /** Unused HKD 100.00 vouchers. */
  readonly hkdVouchers: IssuedVoucher[];
  stop(): Promise<void>;
}

/** Builds the portal with Vite when dist/portal is missing (`npm test` builds it first anyway). */
export function ensurePortalBuilt(root = process.cwd()): string {
  if (!existsSync(join(PORTAL_DIR, 'index.html'))) {
    execFileSync('npx', ['vite', 'build', '--config', 'portal/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  }
  return PORTAL_DIR;
}

async function* asRows(rows: readonly RawUsageRow[]): AsyncGenerator<{ lineNo: number; raw: RawUsageRow }> {
  for (const [i, raw] of rows.entries()) yield { lineNo: i + 2, raw };
}

export async function startDemoServer(nowMs = Date.now()): Promise<DemoServer> {
  const dir = mkdtempSync(join(tmpdir(), 'simledger-portal-'));
  const running = await startServer(loadServerConfig({ db: `sqlite:${join(dir, 'demo.db')}`, host: '127.0.0.1', port: '0' }, { SIMLEDGER_LOG_LEVEL: 'silent' }));
  try {
    const store = running.deps.store;
    const provisioning = buildDemoProvisioning(nowMs);
    const result = await provision(store, provisioning, nowMs);
    if (!result.ok) throw new Error(`demo provisioning failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
    await importDemoHistory(store, nowMs, provisioning, 5_000);
    await importUsage(store, asRows(buildDemoUsage(nowMs, provisioning)), { source: 'demo', now: () => nowMs, retentionMonths: 12, batchSize: 5_000 });
    const hkdVouchers = await createVouchers(store, { count: 3, valueMinor: 10_000n, currency: 'HKD', expiresAt: nowMs + 365 * 86_400_000, batch: 'PORTAL-TEST' }, nowMs);
    return {
      url: running.server.url,
      running,
      provisioning,
      hkdVouchers,
      stop: async () => {
        await running.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await running.stop();
    throw error;
  }
}
