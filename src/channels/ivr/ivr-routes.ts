/**
 * The hotline as Twilio webhooks: `POST /channels/ivr/voice` (the number's voice URL) and the
 * action URLs its TwiML names (`/channels/ivr/language`, `/menu`, `/topup` ...). Every request's
 * X-Twilio-Signature is checked against SIMLEDGER_TWILIO_AUTH_TOKEN and the public URL
 * (deps.config.publicUrl + path + query): 403 when missing or wrong. Without a token: 404.
 */
import type { Context } from 'hono';
import type { AgentTarget } from '../../config/ivr-agent.js';
import { message } from '../../messages/catalogue.js';
import { isLanguage, LOCALE_OF } from '../../messages/languages.js';
import { loadChannelSession, pruneChannelSessions, saveChannelSession } from '../../services/channel-sessions.js';
import type { RouteModule } from '../http/app.js';
import type { AppDeps } from '../http/env.js';
import { problem } from '../http/problem.js';
import { IVR_BASE, IVR_STEP_HANDLERS, IVR_STEPS, newCall, type CallState, type IvrStep } from './ivr-flow.js';
import { isValidTwilioSignature } from './twilio-signature.js';
import { redirect, response, say } from './twiml.js';
import { IVR_VOICE } from './ivr-texts.js';

/** A call's state is forgotten after this long without a request. */
export const IVR_IDLE_MS = 30 * 60_000;

export interface IvrRouteOptions {
  /** Default: `deps.config.twilioAuthToken` when the config has it. */
  readonly authToken?: string;
  /** Default: `deps.config.ivrAgent`. */
  readonly agent?: AgentTarget;
}

function configuredToken(deps: AppDeps): string | undefined {
  return deps.config.twilioAuthToken || undefined;
}

/** The URL Twilio requested, as the public sees it: the signature covers it. */
function publicUrlOf(deps: AppDeps, c: Context): string {
  const requested = new URL(c.req.url);
  return `${deps.config.publicUrl}${requested.pathname}${requested.search}`;
}

const twiml = (c: Context, body: string) => c.body(body, 200, { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' });

async function stateFor(deps: AppDeps, step: IvrStep, callSid: string, caller: string): Promise<CallState | undefined> {
  const nowMs = deps.now();
  const loaded = await loadChannelSession<CallState>(deps.store, 'ivr', callSid, nowMs);
  if (loaded.status === 'live') return loaded.state;
  if (step !== 'voice') return undefined;
  await pruneChannelSessions(deps.store, nowMs);
  return newCall(caller);
}

/** Said to the agent when they answer a transfer, before the caller is connected (English, the agents' language). */
function whisper(c: Context): string {
  const query = new URL(c.req.url).searchParams;
  const account = query.get('account') ?? '';
  const lang = query.get('lang') ?? '';
  const language = isLanguage(lang) ? (new Intl.DisplayNames(['en'], { type: 'language' }).of(LOCALE_OF[lang]) ?? lang) : 'English';
  return response(say(IVR_VOICE.en, message('en', 'ivr.whisper', { verified: account === '' ? 'no' : 'yes', account, language })));
}

export function ivrRoutesWith(options: IvrRouteOptions = {}): RouteModule {
  return (app, deps) => {
    const token = options.authToken ?? configuredToken(deps);
    const agent = options.agent ?? deps.config.ivrAgent;
    const signed = async (c: Context): Promise<URLSearchParams | Response> => {
      if (token === undefined) return problem(c, 'not_found', 'the hotline is not configured (SIMLEDGER_TWILIO_AUTH_TOKEN)');
      const params = new URLSearchParams(await c.req.text());
      if (!isValidTwilioSignature(token, publicUrlOf(deps, c), params, c.req.header('x-twilio-signature'))) {
        deps.log.warn({ path: c.req.path }, 'IVR request with a missing or wrong X-Twilio-Signature');
        return problem(c, 'forbidden', 'missing or wrong X-Twilio-Signature');
      }
      return params;
    };
    app.post(`${IVR_BASE}/whisper`, async (c) => {
      const params = await signed(c);
      return params instanceof URLSearchParams ? twiml(c, whisper(c)) : params;
    });
    for (const step of IVR_STEPS) {
      app.post(`${IVR_BASE}/${step}`, async (c) => {
        const params = await signed(c);
        if (!(params instanceof URLSearchParams)) return params;
        const callSid = params.get('CallSid') ?? '';
        if (!/^[A-Za-z0-9]{1,64}$/.test(callSid)) return problem(c, 'invalid_request', 'CallSid is required');
        const state = await stateFor(deps, step, callSid, params.get('From') ?? '');
        // An action for a call whose state is gone (expired): start the call over.
        if (state === undefined) return twiml(c, response(redirect(`${IVR_BASE}/voice`)));
        const out = await IVR_STEP_HANDLERS[step]({ deps, callSid, digits: (params.get('Digits') ?? '').trim(), state, agent });
        await saveChannelSession(deps.store, 'ivr', callSid, { msisdn: out.state.caller, state: out.state, expiresAt: deps.now() + IVR_IDLE_MS });
        return twiml(c, out.twiml);
      });
    }
  };
}

export const ivrRoutes: RouteModule = ivrRoutesWith();
