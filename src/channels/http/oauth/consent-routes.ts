/**
 * The consent screen's API, under the interaction's own path (the interaction cookie is scoped
 * to it): what the app asks, the subscriber's eSIMs to pick from, then allow or deny. Sign-in is
 * the portal's own (its session cookie, throttles and CSRF token).
 */
import type { Context } from 'hono';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import { listEsims } from '../../../services/query-account.js';
import { recordConsent } from '../../../services/oauth/consents.js';
import { clientName } from '../../../services/oauth/oauth-clients.js';
import { CONSENT_TTL_S, RESOURCE_SCOPES } from '../../../services/oauth/oauth-scopes.js';
import type { App } from '../app.js';
import type { AppDeps, AppEnv } from '../env.js';
import { json } from '../json.js';
import { jsonBody } from '../json-body.js';
import { problem } from '../problem.js';
import { requireSubscriber } from '../session-cookie.js';
import { nodePairOf } from './oidc-bridge.js';
import { CONSENT_PATH, issuerFor, oidcProvider, resourceOf } from './provider.js';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** The interaction of this browser (its cookie) and of this URL; undefined when gone or not ours. */
async function interactionOf(c: Context, deps: AppDeps): Promise<{ provider: Provider; interaction: Interaction } | undefined> {
  const pair = nodePairOf(c);
  if (!pair) return undefined;
  const provider = await oidcProvider(deps, c.req.url);
  try {
    const interaction = await provider.interactionDetails(pair.incoming, pair.outgoing);
    return interaction.uid === c.req.param('uid') ? { provider, interaction } : undefined;
  } catch {
    return undefined;
  }
}

const gone = (c: Context) => problem(c, 'not_found', 'this authorization request has ended or belongs to another browser; start again from the app');

function requestedScopes(interaction: Interaction): string[] {
  const asked = String(interaction.params['scope'] ?? '').split(' ');
  return RESOURCE_SCOPES.filter((s) => asked.includes(s));
}

const Decision = z.strictObject({
  iccids: z
    .array(z.string().regex(/^\d{19,20}$/))
    .min(1, 'pick at least one eSIM')
    .max(50),
  scopes: z.array(z.string()).optional(),
});

export function consentRoutes(app: App, deps: AppDeps): void {
  const guard = requireSubscriber(deps);

  app.get(`${CONSENT_PATH}/:uid/details`, guard, async (c) => {
    const found = await interactionOf(c, deps);
    if (!found) return gone(c);
    const clientId = String(found.interaction.params['client_id']);
    const esims = await listEsims(deps.store, c.get('subscriber')!.accountId);
    return json(
      c,
      {
        client: { id: clientId, name: (await clientName(deps.store, clientId)) ?? clientId },
        scopes: requestedScopes(found.interaction),
        openid: String(found.interaction.params['scope'] ?? '')
          .split(' ')
          .includes('openid'),
        esims: esims.map((e) => ({ iccid: e.iccid, msisdn: e.msisdn })),
        expiresAt: new Date(deps.now() + CONSENT_TTL_S * 1000).toISOString(),
      },
      200,
      { 'cache-control': 'no-store' },
    );
  });

  app.post(`${CONSENT_PATH}/:uid/confirm`, guard, jsonBody, async (c: Context<AppEnv>) => {
    const parsed = Decision.safeParse(await c.req.json());
    if (!parsed.success) return problem(c, 'invalid_request', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const found = await interactionOf(c, deps);
    if (!found) return gone(c);
    const accountId = c.get('subscriber')!.accountId;
    const asked = requestedScopes(found.interaction);
    const scopes = parsed.data.scopes === undefined ? asked : asked.filter((s) => parsed.data.scopes!.includes(s));
    const { provider, interaction } = found;
    const clientId = String(interaction.params['client_id']);
    const grant = new provider.Grant({ accountId, clientId });
    // The app's scopes are both OP scopes (the prompt checks them) and the API's (the token carries them).
    const resource = resourceOf(issuerFor(deps, c.req.url));
    const declined = asked.filter((s) => !scopes.includes(s));
    const openid = String(interaction.params['scope'] ?? '')
      .split(' ')
      .includes('openid')
      ? ['openid']
      : [];
    grant.addOIDCScope([...openid, ...scopes].join(' '));
    grant.addResourceScope(resource, scopes.join(' '));
    if (declined.length > 0) {
      grant.rejectOIDCScope(declined.join(' '));
      grant.rejectResourceScope(resource, declined.join(' '));
    }
    const grantId = await grant.save();
    const recorded = await recordConsent(deps.store, { grantId, accountId, clientId, scopes, iccids: parsed.data.iccids, expiresAt: deps.now() + CONSENT_TTL_S * 1000 }, deps.now());
    if (!recorded.ok) {
      await grant.destroy();
      return problem(c, 'unknown_esim', 'pick among your own eSIMs', { status: 404 });
    }
    const pair = nodePairOf(c)!;
    const redirectTo = await provider.interactionResult(pair.incoming, pair.outgoing, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
    return json(c, { redirectTo });
  });

  app.post(`${CONSENT_PATH}/:uid/deny`, guard, async (c) => {
    const found = await interactionOf(c, deps);
    if (!found) return gone(c);
    const pair = nodePairOf(c)!;
    const redirectTo = await found.provider.interactionResult(
      pair.incoming,
      pair.outgoing,
      { error: 'access_denied', error_description: 'the subscriber did not allow access' },
      { mergeWithLastSubmission: false },
    );
    return json(c, { redirectTo });
  });
}
