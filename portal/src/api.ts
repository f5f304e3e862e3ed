/** The subscriber API: same-origin fetch with the session cookie, CSRF header and RFC 9457 problems. */

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail?: string,
    readonly retryAfterS?: number,
  ) {
    super(`${status} ${code}${detail ? `: ${detail}` : ''}`);
  }
}

let csrfToken: string | undefined;
let onUnauthorized: () => void = () => {};

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

async function problemOf(res: Response): Promise<ApiProblem> {
  let code = 'http_' + res.status;
  let detail: string | undefined;
  try {
    const body = (await res.json()) as { code?: string; detail?: string };
    code = body.code ?? code;
    detail = body.detail;
  } catch {
    // not a problem document: keep the status code
  }
  const retry = Number(res.headers.get('retry-after'));
  return new ApiProblem(res.status, code, detail, Number.isFinite(retry) && retry > 0 ? retry : undefined);
}

export async function api<T>(method: string, path: string, body?: unknown, opts: { quiet401?: boolean; base?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`${opts.base ?? '/api/v1'}${path}`, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch {
    throw new ApiProblem(0, 'network_error');
  }
  if (!res.ok) {
    const problem = await problemOf(res);
    if (res.status === 401 && problem.code === 'unauthorized' && !opts.quiet401) onUnauthorized();
    throw problem;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});

/** A client-chosen id for an idempotent request (top-up, purchase): a retry answers the first result. */
export function requestId(): string {
  return crypto.randomUUID();
}

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ---------- shapes (JSON integers for minor units and bytes: well within 2^53 for display) ----------

export type Kind = 'data' | 'voice' | 'sms';
export interface SessionInfo {
  accountId: string;
  csrfToken: string;
}
export interface Account {
  id: string;
  name: string;
  phone: string | null;
  language: string;
  timeZone: string;
  currency: string;
}
export interface Wallet {
  currency: string;
  balanceMinor: number;
}
export interface Bucket {
  bucketId: string;
  purchaseId: string;
  planId: string;
  kind: Kind;
  unit: string;
  initial: number;
  remaining: number;
  validFrom: string | null;
  validTo: string | null;
  status: 'active' | 'not_started' | 'expired' | 'used_up';
  endedAt?: string | null;
  forecast?: Forecast | null;
}
export interface Forecast {
  outcome: 'too_short' | 'lasts' | 'runs_out';
  runsOutAt: string | null;
  planEndsAt: string | null;
  pacePerDay: number | null;
}
export interface Freshness {
  usageCountedTo: string | null;
  lastRecordArrivedAt: string | null;
  network: { mccMnc: string; name: string | null } | null;
  networkTypicalDelayMinutes: number | null;
}
export interface Payg {
  active: boolean;
  currency: string | null;
  dataPerMiBMinor: number | null;
  capBytes: number | null;
  usedThisMonthBytes: number;
  overCap: boolean;
}
export interface RecordDraw {
  bucketId: string;
  planId: string;
  units: number;
}
export interface Esim {
  iccid: string;
  imsi: string;
  msisdn: string | null;
  eid: string | null;
  state: string;
  hasActivationCode: boolean;
  plans: { planId: string; name: string; lastPurchasedAt: string }[];
}
export interface Balances {
  wallet: Wallet & { forecast?: Forecast };
  esims: { iccid: string; buckets: Bucket[]; freshness?: Freshness; payg?: Payg }[];
  asOf: string;
  timeZone?: string;
}
export interface SummaryRow {
  period: string;
  kind: Kind;
  unit: string;
  quantity: number;
  amountMinor: number;
  currency: string;
  events: number;
}
export interface Summary {
  timeZone: string;
  granularity: 'day' | 'month';
  from: string;
  to: string;
  periods: SummaryRow[];
}
export interface UsageRecord {
  id: string;
  eventId: string;
  iccid: string;
  kind: Kind;
  direction: 'out' | 'in';
  startedAt: string;
  quantity: number;
  unit: string;
  mccMnc: string;
  country: string;
  bucketUnits: number;
  chargedBlocks: number;
  amountMinor: number;
  currency: string;
  debt: boolean;
  networkName?: string | null;
  draws?: RecordDraw[];
  peer?: string | null;
}
export interface Plan {
  id: string;
  name: string;
  currency: string;
  priceMinor: number;
  validityDays: number;
  validityStarts: 'purchase' | 'first_use';
  coverage: string[];
  allowances: { dataBytes?: number; voiceSeconds?: number; sms?: number };
}
export interface ConnectedApp {
  grantId: string;
  clientId: string;
  name: string;
  scopes: string[];
  iccids: string[];
  connectedAt: string;
  expiresAt: string;
  lastReadAt: string | null;
}
