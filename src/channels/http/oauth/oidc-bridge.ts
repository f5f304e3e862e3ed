/**
 * oidc-provider is a Koa app: requests under /oidc and the discovery document are handed to it
 * on the node server's own request and response (@hono/node-server's `incoming`/`outgoing`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import type { AppDeps } from '../env.js';
import { problem } from '../problem.js';
import { oidcProvider } from './provider.js';

export interface NodePair { incoming: IncomingMessage & { body?: unknown }; outgoing: ServerResponse }

export function nodePairOf(c: Context): NodePair | undefined {
  const env = c.env as Partial<NodePair> | undefined;
  return env?.incoming && env.outgoing ? { incoming: env.incoming, outgoing: env.outgoing } : undefined;
}

export async function toProvider(c: Context, deps: AppDeps): Promise<Response> {
  const pair = nodePairOf(c);
  if (!pair) return problem(c, 'not_found', 'the authorization server answers on the node server only', { status: 404 });
  const provider = await oidcProvider(deps, c.req.url);
  // A middleware that already read the body (a form's NUL check) leaves the stream empty: hand over its text.
  if (c.req.raw.bodyUsed || pair.incoming.readableEnded) pair.incoming.body = await c.req.text();
  await new Promise<void>((resolve, reject) => {
    pair.outgoing.once('close', resolve);
    pair.outgoing.once('finish', resolve);
    Promise.resolve(provider.callback()(pair.incoming, pair.outgoing)).catch(reject);
  });
  return RESPONSE_ALREADY_SENT;
}
