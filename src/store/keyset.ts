/**
 * Keyset paging: a page starts after the key of the last row of the page before (an index range,
 * however deep), an optional offset skips a bounded number of rows, and one row more than asked
 * tells whether another page follows. Keys are the ordering columns' values, unique together.
 */
import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';

export type KeyPart = string | number;
export type Key = readonly KeyPart[];

export interface PageArgs {
  /** The key of the last row already seen, in the list's order. */
  after?: Key;
  offset: number;
  limit: number;
}

export interface PageOf<T> {
  items: { key: Key; value: T }[];
  /** True when rows follow the last item. */
  more: boolean;
}

export interface KeyOrder<O> {
  /** Ordering columns as the query names them (`usage_records.id`), unique together. */
  columns: readonly string[];
  desc?: boolean;
  keyOf(row: O): Key;
}

/** A numeric column's value as a key part (PostgreSQL hands BIGINT back as text). */
export const numberPart = (v: unknown): number => Number(v);

/** Rows of `q` (filters already applied) after `args.after` in `order`, one page of them. */
export async function keysetPage<O, T>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  q: SelectQueryBuilder<any, any, O>,
  order: KeyOrder<O>,
  args: PageArgs,
  map: (row: O) => T,
): Promise<PageOf<T>> {
  let page = q;
  if (args.after !== undefined) {
    const columns = sql.join(order.columns.map((c) => sql.ref(c)));
    page = page.where(sql<SqlBool>`(${columns}) ${sql.raw(order.desc ? '<' : '>')} (${sql.join([...args.after])})`);
  }
  for (const c of order.columns) page = page.orderBy(sql.ref(c), order.desc ? 'desc' : 'asc');
  const rows = await page
    .offset(args.offset)
    .limit(args.limit + 1)
    .execute();
  return {
    items: rows.slice(0, args.limit).map((row) => ({ key: order.keyOf(row), value: map(row) })),
    more: rows.length > args.limit,
  };
}

/** Whether a decoded cursor has the shape of this list's keys (`n` parts, texts and numbers). */
export function isKey(value: unknown, n: number): value is Key {
  return Array.isArray(value) && value.length === n && value.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)));
}
