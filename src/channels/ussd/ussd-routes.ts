/**
 * USSD over the common HTTP gateway callback (Africa's Talking style):
 * `POST /channels/ussd` with form fields sessionId, serviceCode, phoneNumber, networkCode and text
 * (every choice of the session so far joined by `*`, empty at first); the answer is text/plain
 * `CON ...` (wait for a choice) or `END ...`. The gateway vouches for phoneNumber, so only its
 * addresses are heard (SIMLEDGER_USSD_ALLOW, default loopback).
 */
import type { Context } from 'hono';
import { LOOPBACK_ALLOW } from '../../config/address-list.js';
import { loadChannelSession, pruneChannelSessions, saveChannelSession } from '../../services/channel-sessions.js';
import { findLineByMsisdn } from '../../services/find-line-by-msisdn.js';
import type { RouteModule } from '../http/app.js';
import type { AppDeps } from '../http/env.js';
import { problem } from '../http/problem.js';
import { addressAllowList, socketAddress } from '../gateway-address.js';
import { answerChoice, promptOf, type UssdState } from './ussd-menu.js';
import { replyBody, unknownNumberScreen, type Screen } from './ussd-screens.js';
import { languageOfNumber } from './ussd-texts.js';

export const USSD_PATH = '/channels/ussd';
/** A session idle this long is over; the same session id then starts at the main menu. */
export const USSD_IDLE_MS = 180_000;

export interface UssdRouteOptions {
  /** The caller's address; default: the socket's peer. Tests without a socket inject one. */
  readonly clientAddress?: (c: Context) => string | undefined;
  /** Default: `deps.config.ussdAllow` when the config has it, else loopback only. */
  readonly allow?: readonly string[];
  readonly idleMs?: number;
}

function configuredAllow(deps: AppDeps): readonly string[] {
  return deps.config.ussdAllow ?? LOOPBACK_ALLOW;
}

/** A live session keeps its number; a session id reused for another number starts over. */
function sameNumber(phoneNumber: string, msisdn: string): boolean {
  const digits = (s: string) => s.replace(/\D/g, '');
  return digits(phoneNumber) === digits(msisdn);
}

interface Request {
  sessionId: string;
  phoneNumber: string;
  choices: string[];
}

async function decode(c: Context): Promise<Request | undefined> {
  const form = await c.req.parseBody().catch(() => undefined);
  const field = (name: string) => (typeof form?.[name] === 'string' ? form[name] : undefined);
  const sessionId = field('sessionId');
  const phoneNumber = field('phoneNumber');
  const text = field('text') ?? '';
  if (!sessionId || !phoneNumber || sessionId.length > 200 || text.length > 1000) return undefined;
  return { sessionId, phoneNumber, choices: text === '' ? [] : text.split('*') };
}

/** Answers the choices the session has not answered yet; an ending screen stops there. */
async function converse(deps: AppDeps, req: Request, start: UssdState): Promise<{ screen: Screen; state: UssdState }> {
  let state = start;
  let screen = promptOf(state);
  for (const choice of req.choices.slice(state.consumed)) {
    ({ screen, state } = await answerChoice(deps, state, req.sessionId, choice));
    if (screen.end) break;
  }
  return { screen, state: { ...state, consumed: req.choices.length } };
}

export function ussdRoutesWith(options: UssdRouteOptions = {}): RouteModule {
  return (app, deps) => {
    const allowed = addressAllowList(options.allow ?? configuredAllow(deps));
    const clientAddress = options.clientAddress ?? socketAddress;
    const idleMs = options.idleMs ?? USSD_IDLE_MS;
    const reply = (c: Context, screen: Screen) => c.text(replyBody(screen), 200, { 'cache-control': 'no-store' });

    app.post(USSD_PATH, async (c) => {
      const address = clientAddress(c);
      if (!allowed(address)) {
        deps.log.warn({ address }, 'USSD request from an address that is not a configured gateway');
        return problem(c, 'forbidden', 'this address is not a configured USSD gateway');
      }
      const req = await decode(c);
      if (req === undefined) return problem(c, 'invalid_request', 'sessionId and phoneNumber are required form fields');
      const nowMs = deps.now();
      const loaded = await loadChannelSession<UssdState>(deps.store, 'ussd', req.sessionId, nowMs);
      let state: UssdState;
      if (loaded.status === 'live' && sameNumber(req.phoneNumber, loaded.state.line.msisdn)) {
        state = loaded.state;
      } else {
        const found = await findLineByMsisdn(deps.store, req.phoneNumber);
        if (!found.ok) return reply(c, unknownNumberScreen(languageOfNumber(req.phoneNumber)));
        await pruneChannelSessions(deps.store, nowMs);
        // A new session answers choices dialled with the code (*100*1#); an expired one starts over.
        state = { line: found.line, step: 'main', consumed: loaded.status === 'none' ? 0 : req.choices.length };
      }
      const turn = await converse(deps, req, state);
      await saveChannelSession(deps.store, 'ussd', req.sessionId, {
        msisdn: turn.state.line.msisdn,
        state: turn.state,
        expiresAt: turn.screen.end ? nowMs : nowMs + idleMs,
      });
      return reply(c, turn.screen);
    });
  };
}

export const ussdRoutes: RouteModule = ussdRoutesWith();
