import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** Debian's nats-server (scripts/install-system-deps.sh installs it). */
export const NATS_SERVER = process.env['NATS_SERVER'] ?? '/usr/sbin/nats-server';

interface Node {
  name: string;
  port: number;
  clusterPort: number;
  config: string;
  process?: ChildProcess;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * A JetStream cluster of real nats-server processes on loopback, on free ports, with fresh data
 * directories: each node can be killed (SIGKILL) and started again on its own data.
 */
export class NatsCluster {
  private constructor(
    private readonly dir: string,
    readonly nodes: Node[],
  ) {}

  static async start(size = 3): Promise<NatsCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'simledger-nats-'));
    const nodes: Node[] = [];
    for (let i = 1; i <= size; i++) nodes.push({ name: `n${i}`, port: await freePort(), clusterPort: await freePort(), config: join(dir, `n${i}.conf`) });
    const routes = nodes.map((n) => `nats-route://127.0.0.1:${n.clusterPort}`).join(', ');
    for (const n of nodes) {
      writeFileSync(
        n.config,
        `server_name: ${n.name}\nlisten: 127.0.0.1:${n.port}\n` +
          `jetstream { store_dir: "${join(dir, n.name)}" }\n` +
          `cluster { name: simledger-test, listen: 127.0.0.1:${n.clusterPort}, routes: [${routes}] }\n`,
      );
    }
    const cluster = new NatsCluster(dir, nodes);
    for (const n of nodes) await cluster.startNode(n.name);
    return cluster;
  }

  get servers(): string[] {
    return this.nodes.map((n) => `nats://127.0.0.1:${n.port}`);
  }

  private node(name: string): Node {
    const n = this.nodes.find((x) => x.name === name);
    if (!n) throw new Error(`no node ${name}`);
    return n;
  }

  async startNode(name: string): Promise<void> {
    const n = this.node(name);
    n.process = spawn(NATS_SERVER, ['-c', n.config], { stdio: 'ignore' });
    for (let i = 0; i < 200 && !(await portOpen(n.port)); i++) await new Promise((r) => setTimeout(r, 50));
  }

  kill(name: string): void {
    const n = this.node(name);
    n.process?.kill('SIGKILL');
    n.process = undefined;
  }

  async stop(): Promise<void> {
    for (const n of this.nodes) this.kill(n.name);
    await new Promise((r) => setTimeout(r, 200));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
