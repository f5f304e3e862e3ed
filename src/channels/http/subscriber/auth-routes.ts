/**
 * Subscriber sign-in under /api/v1/auth: password or SMS code, forgotten password, sign-out,
 * change of password or login phone. Each route: decode -> one service call -> render.
 */
import { createRoute, z, type RouteConfig } from '@hono/zod-openapi';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import type { Throttled } from '../../../services/auth/auth-deps.js';
import { changePassword, confirmPhoneChange, requestPhoneChange, type Caller } from '../../../services/auth/change-credentials.js';
import { requestPasswordReset, resetPassword } from '../../../services/auth/reset-password.js';
import { requestSignInCode, signInWithCode } from '../../../services/auth/sign-in-with-code.js';
import { signInWithPassword } from '../../../services/auth/sign-in-with-password.js';
import { endSession } from '../../../services/sessions.js';
import type { App } from '../app.js';
import type { AppDeps, AppEnv } from '../env.js';
import { json } from '../json.js';
import { problem } from '../problem.js';
import { jsonBody } from '../json-body.js';
import { sameOriginOnly } from '../same-origin.js';
import { clearSessionCookie, requireSubscriber, sessionOf, setSessionCookie } from '../session-cookie.js';
import { handle, jsonContent, Problem, tooManyRequests } from './kit.js';

export interface AuthRouteOptions {
  /**
   * Take the client address from the last `X-Forwarded-For` entry, i.e. the one our own reverse
   * proxy appended. Only when such a proxy is in front; otherwise anyone could pick an address.
   * Default: `deps.config.trustProxy` when the config has it, else false (the socket's address).
   */
  readonly trustProxy?: boolean;
}

/**
 * The address failures are counted against. `app.request()` has no socket: there it is
 * `unknown` (tests that need distinct addresses set `trustProxy` and send X-Forwarded-For).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const last = c.req
      .header('x-forwarded-for')
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .at(-1);
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const Phone = z.string().min(1).max(32).openapi({ example: '+85291234567', description: 'login phone, E.164' });
const Code = z
  .string()
  .regex(/^\d{6}$/, { message: 'must be the 6 digits of the SMS code' })
  .openapi({ example: '123456' });
const NewPassword = z.string().min(8).max(1024).openapi({ description: 'at least 8 characters' });
const AnyPassword = z.string().min(1).max(1024);

const SessionInfo = z.object({ accountId: z.string(), csrfToken: z.string().openapi({ description: 'send as X-CSRF-Token on state-changing requests' }) }).openapi('SessionInfo');
const Accepted = z.object({ status: z.literal('accepted'), detail: z.string() }).openapi('CodeRequestAccepted');
const ACCEPTED = { status: 'accepted', detail: 'if this phone number has an account, a code is on its way (valid 10 minutes)' } as const;

const body = <S extends z.ZodType>(schema: S) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const problems = (statuses: Record<number, string>) =>
  Object.fromEntries(Object.entries(statuses).map(([status, description]) => [status, { content: { 'application/problem+json': { schema: Problem } }, description }]));
const TOO_MANY = 'too many attempts from this address or for this phone (`too_many_requests`, with Retry-After)';
const BAD_INPUT = 'bad input, naming the field (`invalid_request`)';
const NO_SESSION = { 401: 'no live session (`unauthorized`)', 403: 'missing or wrong X-CSRF-Token (`csrf_failed`)' };

const DETAILS: Record<string, string> = {
  invalid_credentials: 'the phone number or the password is wrong',
  invalid_code: 'the code is wrong, used or expired; ask for a new one',
  reauthentication_required: 'the current password is needed again and was wrong',
  invalid_phone: 'newPhone is not a valid phone number (E.164, e.g. +85291234567)',
};

function refuse(c: Context, result: { code: string } | Throttled): Response {
  if ('retryAfterMs' in result) return tooManyRequests(c, result.retryAfterMs);
  return problem(c, result.code, DETAILS[result.code]);
}

function signedIn(c: Context, deps: AppDeps, r: { token: string; accountId: string; csrfToken: string }): Response {
  setSessionCookie(c, deps, r.token);
  return json(c, { accountId: r.accountId, csrfToken: r.csrfToken }, 200, { 'cache-control': 'no-store' });
}

/** Under /api/v1/auth; `gate` first (a session or, signed out, a same-origin check), then a body's JSON check. */
function route<R extends RouteConfig>(gate: MiddlewareHandler<AppEnv>, config: R): R {
  const middleware = config.request?.body === undefined ? [gate] : [gate, jsonBody];
  return createRoute({ ...config, middleware, path: `/api/v1/auth${config.path}`, tags: ['auth'] });
}

