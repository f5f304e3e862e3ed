/**
 * The self-care portal (built by Vite into dist/portal): hashed assets with a year-long cache,
 * index.html (no-cache) for the portal's client routes. Files are read and gzip/brotli-compressed
 * once, on first use. Registered last, so every API route wins; unknown /api paths stay 404 problems.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import type { App } from './app.js';
import type { AppDeps } from './env.js';

/** Paths the portal's router draws; anything else is left to the API's 404. */
const CLIENT_ROUTES = /^\/(|sign-in|forgot-password|dashboard|records|statements|transactions|top-up|plans|alerts|inbox|profile|help|apps|esims\/[^/]{1,40}|oauth\/consent\/[A-Za-z0-9_-]{1,64})$/;

/** The installable app's files at the root: the worker must be served from / to control every page. */
const ROOT_FILES = /^\/(sw\.js|manifest\.webmanifest|icons\/[\w-]{1,40}\.png)$/;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  type: string;
}

/** The package root: the nearest folder up from this file with a package.json (src/ under vitest, dist/src/ when built). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('portal-static: no package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export const PORTAL_DIR = join(packageRoot(), 'dist', 'portal');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function loadAssets(root: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const file of walk(root)) {
    const body = readFileSync(file);
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const compressible = /text|javascript|json|svg|manifest/.test(type) && body.length > 512;
    assets.set('/' + relative(root, file).split(sep).join('/'), {
      body,
      type,
      ...(compressible
        ? {
            gzip: gzipSync(body, { level: 9 }),
            br: brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
          }
        : {}),
    });
  }
  return assets;
}

function send(c: Context, asset: Asset, headers: Record<string, string>): Response {
  const accept = c.req.header('accept-encoding') ?? '';
  const encoded = asset.br && /\bbr\b/.test(accept) ? { body: asset.br, encoding: 'br' } : asset.gzip && /\bgzip\b/.test(accept) ? { body: asset.gzip, encoding: 'gzip' } : undefined;
  const out: Record<string, string> = { 'content-type': asset.type, 'x-content-type-options': 'nosniff', ...headers };
  if (asset.gzip) out['vary'] = 'Accept-Encoding';
  if (encoded) out['content-encoding'] = encoded.encoding;
  const bytes = encoded?.body ?? asset.body;
  return c.body(new Uint8Array(bytes), 200, out);
}

const NOT_BUILT = '<!doctype html><meta charset="utf-8"><title>simledger</title><p>The portal is not built: run <code>npm run build</code>.</p>';

export interface PortalOptions {
  readonly dir?: string;
}

export function portalRoutes(app: App, _deps: AppDeps, options: PortalOptions = {}): void {
  const dir = options.dir ?? PORTAL_DIR;
  let assets: Map<string, Asset> | undefined;
  const load = () => (assets ??= existsSync(join(dir, 'index.html')) ? loadAssets(dir) : undefined);

  app.get('/assets/*', async (c, next) => {
    const asset = load()?.get(c.req.path);
    if (!asset) return next();
    return send(c, asset, { 'cache-control': 'public, max-age=31536000, immutable' });
  });

  app.get('*', async (c, next) => {
    if (!ROOT_FILES.test(c.req.path)) return next();
    const asset = load()?.get(c.req.path);
    if (!asset) return next();
    return send(c, asset, { 'cache-control': c.req.path === '/sw.js' ? 'no-cache' : 'public, max-age=86400' });
  });

  app.get('*', async (c, next) => {
    if (!CLIENT_ROUTES.test(c.req.path)) return next();
    const index = load()?.get('/index.html');
    if (!index) return c.html(NOT_BUILT, 503, { 'cache-control': 'no-store' });
    return send(c, index, {
      'cache-control': 'no-cache',
      'content-security-policy': CSP,
      'referrer-policy': 'same-origin',
      'x-frame-options': 'DENY',
    });
  });
}
