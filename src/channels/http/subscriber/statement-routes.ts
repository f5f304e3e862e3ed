/**
 * Monthly statements (JSON, PDF, CSV, XLSX) and alert settings of the signed-in account.
 * A month the account has no statement for (before its first activity, in the future) is a 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { getAlertSettings, putAlertSettings, type AlertSettingsView } from '../../../services/statements/alert-settings.js';
import { buildStatement, type Statement } from '../../../services/statements/build-statement.js';
import { findStatementMonth, listStatementMonths } from '../../../services/statements/list-statement-months.js';
import { AlertSettingsInput, AlertSettingsSchema, StatementMonths, StatementSchema } from '../../statements/api-schemas.js';
import { DEFAULT_STATEMENT_TAX } from '../../../config/statement-tax.js';
import { renderStatementCsv } from '../../statements/statement-csv.js';
import { renderStatementHtml } from '../../statements/statement-html.js';
import { renderPdf } from '../../statements/statement-pdf.js';
import { renderStatementXlsx } from '../../statements/statement-xlsx.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireSubscriber } from '../session-cookie.js';
import { accountIdOf, errors, handle, iso, jsonContent, outcome, subscriberRoute } from './kit.js';

const FORMATS = {
  pdf: 'application/pdf',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
type Format = keyof typeof FORMATS;

const PeriodParams = z.object({
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])(\.(pdf|csv|xlsx))?$/, { message: 'must be YYYY-MM, optionally with .pdf, .csv or .xlsx' })
    .openapi({ param: { name: 'period', in: 'path' }, example: '2026-10.pdf', description: "the month `YYYY-MM` in the account's time zone; `.pdf`, `.csv` or `.xlsx` for a download" }),
});

const binary = (description: string) => ({ schema: z.string().openapi({ type: 'string', format: 'binary', description }) });

function renderStatement(s: Statement) {
  const { period, topups, purchases, lines, records: _records, ...rest } = s;
  return {
    ...rest,
    period: { ...period, from: iso(period.from), to: iso(period.to) },
    topups: topups.map((t) => ({ ...t, at: iso(t.at) })),
    purchases: purchases.map((p) => ({ ...p, at: iso(p.at) })),
    lines: lines.map((l) => ({ ...l, at: iso(l.at) })),
  };
}

async function download(s: Statement, format: Format, provisional: boolean, config: AppDeps['config']): Promise<Uint8Array | string> {
  if (format === 'csv') return renderStatementCsv(s);
  if (format === 'xlsx') return renderStatementXlsx(s);
  const tax = (config.statementTax ?? DEFAULT_STATEMENT_TAX)[s.account.currency];
  return renderPdf(renderStatementHtml(s, { provisional, ...(tax ? { tax } : {}) }), config.chromiumPath);
}

export function statementRoutes(app: App, deps: AppDeps): void {
  const guard = requireSubscriber(deps);
  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'get',
        path: '/api/v1/statements',
        summary: 'The months with a statement, newest first',
        responses: { 200: jsonContent(StatementMonths, 'the months'), ...errors() },
      }),
    ),
    async (c) => {
      const months = await listStatementMonths(deps.store, accountIdOf(c), deps.now());
      if (!months.ok) return outcome(c, 'not_found', 'the account is gone');
      return json(c, {
        months: months.value.map(({ month, label, closed, totals, closingBalanceMinor }) => ({
          month,
          label,
          closed,
          totals,
          closingBalanceMinor,
          downloads: Object.fromEntries((Object.keys(FORMATS) as Format[]).map((f) => [f, `/api/v1/statements/${month}.${f}`])),
        })),
      });
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'get',
        path: '/api/v1/statements/{period}',
        summary: "A month's statement: JSON, or a PDF, CSV (UTF-8 with BOM) or XLSX download",
        request: { params: PeriodParams },
        responses: {
          200: {
            description: 'the statement',
            content: {
              'application/json': { schema: StatementSchema },
              'application/pdf': binary('application/pdf'),
              'text/csv': binary('text/csv'),
              [FORMATS.xlsx]: binary(FORMATS.xlsx),
            },
          },
          ...errors(400, 404),
        },
      }),
    ),
    async (c) => {
      const [month = '', format] = c.req.valid('param').period.split('.') as [string, Format | undefined];
      const accountId = accountIdOf(c);
      const found = await findStatementMonth(deps.store, accountId, month, deps.now());
      if (found === undefined) return outcome(c, 'not_found', `no statement for ${month}`);
      const built = await buildStatement(deps.store, accountId, found.year, found.monthNumber);
      if (!built.ok) return outcome(c, 'not_found', 'the account is gone');
      if (format === undefined) return json(c, { ...renderStatement(built.value), closed: found.closed });
      const body = await download(built.value, format, !found.closed, deps.config);
      return c.body(body as never, 200, {
        'content-type': FORMATS[format],
        'content-disposition': `attachment; filename="simledger-statement-${month}.${format}"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      });
    },
  );

  alertSettingsRoutes(app, deps, guard);
}

const renderAlertSettings = (a: AlertSettingsView) => ({ ...a, updatedAt: iso(a.updatedAt) });

function alertSettingsRoutes(app: App, deps: AppDeps, guard: ReturnType<typeof requireSubscriber>): void {
  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'get',
        path: '/api/v1/alert-settings',
        summary: "The account's alert settings (the defaults until first saved)",
        responses: { 200: jsonContent(AlertSettingsSchema, 'the settings'), ...errors() },
      }),
    ),
    async (c) => {
      const found = await getAlertSettings(deps.store, accountIdOf(c));
      return found.ok ? json(c, renderAlertSettings(found.value)) : outcome(c, 'not_found', 'the account is gone');
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'put',
        path: '/api/v1/alert-settings',
        summary: "Replace the account's alert settings",
        request: { body: { content: { 'application/json': { schema: AlertSettingsInput } }, required: true } },
        responses: { 200: jsonContent(AlertSettingsSchema, 'the settings as saved'), ...errors(400, 422) },
      }),
    ),
    async (c) => {
      const found = await putAlertSettings(deps.store, accountIdOf(c), c.req.valid('json'), deps.now());
      if (found.ok) return json(c, renderAlertSettings(found.value));
      return found.code === 'channel_unavailable'
        ? outcome(c, 'channel_unavailable', 'e-mail needs a verified address and webhook a URL first (see /api/v1/alert-contacts)', 'channels')
        : outcome(c, 'not_found', 'the account is gone');
    },
  );
}