type ClientOf = (c: Context) => string;

export function authRoutes(app: App, deps: AppDeps, options: AuthRouteOptions = {}): void {
  const trustProxy = options.trustProxy ?? deps.config.trustProxy === true;
  const client: ClientOf = (c) => clientAddress(c, trustProxy);
  signedOutRoutes(app, deps, client);
  sessionRoutes(app, deps, client);
}

/** Signing in and recovering a password: open to anyone, from the portal's own origin. */
function signedOutRoutes(app: App, deps: AppDeps, client: ClientOf): void {
  const open = sameOriginOnly(deps);

  handle(
    app,
    route(open, {
      method: 'post',
      path: '/sign-in',
      summary: 'Sign in with phone and password (sets a new session cookie)',
      request: body(z.object({ phone: Phone, password: AnyPassword })),
      responses: { 200: jsonContent(SessionInfo, 'signed in'), ...problems({ 400: BAD_INPUT, 401: 'any wrong phone/password combination (`invalid_credentials`)', 429: TOO_MANY }) },
    }),
    async (c) => {
      const r = await signInWithPassword(deps, { ...c.req.valid('json'), client: client(c) });
      return r.ok ? signedIn(c, deps, r) : refuse(c, r);
    },
  );

  handle(
    app,
    route(open, {
      method: 'post',
      path: '/otp/request',
      summary: 'Ask for a sign-in code by SMS (same answer for every phone)',
      request: body(z.object({ phone: Phone, purpose: z.literal('sign_in').default('sign_in') })),
      responses: { 202: jsonContent(Accepted, 'a code is sent if the phone has an account'), ...problems({ 400: BAD_INPUT, 429: TOO_MANY }) },
    }),
    async (c) => {
      const r = await requestSignInCode(deps, { phone: c.req.valid('json').phone, client: client(c) });
      return r.ok ? json(c, ACCEPTED, 202) : refuse(c, r);
    },
  );

  handle(
    app,
    route(open, {
      method: 'post',
      path: '/otp/verify',
      summary: 'Sign in with phone and SMS code (sets a new session cookie)',
      request: body(z.object({ phone: Phone, code: Code })),
      responses: { 200: jsonContent(SessionInfo, 'signed in'), ...problems({ 400: BAD_INPUT, 401: 'wrong, used, dead or expired code (`invalid_code`)', 429: TOO_MANY }) },
    }),
    async (c) => {
      const r = await signInWithCode(deps, { ...c.req.valid('json'), client: client(c) });
      return r.ok ? signedIn(c, deps, r) : refuse(c, r);
    },
  );

  handle(
    app,
    route(open, {
      method: 'post',
      path: '/password/forgot',
      summary: 'Ask for a password reset code by SMS (same answer for every phone)',
      request: body(z.object({ phone: Phone })),
      responses: { 202: jsonContent(Accepted, 'a code is sent if the phone has an account'), ...problems({ 400: BAD_INPUT, 429: TOO_MANY }) },
    }),
    async (c) => {
      const r = await requestPasswordReset(deps, { phone: c.req.valid('json').phone, client: client(c) });
      return r.ok ? json(c, ACCEPTED, 202) : refuse(c, r);
    },
  );

  handle(
    app,
    route(open, {
      method: 'post',
      path: '/password/reset',
      summary: 'Set a new password with the SMS code; ends every session of the account',
      request: body(z.object({ phone: Phone, code: Code, newPassword: NewPassword })),
      responses: { 204: { description: 'password set' }, ...problems({ 400: BAD_INPUT, 401: '`invalid_code`', 429: TOO_MANY }) },
    }),
    async (c) => {
      const r = await resetPassword(deps, { ...c.req.valid('json'), client: client(c) });
      return r.ok ? c.body(null, 204) : refuse(c, r);
    },
  );

  handle(
    app,
    route(open, {
      method: 'get',
      path: '/session',
      summary: 'The current session and its CSRF token',
      security: [{ sessionCookie: [] }],
      responses: { 200: jsonContent(SessionInfo, 'signed in'), ...problems({ 401: 'no live session (`unauthorized`)' }) },
    }),
    async (c) => {
      const session = await sessionOf(c, deps);
      if (!session) return problem(c, 'unauthorized', 'sign in first', { status: 401 });
      return json(c, { accountId: session.accountId, csrfToken: session.csrfToken }, 200, { 'cache-control': 'no-store' });
    },
  );
}

