/**
 * Every usage record of an account that matches the records page's filters, newest first, for a
 * download: the page's own query, page after page, up to a bound.
 */
import type { Store } from '../store/open-store.js';
import { accountOf, type AccountView } from './query-account.js';
import { listAccountUsage, type RecordsRequest } from './query-account-usage.js';
import { MAX_PAGE_SIZE, type UsageRecordView } from './query-usage.js';

/** A year of records of a busy line; past it the download says it was cut short. */
export const MAX_EXPORT_ROWS = 100_000;

export interface UsageExport {
  account: AccountView;
  records: UsageRecordView[];
  truncated: boolean;
}

export async function exportAccountUsage(store: Store, req: Omit<RecordsRequest, 'limit' | 'cursor'>, maxRows = MAX_EXPORT_ROWS) {
  const account = await accountOf(store.db, req.accountId);
  if (!account) return { ok: false as const, code: 'unknown_account' as const };
  const records: UsageRecordView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listAccountUsage(store, { ...req, limit: MAX_PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) });
    if (!page.ok) return page;
    records.push(...page.value.records);
    cursor = page.value.nextCursor;
  } while (cursor !== undefined && records.length < maxRows);
  return { ok: true as const, value: { account, records: records.slice(0, maxRows), truncated: records.length > maxRows || cursor !== undefined } satisfies UsageExport };
}
