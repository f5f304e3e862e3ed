import { randomUUID } from 'node:crypto';
import { keysetPage, numberPart, type PageArgs, type PageOf } from '../../store/keyset.js';
import type { Store } from '../../store/open-store.js';

export interface UsageSpec {
  id: string;
  name: string;
  body: Record<string, unknown>;
  builtIn: boolean;
}

/** The usage kinds the rating engine knows are specifications that always exist. */
export const BUILT_IN_SPECS: readonly UsageSpec[] = [
  { id: 'data', name: 'data', builtIn: true, body: { description: 'Mobile data session, quantity in bytes', lifecycleStatus: 'Active' } },
  { id: 'voice', name: 'voice', builtIn: true, body: { description: 'Voice call, quantity in seconds', lifecycleStatus: 'Active' } },
  { id: 'sms', name: 'sms', builtIn: true, body: { description: 'SMS, quantity in messages', lifecycleStatus: 'Active' } },
];

const toSpec = (r: { id: string; name: string; body: string }): UsageSpec => ({ id: r.id, name: r.name, body: JSON.parse(r.body) as Record<string, unknown>, builtIn: false });

export interface UsageSpecFilter {
  id?: string;
  name?: string;
}

/** The built-ins first (as if created at 0), then the stored ones by (created_at, id). */
export async function usageSpecsPage(store: Store, args: PageArgs, f: UsageSpecFilter): Promise<PageOf<UsageSpec>> {
  const afterBuiltIn = args.after !== undefined && args.after[0] === 0;
  const head = BUILT_IN_SPECS.filter((s) => (f.id === undefined || s.id === f.id) && (f.name === undefined || s.name === f.name))
    .filter((s) => args.after === undefined || (afterBuiltIn && s.id > String(args.after[1])))
    .slice(args.offset)
    .map((s) => ({ key: [0, s.id], value: s }));
  if (head.length > args.limit) return { items: head.slice(0, args.limit), more: true };
  let q = store.db.selectFrom('tmf_usage_specs').select(['id', 'name', 'body', 'created_at']);
  if (f.id !== undefined) q = q.where('id', '=', f.id);
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  const skipped = args.offset - Math.min(args.offset, BUILT_IN_SPECS.length);
  const tail = await keysetPage(
    q,
    { columns: ['created_at', 'id'], keyOf: (r) => [numberPart(r.created_at), r.id] },
    { ...(args.after && !afterBuiltIn ? { after: args.after } : {}), offset: head.length > 0 ? 0 : skipped, limit: args.limit - head.length },
    toSpec,
  );
  return { items: [...head, ...tail.items], more: tail.more };
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
  await store.db
    .insertInto('tmf_usage_specs')
    .values({ id: spec.id, name: spec.name, body: JSON.stringify(rest), created_at: nowMs })
    .execute();
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
  await store.db
    .updateTable('tmf_usage_specs')
    .set({ name, body: JSON.stringify(body) })
    .where('id', '=', id)
    .execute();
  return { ok: true, spec: { ...spec, name, body } };
}
