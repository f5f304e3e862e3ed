import { sql } from 'kysely';
import { toBigInt } from '../domain/money.js';
import type { Db } from './open-store.js';

/**
 * The store's write generation: a counter every write transaction bumps as it commits. A reader
 * that keeps state across transactions (an import's rating context, a batch rated ahead of its
 * commit) compares it to know whether anyone else wrote meanwhile. This module is the only one that
 * names the counter; each committer runs `BUMP_GENERATION_SQL` as its last statement.
 */
export const WRITE_GENERATION = 'write_generation';

/** Plain SQL, the same on both databases and every driver (no parameters). */
export const BUMP_GENERATION_SQL = `insert into id_counters (name, next_id) values ('${WRITE_GENERATION}', 1)
  on conflict (name) do update set next_id = id_counters.next_id + 1`;
export const READ_GENERATION_SQL = `select next_id from id_counters where name = '${WRITE_GENERATION}'`;

export async function bumpWriteGeneration(tx: Db): Promise<void> {
  await sql.raw(BUMP_GENERATION_SQL).execute(tx);
}

export async function readWriteGeneration(tx: Db): Promise<bigint> {
  const row = (await sql.raw<{ next_id: unknown }>(READ_GENERATION_SQL).execute(tx)).rows[0];
  return row ? toBigInt(row.next_id) : 0n;
}

/** A generation as a driver returns it (bigint, number or absent) compared with the expected one. */
export function isGeneration(value: unknown, expected: bigint): boolean {
  return BigInt((value as bigint | number | undefined) ?? 0) === expected;
}
