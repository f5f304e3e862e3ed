import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../src/testing/test-app.js';

type Doc = { openapi: string; paths: Record<string, Record<string, { security?: unknown[] }>> };

describe('the OpenAPI document and the reference page', () => {
  let t: TestApp;
  let doc: Doc;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const res = await t.app.request('/openapi.json');
    expect(res.status).toBe(200);
    doc = (await res.json()) as Doc;
  });
  afterAll(async () => t.close());

  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as object);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(doc.openapi).toBe('3.1.0');
  });

  it('documents every /api/v1 and /tmf-api route the app serves', () => {
    const served = t.app.routes.filter((r) => r.method !== 'ALL' && /^\/(api\/v1|tmf-api)\//.test(r.path)).map((r) => ({ method: r.method.toLowerCase(), path: r.path.replace(/:(\w+)/g, '{$1}') }));
    expect(served.length).toBeGreaterThan(0);
    const missing = served.filter((r) => doc.paths[r.path]?.[r.method] === undefined).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('lists every operator operation behind the bearer key', () => {
    const ops = ['post /usage', 'post /provisioning', 'post /vouchers', 'get /subscribers', 'get /subscribers/{accountId}', 'get /suspense'];
    for (const op of ops) {
      const [method, path] = op.split(' ') as [string, string];
      expect(doc.paths[`/api/v1/operator${path}`]?.[method]?.security, op).toEqual([{ operatorKey: [] }]);
    }
  });

  it('renders /docs from the document: every operation, no external scripts', async () => {
    const res = await t.app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).not.toMatch(/<script|<link[^>]+stylesheet|https?:\/\/cdn/i);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) expect(html, `${method} ${path}`).toContain(`${method.toUpperCase()}</span> <code>${path}</code>`);
    }
    expect(html).toContain('curl -X POST');
    expect(html).toContain('UsageIngestResult');
  });
});
