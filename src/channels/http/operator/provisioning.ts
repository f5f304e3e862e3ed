import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { provision } from '../../../services/provision.js';
import { provisioningSchema, SECTIONS } from '../../../services/provisioning-schema.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireScope } from '../operator-auth.js';
import { problem } from '../problem.js';
import { jsonBody, OPERATOR_BASE, OPERATOR_SECURITY, problemResponses } from './common.js';

const SectionCounts = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }).openapi('ProvisionSectionCounts');
const Counts = z.object(Object.fromEntries(SECTIONS.map((s) => [s, SectionCounts])) as Record<(typeof SECTIONS)[number], typeof SectionCounts>).openapi('ProvisionCounts');

const provisionRoute = (deps: AppDeps) =>
  createRoute({
    method: 'post',
    path: `${OPERATOR_BASE}/provisioning`,
    tags: ['Operator: provisioning'],
    security: OPERATOR_SECURITY,
    summary: 'Load or update tariffs, plans, accounts, eSIMs, top-ups and purchases',
    description: 'The provisioning JSON, all or nothing, idempotent by id. A 400 lists every error with its section, index, id, field, code and reason. Scope catalog:write.',
    middleware: [requireScope(deps, 'catalog:write'), jsonBody],
    request: { body: { required: true, content: { 'application/json': { schema: provisioningSchema } } } },
    responses: {
      200: { description: 'Counts per section', content: { 'application/json': { schema: Counts } } },
      ...problemResponses(400, 401, 403, 415),
    },
  });

/** Runs the service on the raw body: it validates by itself and names section, index, id and field. */
async function applyProvisioning(c: Context, deps: AppDeps): Promise<Response> {
  const result = await provision(deps.store, await c.req.json(), deps.now());
  if (result.ok) return json(c, result.counts);
  const first = result.errors[0];
  return problem(c, 'invalid_provisioning', `${result.errors.length} error(s), nothing applied${first ? `; first: ${first.field}: ${first.reason}` : ''}`, {
    status: 400,
    errors: result.errors.map((e) => ({ ...e })),
  });
}

export function provisioningRoutes(app: App, deps: AppDeps): void {
  // The route's schema documents the body; on a schema failure the service's own report answers.
  app.openapi(
    provisionRoute(deps),
    ((c: Context) => applyProvisioning(c, deps)) as never,
    ((result: { success: boolean }, c: Context) => (result.success ? undefined : applyProvisioning(c, deps))) as never,
  );
}
