import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** RFC 9457 problem details; `code` is the stable snake_case outcome the services return. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: { field: string; reason: string }[];
}

/** The HTTP error map: one place that turns a service's code into a status. */
const STATUS_BY_CODE: Record<string, ContentfulStatusCode> = {
  invalid_request: 400,
  invalid_amount: 400,
  invalid_limit: 400,
  invalid_cursor: 400,
  invalid_range: 400,
  invalid_time_zone: 400,
  invalid_json: 400,
  invalid_phone: 400,
  invalid_provisioning: 400,
  unknown_subscriber: 404,
  payload_too_large: 413,
  unauthorized: 401,
  invalid_credentials: 401,
  invalid_code: 401,
  reauthentication_required: 401,
  forbidden: 403,
  csrf_failed: 403,
  insufficient_scope: 403,
  not_found: 404,
  unknown_esim: 404,
  unknown_account: 404,
  unknown_plan: 404,
  unknown_bucket: 404,
  no_activation_code: 404,
  exists_with_different_payload: 409,
  insufficient_balance: 409,
  voucher_used: 409,
  conflict: 409,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  currency_mismatch: 422,
  amount_out_of_range: 422,
  not_a_wallet: 422,
  invalid_voucher: 422,
  voucher_expired: 422,
  code_expired: 422,
  channel_unavailable: 422,
  no_email_channel: 422,
  too_many_requests: 429,
  internal_error: 500,
  not_ready: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function statusOfCode(code: string): ContentfulStatusCode {
  return STATUS_BY_CODE[code] ?? 400;
}

export function problemBody(code: string, detail?: string, extra: Partial<ProblemBody> = {}): ProblemBody {
  const status = extra.status ?? statusOfCode(code);
  return {
    type: `https://simledger.dev/problems/${code.replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
    ...extra,
  };
}

export function problem(c: Context, code: string, detail?: string, extra: Partial<ProblemBody> = {}): Response {
  const body = problemBody(code, detail, { instance: c.req.path, ...extra });
  return c.body(JSON.stringify(body), body.status as ContentfulStatusCode, { 'content-type': 'application/problem+json' });
}
