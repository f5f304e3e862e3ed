// Resident memory of a real server (`simledger serve`, its own process) before and after a burst
// of maximal bodies: BURST_REQUESTS (default 200) sign-ins in parallel of each kind — a nested
// body at the limit, a 10 MB nested body with Content-Length, and a 10 MB one chunked — with
// /healthz timed during the burst. Run: `npx tsc -p tsconfig.json && node dist/bench/body-burst.js`.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { connect } from 'node:net';
import { DEFAULT_BODY_LIMIT_BYTES } from '../src/config/server-config.js';

const REQUESTS = Number(process.env['BURST_REQUESTS'] ?? 200);
const DB = '/tmp/simledger-burst.db';
const BIG = 10 * 1024 * 1024;

/** Resident MB now (VmRSS) or at its highest so far (VmHWM). */
function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`))!;
  return Math.round(Number(line.replace(/\D+/g, '')) / 1024);
}

async function startServer(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${DB}${suffix}`, { force: true });
  const child = spawn(process.execPath, ['bin/simledger.js', 'serve', '--db', `sqlite:${DB}`, '--host', '127.0.0.1', '--port', '0'], {
    env: { ...process.env, SIMLEDGER_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /"url":"(http:[^"]+)"/.exec(out);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  child.stdout.resume();
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

const CHUNK = Buffer.alloc(64 * 1024, 0x5b); // '[' x 65,536: one shared buffer, so the client itself stays small

/**
 * One POST over a raw socket, as an attacker sends it: the headers, then the body in 64 KiB
 * writes (HTTP chunks when `chunked`) until all is sent or the server closes; the status it answered.
 */
function post(url: string, bytes: number, chunked: boolean): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    let sent = 0;
    const finish = () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0));
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(
      `POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: ${hostname}:${port}\r\ncontent-type: application/json\r\nconnection: close\r\n` +
        (chunked ? 'transfer-encoding: chunked\r\n\r\n' : `content-length: ${bytes}\r\n\r\n`),
    );
    const pump = () => {
      while (sent < bytes && !socket.destroyed) {
        const part = Math.min(CHUNK.length, bytes - sent);
        sent += part;
        const body = part === CHUNK.length ? CHUNK : CHUNK.subarray(0, part);
        const ok = socket.write(chunked ? Buffer.concat([Buffer.from(`${part.toString(16)}\r\n`), body, Buffer.from('\r\n')]) : body);
        if (sent >= bytes && chunked) socket.write('0\r\n\r\n');
        if (!ok) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

async function burst(url: string, name: string, bytes: number, chunked: boolean): Promise<void> {
  const started = performance.now();
  const health = (async () => {
    const t = performance.now();
    await fetch(`${url}/healthz`);
    return performance.now() - t;
  })();
  const statuses = await Promise.all(Array.from({ length: REQUESTS }, () => post(url, bytes, chunked)));
  const counts: Record<number, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  console.log(`${name}: ${REQUESTS} requests in ${Math.round(performance.now() - started)} ms, statuses ${JSON.stringify(counts)}, /healthz during the burst ${Math.round(await health)} ms`);
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
}

const server = await startServer();
try {
  await fetch(`${server.url}/healthz`);
  const before = rssMb(server.pid);
  const cpu = cpuSeconds(server.pid);
  await burst(server.url, `nested body at the limit (${DEFAULT_BODY_LIMIT_BYTES} bytes)`, DEFAULT_BODY_LIMIT_BYTES, false);
  const afterLimit = rssMb(server.pid);
  await burst(server.url, '10 MB nested body with Content-Length', BIG, false);
  await burst(server.url, '10 MB nested body chunked', BIG, true);
  const after = rssMb(server.pid);
  await new Promise((r) => setTimeout(r, 5_000));
  console.log(
    `server RSS: ${before} MB before, ${afterLimit} MB after the bodies at the limit, ${after} MB after the 10 MB bodies, ` +
      `${rssMb(server.pid)} MB 5 s later, peak ${rssMb(server.pid, 'VmHWM')} MB; server CPU for the three bursts ${(cpuSeconds(server.pid) - cpu).toFixed(1)} s`,
  );
} finally {
  await server.stop();
}
