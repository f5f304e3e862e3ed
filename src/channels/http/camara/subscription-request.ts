/**
 * A CAMARA subscription request checked in the order the API's errors are specified: protocol,
 * types (one), sink, sink credential, then the rest of the schema. Each refusal carries its code.
 */
import { z } from 'zod';
import { EVENT_PREFIX, LEVEL_TYPES, type LevelType } from '../../../services/camara/data-crossings.js';
import type { SinkCredential } from '../../../services/camara/camara-subscriptions.js';
import { Device, type DeviceBody } from './camara-schemas.js';

export interface SubscriptionRequest {
  level: LevelType;
  type: string;
  sink: string;
  sinkCredential?: SinkCredential;
  device?: DeviceBody;
  config: { subscriptionExpireTime?: string; subscriptionMaxEvents?: number; initialEvent?: boolean };
}

export type Refusal = { status: 400 | 422; code: string; message: string };

const Config = z.strictObject({
  subscriptionDetail: z.strictObject({ device: Device.optional() }),
  subscriptionExpireTime: z.iso.datetime({ offset: true }).optional(),
  subscriptionMaxEvents: z.number().int().min(1).optional(),
  initialEvent: z.boolean().optional(),
});

const Body = z.strictObject({
  protocol: z.literal('HTTP'),
  sink: z.string(),
  types: z.array(z.string()).length(1),
  config: Config,
  sinkCredential: z
    .strictObject({
      credentialType: z.literal('ACCESSTOKEN'),
      accessToken: z.string().min(1),
      accessTokenExpiresUtc: z.iso.datetime({ offset: true }),
      accessTokenType: z.literal('bearer'),
    })
    .optional(),
});

const invalid = (message: string): Refusal => ({ status: 400, code: 'INVALID_ARGUMENT', message });

function credentialRefusal(credential: unknown): Refusal | undefined {
  if (credential === undefined) return undefined;
  const c = credential as Record<string, unknown>;
  if (typeof c !== 'object' || c === null || c['credentialType'] !== 'ACCESSTOKEN') return { status: 400, code: 'INVALID_CREDENTIAL', message: 'Only Access token is supported' };
  if (c['accessTokenType'] !== 'bearer') return { status: 400, code: 'INVALID_TOKEN', message: 'Only bearer token is supported' };
  return undefined;
}

/** The event type of a request, for the scope check that comes before the rest of the body. */
export function requestedTypes(raw: unknown): string[] {
  const types = (raw as { types?: unknown } | null)?.types;
  return Array.isArray(types) ? types.filter((t): t is string => typeof t === 'string') : [];
}

export function parseSubscriptionRequest(raw: unknown, nowMs: number): SubscriptionRequest | Refusal {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return invalid('The request body must be a JSON object.');
  const r = raw as Record<string, unknown>;
  if (r['protocol'] !== undefined && r['protocol'] !== 'HTTP') return { status: 400, code: 'INVALID_PROTOCOL', message: 'Only HTTP is supported' };
  const types = r['types'];
  if (Array.isArray(types) && types.length > 1) return { status: 422, code: 'MULTIEVENT_SUBSCRIPTION_NOT_SUPPORTED', message: 'Multi event types subscription not managed' };
  const level = Array.isArray(types) && typeof types[0] === 'string' ? LEVEL_TYPES.find((l) => `${EVENT_PREFIX}${l}` === types[0]) : undefined;
  if (!level) return invalid(`types: must be one of ${LEVEL_TYPES.map((l) => EVENT_PREFIX + l).join(', ')}`);
  if (typeof r['sink'] !== 'string' || !/^https:\/\/.+$/.test(r['sink']) || !URL.canParse(r['sink'])) {
    return { status: 400, code: 'INVALID_SINK', message: 'sink not valid for the specified protocol (an https URL)' };
  }
  const credential = credentialRefusal(r['sinkCredential']);
  if (credential) return credential;
  const parsed = Body.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return invalid(`${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  const { config, sinkCredential } = parsed.data;
  if (config.subscriptionExpireTime !== undefined && Date.parse(config.subscriptionExpireTime) <= nowMs) {
    return invalid('config.subscriptionExpireTime: must be in the future');
  }
  const { subscriptionDetail, ...rest } = config;
  return {
    level,
    type: `${EVENT_PREFIX}${level}`,
    sink: parsed.data.sink,
    config: rest,
    ...(sinkCredential ? { sinkCredential } : {}),
    ...(subscriptionDetail.device ? { device: subscriptionDetail.device } : {}),
  };
}
