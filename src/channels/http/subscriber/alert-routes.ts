/**
 * The signed-in account's alert contacts (a verified e-mail address, a webhook URL and its signing
 * secret) and its portal inbox of alerts, with the unread count the portal shows as a badge.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { confirmEmail, getAlertContacts, removeEmail, requestEmailCode, setWebhook } from '../../../services/alerts/alert-contacts.js';
import { inboxOf, markInboxRead, unreadAlerts } from '../../../services/alerts/alert-inbox.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireSubscriber } from '../session-cookie.js';
import { clientAddress } from './auth-routes.js';
import { accountIdOf, errors, handle, iso, jsonContent, outcome, subscriberRoute, tooManyRequests } from './kit.js';

const Contacts = z
  .object({
    email: z.string().nullable(),
    emailVerified: z.boolean(),
    emailPending: z.string().nullable(),
    webhookUrl: z.string().nullable(),
  })
  .openapi('AlertContacts');

const InboxItem = z
  .object({
    id: z.string(),
    rule: z.string(),
    subject: z.string(),
    text: z.string(),
    createdAt: z.string(),
    read: z.boolean(),
  })
  .openapi('AlertInboxItem');

const Inbox = z.object({ items: z.array(InboxItem), unread: z.number().int() }).openapi('AlertInbox');

export function alertRoutes(app: App, deps: AppDeps): void {
  const guard = requireSubscriber(deps);
  contactRoutes(app, deps, guard);
  inboxRoutes(app, deps, guard);
}

function contactRoutes(app: App, deps: AppDeps, guard: ReturnType<typeof requireSubscriber>): void {
  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'get',
        path: '/api/v1/alert-contacts',
        summary: 'Where alerts can reach the account besides its phone',
        responses: { 200: jsonContent(Contacts, 'the contacts'), ...errors() },
      }),
    ),
    async (c) => json(c, await getAlertContacts(deps.store, accountIdOf(c))),
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'put',
        path: '/api/v1/alert-contacts/email',
        summary: 'Send a code to an e-mail address; it is used for alerts once confirmed',
        request: { body: { content: { 'application/json': { schema: z.strictObject({ email: z.string().max(254) }) } }, required: true } },
        responses: { 202: jsonContent(Contacts, 'the code is on its way'), ...errors(400, 422, 429) },
      }),
    ),
    async (c) => {
      const sent = await requestEmailCode(deps, accountIdOf(c), c.req.valid('json').email.trim(), clientAddress(c, deps.config.trustProxy === true));
      if (sent.ok) return json(c, await getAlertContacts(deps.store, accountIdOf(c)), 202);
      if (sent.code === 'too_many_requests') return tooManyRequests(c, sent.retryAfterMs);
      return sent.code === 'invalid_email'
        ? outcome(c, 'invalid_request', 'not an e-mail address', 'email')
        : outcome(c, 'no_email_channel', 'this server sends no e-mail (no SMTP server configured)');
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'post',
        path: '/api/v1/alert-contacts/email/confirm',
        summary: 'Confirm the pending e-mail address with its code',
        request: { body: { content: { 'application/json': { schema: z.strictObject({ code: z.string().regex(/^\d{6}$/, { message: 'must be the 6 digits sent' }) }) } }, required: true } },
        responses: { 200: jsonContent(Contacts, 'the address is verified'), ...errors(400) },
      }),
    ),
    async (c) => {
      const confirmed = await confirmEmail(deps, accountIdOf(c), c.req.valid('json').code);
      return confirmed.ok ? json(c, await getAlertContacts(deps.store, accountIdOf(c))) : outcome(c, 'invalid_code', 'wrong or expired code', 'code');
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'delete',
        path: '/api/v1/alert-contacts/email',
        summary: 'Forget the e-mail address (e-mail alerts stop)',
        responses: { 200: jsonContent(Contacts, 'the contacts'), ...errors() },
      }),
    ),
    async (c) => {
      await removeEmail(deps.store, accountIdOf(c), deps.now());
      return json(c, await getAlertContacts(deps.store, accountIdOf(c)));
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'put',
        path: '/api/v1/alert-contacts/webhook',
        summary: 'Set the webhook URL (https, or http to loopback); answers the new signing secret once',
        request: { body: { content: { 'application/json': { schema: z.strictObject({ url: z.string().max(2000).nullable() }) } }, required: true } },
        responses: { 200: jsonContent(z.object({ url: z.string().nullable(), secret: z.string().nullable() }), 'the URL and its secret (shown only now)'), ...errors(400) },
      }),
    ),
    async (c) => {
      const { url } = c.req.valid('json');
      const set = await setWebhook(deps.store, accountIdOf(c), url, deps.now());
      if (!set.ok) return outcome(c, 'invalid_request', 'must be an https URL (http only to 127.0.0.1 or localhost)', 'url');
      return json(c, { url, secret: set.secret });
    },
  );
}

function inboxRoutes(app: App, deps: AppDeps, guard: ReturnType<typeof requireSubscriber>): void {
  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'get',
        path: '/api/v1/alerts/inbox',
        summary: "The account's alerts, newest first, in its language",
        request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }) },
        responses: { 200: jsonContent(Inbox, 'the inbox'), ...errors(400) },
      }),
    ),
    async (c) => {
      const inbox = await inboxOf(deps.store, accountIdOf(c), c.req.valid('query').limit);
      if (inbox === undefined) return outcome(c, 'not_found', 'the account is gone');
      return json(c, { unread: inbox.unread, items: inbox.items.map(({ createdAtMs, ...i }) => ({ ...i, createdAt: iso(createdAtMs) })) });
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'get',
        path: '/api/v1/alerts/unread',
        summary: 'How many inbox alerts are unread (the badge)',
        responses: { 200: jsonContent(z.object({ unread: z.number().int() }), 'the count'), ...errors() },
      }),
    ),
    async (c) => json(c, { unread: await unreadAlerts(deps.store, accountIdOf(c)) }),
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'post',
        path: '/api/v1/alerts/inbox/read',
        summary: 'Mark inbox alerts read: the ids given, or all',
        request: {
          body: {
            content: {
              'application/json': {
                schema: z.strictObject({
                  ids: z
                    .array(z.string().regex(/^\d{1,18}$/))
                    .max(200)
                    .optional(),
                }),
              },
            },
            required: true,
          },
        },
        responses: { 200: jsonContent(z.object({ unread: z.number().int() }), 'the count left'), ...errors(400) },
      }),
    ),
    async (c) => {
      await markInboxRead(deps.store, accountIdOf(c), c.req.valid('json').ids, deps.now());
      return json(c, { unread: await unreadAlerts(deps.store, accountIdOf(c)) });
    },
  );
}
