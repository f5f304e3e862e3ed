import { z } from '@hono/zod-openapi';
import { changeUsageSpec, createUsageSpec, getUsageSpec, usageSpecsPage, type UsageSpec } from '../../../services/tmf/usage-specs.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { publish } from './hub.js';
import { listPage } from './tmf-list.js';
import { hrefOf, IdParam, idOf, itemResponse, ListQuery, TMF_BASE, tmfHook, tmfProblem, tmfRoute, type TmfObject } from './tmf-common.js';

const base = TMF_BASE.usage;
const tag = 'TMF635 Usage';
const SpecBody = z.object({ name: z.string().min(1).max(200), description: z.string().max(1000).optional(), version: z.string().max(50).optional() }).passthrough();
const SpecPatch = SpecBody.partial().passthrough();

const toTmf = (deps: AppDeps, s: UsageSpec): TmfObject => ({
  ...s.body,
  id: s.id,
  href: hrefOf(deps, base, 'usageSpecification', s.id),
  name: s.name,
  '@type': 'UsageSpecification',
});

export function usageSpecificationRoutes(app: App, deps: AppDeps): void {
  const path = `${base}/usageSpecification`;
  app.openapi(
    tmfRoute(deps, { method: 'get', path, tag, summary: 'List usage specifications', scope: 'tmf:read', query: ListQuery, ok: 200 }),
    async (c) =>
      listPage(c, deps, {
        indexed: ['id', 'name'],
        keyParts: 2,
        toTmf: (s: UsageSpec) => toTmf(deps, s),
        fetch: (args, f) => usageSpecsPage(deps.store, args, { ...(f['id'] ? { id: f['id'] } : {}), ...(f['name'] ? { name: f['name'] } : {}) }),
      }),
    tmfHook as never,
  );
  app.openapi(
    tmfRoute(deps, { method: 'get', path: `${path}/{id}`, tag, summary: 'A usage specification', scope: 'tmf:read', params: IdParam, query: ListQuery, ok: 200 }),
    async (c) => {
      const s = await getUsageSpec(deps.store, idOf(c));
      return s ? itemResponse(c, toTmf(deps, s)) : tmfProblem(c, 'not_found', `no usage specification ${idOf(c)}`);
    },
    tmfHook as never,
  );
  app.openapi(
    tmfRoute(deps, { method: 'post', path, tag, summary: 'Create a usage specification', scope: 'tmf:write', body: SpecBody, ok: 201 }),
    async (c) => {
      const s = toTmf(deps, await createUsageSpec(deps.store, c.req.valid('json' as never) as z.infer<typeof SpecBody>, deps.now()));
      publish(deps, 'usage', 'UsageSpecificationCreateEvent', 'usageSpecification', s);
      return itemResponse(c, s, 201);
    },
    tmfHook as never,
  );
  app.openapi(
    tmfRoute(deps, { method: 'patch', path: `${path}/{id}`, tag, summary: 'Update a usage specification', scope: 'tmf:write', params: IdParam, body: SpecPatch, ok: 200 }),
    async (c) => {
      const r = await changeUsageSpec(deps.store, idOf(c), c.req.valid('json' as never) as Record<string, unknown>);
      if (!r.ok) return tmfProblem(c, r.code, `usage specification ${idOf(c)}: ${r.code === 'not_found' ? 'not found' : 'built in, fixed'}`);
      return itemResponse(c, toTmf(deps, r.spec!));
    },
    tmfHook as never,
  );
  app.openapi(
    tmfRoute(deps, { method: 'delete', path: `${path}/{id}`, tag, summary: 'Delete a usage specification', scope: 'tmf:write', params: IdParam, ok: 204 }),
    async (c) => {
      const r = await changeUsageSpec(deps.store, idOf(c), undefined);
      if (!r.ok) return tmfProblem(c, r.code, `usage specification ${idOf(c)}: ${r.code === 'not_found' ? 'not found' : 'built in, fixed'}`);
      return c.body(null, 204);
    },
    tmfHook as never,
  );
}
