import { randomUUID } from 'node:crypto';
import type { Store } from '../../store/open-store.js';

export interface UsageSpec { id: string; name: string; body: Record<string, unknown>; builtIn: boolean }

/** The usage kinds the rating engine knows are specifications that always exist. */
export const BUILT_IN_SPECS: readonly UsageSpec[] = [
  { id: 'data', name: 'data', builtIn: true, body: { description: 'Mobile data session, quantity in bytes', lifecycleStatus: 'Active' } },
  { id: 'voice', name: 'voice', builtIn: true, body: { description: 'Voice call, quantity in seconds', lifecycleStatus: 'Active' } },
  { id: 'sms', name: 'sms', builtIn: true, body: { description: 'SMS, quantity in messages', lifecycleStatus: 'Active' } },
];

const toSpec = (r: { id: string; name: string; body: string }): UsageSpec => ({ id: r.id, name: r.name, body: JSON.parse(r.body) as Record<string, unknown>, builtIn: false });

export async function listUsageSpecs(store: Store): Promise<UsageSpec[]> {
  const rows = await store.db.selectFrom('tmf_usage_specs').select(['id', 'name', 'body']).orderBy('created_at').orderBy('id').execute();
  return [...BUILT_IN_SPECS, ...rows.map(toSpec)];
}

export async function getUsageSpec(store: Store, id: string): Promise<UsageSpec | undefined> {
  const builtIn = BUILT_IN_SPECS.find((s) => s.id === id);
  if (builtIn) return builtIn;
  const row = await store.db.selectFrom('tmf_usage_specs').select(['id', 'name', 'body']).where('id', '=', id).executeTakeFirst();
  return row && toSpec(row);
}

export async function createUsageSpec(store: Store, body: Record<string, unknown> & { name: string }, nowMs: number): Promise<UsageSpec> {
  const { id: _id, href: _href, ...rest } = body;
  const spec = { id: randomUUID(), name: body.name, body: rest, builtIn: false };
  await store.db.insertInto('tmf_usage_specs').values({ id: spec.id, name: spec.name, body: JSON.stringify(rest), created_at: nowMs }).execute();
  return spec;
}

export type SpecChange = { ok: true; spec?: UsageSpec } | { ok: false; code: 'not_found' | 'method_not_allowed' };

/** PATCH merges attributes into a stored specification; DELETE (patch undefined) removes it. Built-ins are fixed. */
export async function changeUsageSpec(store: Store, id: string, patch: Record<string, unknown> | undefined): Promise<SpecChange> {
  const spec = await getUsageSpec(store, id);
  if (!spec) return { ok: false, code: 'not_found' };
  if (spec.builtIn) return { ok: false, code: 'method_not_allowed' };
  if (patch === undefined) {
    await store.db.deleteFrom('tmf_usage_specs').where('id', '=', id).execute();
    return { ok: true };
  }
  const { id: _id, href: _href, ...rest } = patch;
  const body = { ...spec.body, ...rest };
  const name = typeof body['name'] === 'string' ? body['name'] : spec.name;
  await store.db.updateTable('tmf_usage_specs').set({ name, body: JSON.stringify(body) }).where('id', '=', id).execute();
  return { ok: true, spec: { ...spec, name, body } };
}
