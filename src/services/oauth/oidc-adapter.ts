/**
 * oidc-provider's storage adapter over the store: one row per model instance (authorization
 * codes, access and refresh tokens, grants, sessions, interactions) in `oidc_models`, on SQLite
 * and PostgreSQL alike. Registered clients come from `oauth_clients` (see oauth-clients.ts).
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Store } from '../../store/open-store.js';
import { clientMetadata } from './oauth-clients.js';

type Payload = AdapterPayload;

class ModelAdapter implements Adapter {
  constructor(
    private readonly store: Store,
    private readonly model: string,
    private readonly now: () => number,
  ) {}

  async upsert(id: string, payload: Payload, expiresIn?: number): Promise<void> {
    const row = {
      payload: JSON.stringify(payload),
      grant_id: payload.grantId ?? null,
      uid: payload.uid ?? null,
      user_code: payload.userCode ?? null,
      expires_at: expiresIn ? this.now() + expiresIn * 1000 : null,
      consumed_at: null,
    };
    await this.store.db
      .insertInto('oidc_models')
      .values({ model: this.model, id, ...row })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
      .execute();
  }

  private async findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<Payload | undefined> {
    const row = await this.store.db.selectFrom('oidc_models').select(['payload', 'expires_at', 'consumed_at']).where('model', '=', this.model).where(column, '=', value).executeTakeFirst();
    if (!row || (row.expires_at !== null && Number(row.expires_at) <= this.now())) return undefined;
    const payload = JSON.parse(row.payload) as Payload;
    return row.consumed_at === null ? payload : { ...payload, consumed: Math.floor(Number(row.consumed_at) / 1000) };
  }

  find(id: string): Promise<Payload | undefined> {
    return this.findWhere('id', id);
  }
  findByUid(uid: string): Promise<Payload | undefined> {
    return this.findWhere('uid', uid);
  }
  findByUserCode(userCode: string): Promise<Payload | undefined> {
    return this.findWhere('user_code', userCode);
  }

  async consume(id: string): Promise<void> {
    await this.store.db.updateTable('oidc_models').set({ consumed_at: this.now() }).where('model', '=', this.model).where('id', '=', id).execute();
  }

  async destroy(id: string): Promise<void> {
    await this.store.db.deleteFrom('oidc_models').where('model', '=', this.model).where('id', '=', id).execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.store.db.deleteFrom('oidc_models').where('model', '=', this.model).where('grant_id', '=', grantId).execute();
  }
}

/** Clients are read-only here: operators register them with `simledger clients create`. */
class ClientAdapter implements Adapter {
  constructor(private readonly store: Store) {}
  async find(id: string): Promise<Payload | undefined> {
    return clientMetadata(this.store, id);
  }
  async upsert(): Promise<void> {
    throw new Error('clients are registered with `simledger clients create`');
  }
  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}

/** The adapter factory oidc-provider calls once per model name. */
export function oidcAdapterFactory(store: Store, now: () => number): (model: string) => Adapter {
  return (model) => (model === 'Client' ? new ClientAdapter(store) : new ModelAdapter(store, model, now));
}

/** Every model row of a grant: revoking a consent ends its codes, tokens and the grant itself. */
export async function destroyGrantRows(store: Store, grantId: string): Promise<void> {
  await store.db
    .deleteFrom('oidc_models')
    .where((eb) => eb.or([eb('grant_id', '=', grantId), eb.and([eb('model', '=', 'Grant'), eb('id', '=', grantId)])]))
    .execute();
}

/** Rows past their expiry (run now and then; find() already ignores them). */
export async function pruneOidcModels(store: Store, nowMs: number): Promise<number> {
  const r = await store.db.deleteFrom('oidc_models').where('expires_at', '<=', nowMs).executeTakeFirst();
  return Number(r.numDeletedRows);
}
