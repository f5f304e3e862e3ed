/**
 * oidc-provider is a Koa app: requests under /oidc and the discovery document are handed to it
 * with the node server's own request (@hono/node-server's `incoming`) and a response that is
 * captured and returned to Hono as a Response (so the app's middleware still sees and logs it).
 */
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { AppDeps } from '../env.js';
import { problem } from '../problem.js';
import { oidcProvider } from './provider.js';

export interface NodePair {
  incoming: IncomingMessage & { body?: unknown };
  outgoing: ServerResponse;
}

export function nodePairOf(c: Context): NodePair | undefined {
  const env = c.env as Partial<NodePair> | undefined;
  return env?.incoming && env.outgoing ? { incoming: env.incoming, outgoing: env.outgoing } : undefined;
}

type Chunk = string | Uint8Array | undefined | ((error?: Error | null) => void);

function chunkOf(chunk: Chunk, encoding: unknown): Buffer | undefined {
  if (chunk === undefined || typeof chunk === 'function') return undefined;
  return typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk);
}

/** A ServerResponse that writes nowhere and resolves to the Response it would have sent. */
function capturedResponse(incoming: IncomingMessage): { res: ServerResponse; sent: Promise<Response> } {
  const res = new ServerResponse(incoming);
  const chunks: Buffer[] = [];
  const sent = new Promise<Response>((resolve) => {
    res.write = ((chunk: Chunk, encoding?: unknown) => {
      const b = chunkOf(chunk, encoding);
      if (b) chunks.push(b);
      return true;
    }) as ServerResponse['write'];
    res.end = ((chunk?: Chunk, encoding?: unknown) => {
      const b = chunkOf(chunk, encoding);
      if (b) chunks.push(b);
      const headers = new Headers();
      for (const [name, value] of Object.entries(res.getHeaders())) {
        for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) headers.append(name, String(v));
      }
      const empty = [204, 304].includes(res.statusCode) || incoming.method === 'HEAD';
      resolve(new Response(empty ? null : Buffer.concat(chunks), { status: res.statusCode, headers }));
      return res;
    }) as ServerResponse['end'];
  });
  return { res, sent };
}

export async function toProvider(c: Context, deps: AppDeps): Promise<Response> {
  const pair = nodePairOf(c);
  if (!pair) return problem(c, 'not_found', 'the authorization server answers on the node server only', { status: 404 });
  const provider = await oidcProvider(deps, c.req.url);
  // A middleware that already read the body (a form's NUL check) leaves the stream empty: hand over its text.
  if (c.req.raw.bodyUsed || pair.incoming.readableEnded) pair.incoming.body = await c.req.text();
  const { res, sent } = capturedResponse(pair.incoming);
  await provider.callback()(pair.incoming, res);
  return sent;
}
