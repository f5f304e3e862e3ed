/**
 * Downloads and the wallet's history: the usage records of the records page with its filters as
 * CSV, and the transactions (top-ups, purchases, usage charges, adjustments) as JSON pages or CSV.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { exportAccountUsage } from '../../../services/export-account-usage.js';
import { LEDGER_KINDS, listTransactions, MAX_TRANSACTIONS_PAGE, type Transaction } from '../../../services/list-transactions.js';
import type { LedgerKind } from '../../../services/statements/build-statement.js';
import { renderTransactionsCsv, renderUsageRecordsCsv } from '../../exports/account-csv.js';
import type { App } from '../app.js';
import type { AppDeps } from '../env.js';
import { json } from '../json.js';
import { requireSubscriber } from '../session-cookie.js';
import { accountIdOf, errors, handle, Instant, iso, jsonContent, Minor, outcome, Quantity, subscriberRoute } from './kit.js';
import { LocalDate, RecordsQuery } from './usage.js';

const csv = (description: string) => ({
  description,
  content: { 'text/csv': { schema: z.string().openapi({ type: 'string', format: 'binary', description: 'UTF-8 with BOM, CRLF' }) } },
});

function attachment(c: { body: (b: string, s: 200, h: Record<string, string>) => Response }, name: string, body: string, truncated = false): Response {
  return c.body(body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
    ...(truncated ? { 'x-truncated': 'true' } : {}),
  });
}

const LedgerKinds = z
  .string()
  .refine((s) => s.split(',').every((k) => (LEDGER_KINDS as readonly string[]).includes(k.trim())), {
    message: `must be a comma-separated list of ${LEDGER_KINDS.join(', ')}`,
  })
  .transform((s) => s.split(',').map((k) => k.trim() as LedgerKind))
  .openapi({ type: 'string', example: 'topup,purchase' });

const Count = (max: number) =>
  z
    .string()
    .regex(/^\d{1,7}$/, { message: 'must be a whole number' })
    .transform(Number)
    .refine((n) => n <= max, { message: `must be at most ${max}` })
    .openapi({ type: 'integer' });

const TransactionsFilter = z.object({ kind: LedgerKinds.optional(), from: LocalDate.optional(), to: LocalDate.optional() });
const TransactionsQuery = TransactionsFilter.extend({
  limit: Count(MAX_TRANSACTIONS_PAGE)
    .refine((n) => n >= 1, { message: 'must be at least 1' })
    .optional(),
  offset: Count(9_999_999).optional(),
});

const TransactionSchema = z
  .object({
    id: z.string(),
    at: Instant,
    kind: z.enum(LEDGER_KINDS),
    amountMinor: Minor.openapi({ description: 'signed: credits positive, debits negative' }),
    balanceAfterMinor: Minor,
    ref: z.string(),
    detail: z.object({
      planName: z.string().optional(),
      iccid: z.string().optional(),
      method: z.string().optional(),
      voucherSerial: z.string().optional(),
      paymentRef: z.string().optional(),
      usageKind: z.enum(['data', 'voice', 'sms']).optional(),
      direction: z.string().optional(),
      country: z.string().optional(),
      quantity: Quantity.optional(),
      reason: z.string().optional(),
    }),
  })
  .openapi('Transaction');

function transactionsProblem(c: Parameters<typeof outcome>[0], code: 'invalid_range' | 'unknown_account'): Response {
  return code === 'invalid_range' ? outcome(c, 'invalid_request', 'to: is before from', 'to') : outcome(c, 'not_found', 'the account is gone');
}

const renderTransaction = (x: Transaction) => ({ ...x, at: iso(x.at) });

export function ledgerRoutes(app: App, deps: AppDeps): void {
  const guard = requireSubscriber(deps);
  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'get',
        path: '/api/v1/usage/records.csv',
        summary: 'Every usage record matching the filters of GET /usage/records, as CSV',
        request: { query: RecordsQuery.omit({ limit: true, cursor: true }) },
        responses: { 200: csv('the records, newest first; X-Truncated: true when cut at 100,000 rows'), ...errors(400, 404) },
      }),
    ),
    async (c) => {
      const { kind, ...q } = c.req.valid('query');
      const r = await exportAccountUsage(deps.store, { accountId: accountIdOf(c), ...q, ...(kind === undefined ? {} : { kinds: kind }) });
      if (!r.ok) return outcome(c, r.code, r.code === 'unknown_esim' ? `no eSIM ${q.iccid}` : 'the filters are not valid', 'field' in r ? r.field : undefined);
      return attachment(c, 'simledger-usage-records.csv', renderUsageRecordsCsv(r.value.account, r.value.records), r.value.truncated);
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'get',
        path: '/api/v1/transactions',
        summary: "The wallet's transactions, newest first, by offset and limit (X-Total-Count)",
        request: { query: TransactionsQuery },
        responses: { 200: jsonContent(z.object({ currency: z.string(), timeZone: z.string(), total: z.number().int(), transactions: z.array(TransactionSchema) }), 'a page'), ...errors(400) },
      }),
    ),
    async (c) => {
      const { kind, ...q } = c.req.valid('query');
      const r = await listTransactions(deps.store, { accountId: accountIdOf(c), ...q, ...(kind === undefined ? {} : { kinds: kind }) });
      if (!r.ok) return transactionsProblem(c, r.code);
      const { account, total, transactions } = r.value;
      return json(c, { currency: account.currency, timeZone: account.timeZone, total, transactions: transactions.map(renderTransaction) }, 200, { 'x-total-count': String(total) });
    },
  );

  handle(
    app,
    createRoute(
      subscriberRoute(guard, {
        method: 'get',
        path: '/api/v1/transactions.csv',
        summary: "The wallet's transactions matching the filters, as CSV",
        request: { query: TransactionsFilter },
        responses: { 200: csv('the transactions, newest first'), ...errors(400) },
      }),
    ),
    async (c) => {
      const { kind, ...q } = c.req.valid('query');
      const r = await listTransactions(deps.store, { accountId: accountIdOf(c), ...q, ...(kind === undefined ? {} : { kinds: kind }), limit: 100_000 });
      if (!r.ok) return transactionsProblem(c, r.code);
      return attachment(c, 'simledger-transactions.csv', renderTransactionsCsv(r.value.account, r.value.transactions));
    },
  );
}