/** What a signed-in subscriber does to their own session, password and login phone. */
function sessionRoutes(app: App, deps: AppDeps, client: ClientOf): void {
  const guard = requireSubscriber(deps);
  const caller = (c: Context<AppEnv>): Caller => {
    const who = c.get('subscriber');
    if (!who) throw new Error('auth route without requireSubscriber');
    return { accountId: who.accountId, sessionId: who.sessionId, client: client(c) };
  };
  const withSession = { security: [{ sessionCookie: [] as string[] }] };

  handle(
    app,
    route(guard, {
      method: 'post',
      path: '/sign-out',
      summary: 'End this session and clear its cookie',
      ...withSession,
      responses: { 204: { description: 'signed out' }, ...problems(NO_SESSION) },
    }),
    async (c) => {
      await endSession(deps.store, caller(c).sessionId);
      clearSessionCookie(c, deps);
      return c.body(null, 204);
    },
  );

  handle(
    app,
    route(guard, {
      method: 'post',
      path: '/password/change',
      summary: 'Change the password (needs the current one); ends the other sessions',
      ...withSession,
      request: body(z.object({ currentPassword: AnyPassword, newPassword: NewPassword })),
      responses: {
        204: { description: 'password changed' },
        ...problems({ ...NO_SESSION, 400: BAD_INPUT, 401: 'no session, or the current password is wrong (`reauthentication_required`)', 429: TOO_MANY }),
      },
    }),
    async (c) => {
      const r = await changePassword(deps, caller(c), c.req.valid('json'));
      return r.ok ? c.body(null, 204) : refuse(c, r);
    },
  );

  handle(
    app,
    route(guard, {
      method: 'post',
      path: '/phone/change/request',
      summary: 'Send a code to a new login phone (needs the password)',
      ...withSession,
      request: body(z.object({ password: AnyPassword, newPhone: Phone })),
      responses: {
        202: jsonContent(Accepted, 'a code is sent to the new phone unless another account uses it'),
        ...problems({ ...NO_SESSION, 400: BAD_INPUT, 401: 'no session, or the password is wrong (`reauthentication_required`)', 429: TOO_MANY }),
      },
    }),
    async (c) => {
      const r = await requestPhoneChange(deps, caller(c), c.req.valid('json'));
      if (r.ok) return json(c, ACCEPTED, 202);
      return r.code === 'invalid_phone' ? problem(c, r.code, DETAILS[r.code], { errors: [{ field: 'newPhone', reason: DETAILS[r.code]! }] }) : refuse(c, r);
    },
  );

  handle(
    app,
    route(guard, {
      method: 'post',
      path: '/phone/change/confirm',
      summary: 'Confirm the new login phone with the code sent to it; ends the other sessions',
      ...withSession,
      request: body(z.object({ code: Code })),
      responses: {
        204: { description: 'login phone changed' },
        ...problems({ ...NO_SESSION, 400: BAD_INPUT, 401: 'no session, or a wrong/used/expired code, or the phone is not available (`invalid_code`)', 429: TOO_MANY }),
      },
    }),
    async (c) => {
      const r = await confirmPhoneChange(deps, caller(c), c.req.valid('json'));
      return r.ok ? c.body(null, 204) : refuse(c, r);
    },
  );
}
