import { createRoute, z } from '@hono/zod-openapi';
import { asIngestRows, decodeNdjsonLine, ingestUsage, type UsageRow } from '../../../services/ingest-usage.js';
import type { UsageResult } from '../../../services/rate-usage-batch.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { excessDepth, MAX_JSON_DEPTH } from '../json-limits.js';
import { requireScope } from '../operator-auth.js';
import { problem } from '../problem.js';
import { OPERATOR_BASE, OPERATOR_SECURITY, operatorRoute, problemResponses } from './common.js';

export const MAX_INGEST_LINES = 10_000;
const NDJSON_TYPES = /^application\/(x-ndjson|jsonl|x-jsonlines)\s*(;|$)/i;

const LineResult = z
  .object({
    line: z.number().int().openapi({ description: '1-based line number in the body' }),
    eventId: z.string(),
    status: z.enum(['rated', 'duplicate', 'rejected']),
    code: z.string().optional().openapi({ description: 'Why a line was rejected: malformed_row, unknown_subscriber, no_rate, exists_with_different_payload, ...' }),
    detail: z.string().optional(),
    amountMinor: z.int().optional().openapi({ description: 'Charged to the wallet (minor units), when rated' }),
    debt: z.boolean().optional(),
  })
  .openapi('UsageLineResult');

const Totals = z
  .object({
    read: z.number().int(),
    rated: z.number().int(),
    duplicates: z.number().int(),
    rejected: z.number().int(),
    rejectedByReason: z.record(z.string(), z.number().int()),
  })
  .openapi('UsageTotals');

const ingestRoute = (deps: AppDeps) =>
  createRoute({
    method: 'post',
    path: `${OPERATOR_BASE}/usage`,
    tags: ['Operator: usage'],
    security: OPERATOR_SECURITY,
    summary: 'Ingest a batch of usage events (NDJSON)',
    description: `One usage event per line, the import's field names (event_id, imsi | iccid, kind, direction, started_at, quantity, mcc_mnc). Up to ${MAX_INGEST_LINES.toLocaleString('en')} lines, rated in order in one transaction; idempotent per event id within the source. Scope usage:write.`,
    middleware: [requireScope(deps, 'usage:write')],
    request: {
      query: z.object({
        source: z
          .string()
          .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits, _ . : or -')
          .default('api')
          .openapi({ description: 'Event ids are unique per source' }),
      }),
      body: {
        required: true,
        content: {
          'application/x-ndjson': {
            schema: z
              .string()
              .openapi('UsageNdjson', { example: '{"event_id":"e1","imsi":"454001234567890","kind":"data","started_at":"2026-11-20T12:00:00+08:00","quantity":1048576,"mcc_mnc":"45400"}' }),
          },
        },
      },
    },
    responses: {
      200: { description: 'Per-line results and totals', content: { 'application/json': { schema: z.object({ results: z.array(LineResult), totals: Totals }).openapi('UsageIngestResult') } } },
      ...problemResponses(400, 401, 403, 413, 415),
    },
  });

interface LineOut {
  line: number;
  eventId: string;
  status: UsageResult['status'];
  code?: string;
  detail?: string;
  amountMinor?: bigint;
  debt?: boolean;
}

/** The body's usage lines (blank ones skipped), each parsed no deeper than the JSON bound. */
function parseLines(body: string): UsageRow[] {
  const refuse = (text: string) => (excessDepth(text) !== undefined ? `nests deeper than ${MAX_JSON_DEPTH} levels` : undefined);
  const rows: UsageRow[] = [];
  body.split('\n').forEach((text, i) => {
    const row = decodeNdjsonLine(text, i + 1, refuse);
    if (row) rows.push(row);
  });
  return rows;
}

function lineOf(r: UsageResult): LineOut {
  if (r.status === 'rated') return { line: r.ref, eventId: r.eventId, status: r.status, amountMinor: r.amountMinor, debt: r.debt };
  if (r.status === 'duplicate') return { line: r.ref, eventId: r.eventId, status: r.status };
  return { line: r.ref, eventId: r.eventId, status: r.status, code: r.code, detail: r.detail };
}

export function usageIngestRoutes(app: App, deps: AppDeps): void {
  operatorRoute(app, ingestRoute(deps), async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!NDJSON_TYPES.test(type)) return problem(c, 'unsupported_media_type', `send usage as application/x-ndjson (got ${type || 'no content type'})`);
    const { source } = c.req.valid('query');
    const rows = parseLines(await c.req.text());
    const read = rows.length;
    if (read > MAX_INGEST_LINES) return problem(c, 'payload_too_large', `${read} lines; send at most ${MAX_INGEST_LINES} per request`);
    if (read === 0) return problem(c, 'invalid_request', 'the body has no usage lines', { errors: [{ field: '(body)', reason: 'no usage lines' }] });
    const { results: rated, summary: totals } = await ingestUsage(deps.store, asIngestRows(rows), { source, nowMs: deps.now(), retentionMonths: deps.config.retentionMonths });
    const results = rated.map(lineOf);
    return json(c, { results, totals });
  });
}
