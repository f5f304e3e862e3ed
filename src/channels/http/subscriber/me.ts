/** GET/PATCH /api/v1/me: the signed-in subscriber's account, and its language and time zone. */
import { createRoute, z } from '@hono/zod-openapi';
import { LANGUAGES } from '../../../services/provisioning-schema.js';
import { isTimeZone } from '../../../services/query-usage.js';
import { getAccount } from '../../../services/query-account.js';
import { updateAccountSettings } from '../../../services/update-account-settings.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireSubscriber } from '../session-cookie.js';
import { accountIdOf, errors, handle, jsonContent, outcome, subscriberRoute } from './kit.js';

const Account = z
  .object({
    id: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    language: z.enum(LANGUAGES),
    timeZone: z.string(),
    currency: z.string(),
  })
  .openapi('Account');

/** An IANA zone name (`Asia/Tokyo`, `UTC`), written back in the runtime's canonical spelling. */
const TimeZone = z
  .string()
  .max(64)
  .refine((s) => /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(s) && isTimeZone(s), {
    message: 'is not an IANA time zone (e.g. Asia/Tokyo)',
  })
  .transform((s) => new Intl.DateTimeFormat('en', { timeZone: s }).resolvedOptions().timeZone)
  .openapi({ type: 'string', example: 'Asia/Tokyo' });

const Settings = z
  .strictObject({
    language: z.enum(LANGUAGES, { error: `must be one of ${LANGUAGES.join(' ')}` }).optional(),
    timeZone: TimeZone.optional(),
  })
  .openapi('AccountSettings');

export function meRoutes(app: App, deps: AppDeps): void {
  const guard = requireSubscriber(deps);
  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'get',
        path: '/api/v1/me',
        summary: 'The signed-in account',
        responses: { 200: jsonContent(Account, 'the account'), ...errors() },
      }),
    ),
    async (c) => {
      const found = await getAccount(deps.store, accountIdOf(c));
      return found.ok ? json(c, found.value) : outcome(c, 'not_found', 'the account is gone');
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'patch',
        path: '/api/v1/me',
        summary: 'Change the language or time zone',
        request: { body: { content: { 'application/json': { schema: Settings } }, required: true } },
        responses: { 200: jsonContent(Account, 'the account as changed'), ...errors(400) },
      }),
    ),
    async (c) => {
      const found = await updateAccountSettings(deps.store, accountIdOf(c), c.req.valid('json'));
      return found.ok ? json(c, found.value) : outcome(c, 'not_found', 'the account is gone');
    },
  );
}
