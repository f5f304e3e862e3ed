/** GET /docs: a readable API reference rendered on the server from the generated OpenAPI document. */
import { createRoute, z } from '@hono/zod-openapi';
import { API_INFO, type App } from './app.js';
import type { AppDeps } from './env.js';

type Schema = { $ref?: string; type?: string | string[]; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[] };
type Media = Record<string, { schema?: Schema }>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}
interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: Parameter[];
  security?: object[];
  requestBody?: { content?: Media };
  responses?: Record<string, { description?: string; content?: Media }>;
}
type Doc = { info: { title: string; version: string; description?: string }; paths?: Record<string, Record<string, Operation>> };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

function schemaName(s: Schema | undefined): string {
  if (!s) return '—';
  if (s.$ref) return s.$ref.split('/').pop()!;
  if (s.items) return `${schemaName(s.items)}[]`;
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.map(schemaName).join(' | ');
  return Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'object');
}

function mediaList(content: Media | undefined): string {
  if (!content) return '—';
  return Object.entries(content)
    .map(([type, m]) => `<code>${esc(schemaName(m.schema))}</code> <small>(${esc(type)})</small>`)
    .join(', ');
}

function curl(base: string, method: string, path: string, op: Operation): string {
  const url = base + path.replace(/{(\w+)}/g, (_m, name: string) => name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase());
  const query = (op.parameters ?? [])
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${p.name}=...`)
    .join('&');
  const parts = [`curl -X ${method.toUpperCase()} '${url}${query ? `?${query}` : ''}'`];
  if (op.security?.length) parts.push(`-H "Authorization: Bearer $SIMLEDGER_KEY"`);
  const type = Object.keys(op.requestBody?.content ?? {})[0];
  if (type) parts.push(`-H 'content-type: ${type}'`, type.includes('ndjson') ? '--data-binary @usage.ndjson' : '--data @body.json');
  return parts.join(' \\\n  ');
}

function operationHtml(base: string, method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${esc(schemaName(p.schema))}</code></td><td>${esc(p.description ?? '')}</td></tr>`,
    )
    .join('');
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => `<li><strong>${esc(status)}</strong> ${esc(r.description ?? '')} — ${mediaList(r.content)}</li>`)
    .join('');
  return `<section class="op" id="${slug(`${method} ${path}`)}">
<h3><span class="method">${method.toUpperCase()}</span> <code>${esc(path)}</code></h3>
${op.summary ? `<p><strong>${esc(op.summary)}</strong></p>` : ''}${op.description ? `<p>${esc(op.description)}</p>` : ''}
${params ? `<table><caption>Parameters</caption><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Required</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead><tbody>${params}</tbody></table>` : ''}
${op.requestBody ? `<p>Request body: ${mediaList(op.requestBody.content)}</p>` : ''}
<p>Responses:</p><ul>${responses}</ul>
<pre aria-label="curl example"><code>${esc(curl(base, method, path, op))}</code></pre>
</section>`;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1a1a1a}
a{color:#0645ad}code,pre{font-family:ui-monospace,monospace}pre{background:#f4f4f4;padding:.75rem;overflow-x:auto}
.method{display:inline-block;min-width:4.5rem;font-weight:700}.op{border-top:1px solid #ccc;padding-top:.5rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:600}.skip{position:absolute;left:-999px}.skip:focus{left:1rem}`;

/** The whole page: one section per tag, one entry per operation. */
export function renderReference(doc: Doc, baseUrl: string): string {
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'General';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(baseUrl, method, path, op)]);
    }
  }
  const tags = [...byTag.keys()].sort();
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info.title)} — reference</title><style>${STYLE}</style></head><body>
<a class="skip" href="#main">Skip to the reference</a>
<header><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1><p>${esc(doc.info.description ?? '')}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors are RFC 9457 problem details with a stable <code>code</code>.</p></header>
<nav aria-label="Sections"><ul>${tags.map((t) => `<li><a href="#${slug(t)}">${esc(t)}</a></li>`).join('')}</ul></nav>
<main id="main">${tags.map((t) => `<section aria-labelledby="${slug(t)}"><h2 id="${slug(t)}">${esc(t)}</h2>${byTag.get(t)!.join('\n')}</section>`).join('\n')}</main>
</body></html>`;
}

const docsRoute = createRoute({
  method: 'get',
  path: '/docs',
  tags: ['Reference'],
  summary: 'This API reference as an HTML page',
  responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } },
});

export function referencePage(app: App, deps: AppDeps): void {
  let page: string | undefined;
  app.openapi(docsRoute, ((c: { html(s: string, status: number, headers: Record<string, string>): Response }) => {
    page ??= renderReference(app.getOpenAPI31Document({ openapi: '3.1.0', info: API_INFO }) as Doc, deps.config.publicUrl);
    return c.html(page, 200, { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'cache-control': 'no-cache' });
  }) as never);
}
