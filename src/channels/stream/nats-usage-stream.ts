/** The usage stream on NATS JetStream: connecting, making the stream, publishing until acknowledged. */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import { USAGE_STREAM, USAGE_SUBJECTS } from '../../services/stream/usage-partitions.js';

/** `nats://h1:4222,nats://h2:4222` (the `--stream` option, env SIMLEDGER_STREAM) as a server list. */
export function parseStreamServers(text: string): string[] {
  const servers = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const bad = servers.find((s) => !/^(nats|tls):\/\/[^/\s]+$/.test(s));
  if (servers.length === 0 || bad !== undefined) {
    throw new Error(`stream "${text}" must be nats://HOST:PORT[,nats://HOST:PORT...]${bad ? ` (not a server: "${bad}")` : ''}`);
  }
  return servers;
}

/** Connects to any of the servers, and keeps reconnecting to the cluster whatever dies. */
export function connectStream(servers: readonly string[], name: string): Promise<NatsConnection> {
  return connect({ servers: [...servers], name, maxReconnectAttempts: -1, reconnectTimeWait: 250, waitOnFirstConnect: true, timeout: 5_000 });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Retries `fn` while the cluster answers that it cannot now (a leader election: "JetStream not
 * enabled", 503 no responders, timeouts), for up to `deadlineMs`; then throws its last error.
 */
export async function retryWhileElecting<T>(what: string, fn: () => Promise<T>, deadlineMs = 120_000, onRetry?: () => void): Promise<T> {
  const giveUpAt = Date.now() + deadlineMs;
  for (let wait = 50; ; wait = Math.min(wait * 2, 1_000)) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() + wait > giveUpAt) throw new Error(`${what}: no answer from the stream for ${deadlineMs / 1000} s (${(error as Error).message})`);
      onRetry?.();
      await sleep(wait);
    }
  }
}

/** Servers of the cluster the connection sees (itself included). */
function clusterSize(nc: NatsConnection): number {
  const info = nc.info;
  if (!info?.cluster) return 1;
  return Math.max(1, new Set(info.connect_urls ?? []).size);
}

/** Makes the usage stream unless it exists: one subject per partition, replicas min(3, cluster size). */
export async function ensureUsageStream(nc: NatsConnection): Promise<void> {
  await retryWhileElecting('creating the usage stream', async () => {
    const jsm = await jetstreamManager(nc, { timeout: 5_000 });
    try {
      await jsm.streams.info(USAGE_STREAM);
    } catch (error) {
      if (!/stream not found/i.test((error as Error).message)) throw error;
      await jsm.streams.add({ name: USAGE_STREAM, subjects: [USAGE_SUBJECTS], num_replicas: Math.min(3, clusterSize(nc)) });
    }
  });
}

export function usageJetStream(nc: NatsConnection): JetStreamClient {
  return jetstream(nc, { timeout: 5_000 });
}

/** Publishes with the message's id until the stream acknowledges it (a repeat is acknowledged as a duplicate). */
export function publishUntilAcked(js: JetStreamClient, subject: string, data: string, msgID: string, onRetry?: () => void): Promise<PubAck> {
  return retryWhileElecting(`publishing ${msgID}`, () => js.publish(subject, data, { msgID, timeout: 5_000 }), 300_000, onRetry);
}
