import os from 'node:os';

/** One line that says where the figures came from. */
export function describeMachine(): string {
  const cpus = os.cpus();
  return `${cpus.length} x ${cpus[0]?.model.trim() ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ` + `Node ${process.version}, ${os.type()} ${os.release()}`;
}

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))]!;
}

/** Runs `fn` `n` times after a warm-up; returns p50 and p99 in ms. */
export async function latency(n: number, fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  // Warm-up: enough calls for the JIT to settle, so the figures are steady state. 500 were not:
  // a fresh process asking PostgreSQL for 2,500 balances had 1-5 ms pauses at the same call
  // numbers run after run (not GC: 16 collections in all; not the server's cache: the same lines
  // asked again paused alike), p99 ~2 ms, and 0.2-0.5 ms from the 2,500th call on.
  for (let i = 0; i < 3_000; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}
