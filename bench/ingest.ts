import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openStore, type Store } from '../src/store/open-store.js';
import { leanFloor } from './lean-floor.js';
import { rawInsert, readRatedBatches } from './raw-insert.js';

export interface IngestFigures {
  events: number;
  elapsedS: number;
  eventsPerS: number;
  maxRssMb: number;
  rawRecordsPerS: number;
  rawFullPerS: number;
  leanPerS: number;
  summary: unknown;
}

/**
 * What the `simledger` command runs with, from its first line (bin/simledger.js): the node options
 * and the environment variables set there (`#!/usr/bin/env -S NAME=VALUE node --option`).
 */
function commandLine(): { options: string[]; env: Record<string, string> } {
  const words = readFileSync('bin/simledger.js', 'utf8').split('\n')[0]!.split(/\s+/);
  const env: Record<string, string> = {};
  for (const [, name, value] of words.map((w) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(w)).filter((m) => m !== null)) env[name!] = value!;
  return { options: words.filter((word) => word.startsWith('--')), env };
}

/** Rated import of the CSV in a child process (for its peak memory), run as the command runs. */
function ratedImport(url: string, csv: string, nowMs: number, batchSize: number) {
  const command = commandLine();
  const args = [...command.options, 'dist/bench/import-child.js', url, csv, String(nowMs), String(batchSize)];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, ...command.env } });
  return JSON.parse(out.trim().split('\n').pop()!) as { elapsedMs: number; summary: { rated: number }; maxRssKb: number };
}

/** Inserts the rated import's own rows into a fresh empty schema, batch for batch, and times only the inserts. */
async function rawRate(rated: Store, freshUrl: string, withLedger: boolean, batchSize: number): Promise<number> {
  const target = await openStore(freshUrl);
  const client = target.dialect === 'postgres' ? new pg.Client({ connectionString: freshUrl }) : undefined;
  await client?.connect();
  let insertMs = 0;
  let rows = 0;
  for await (const batch of readRatedBatches(rated, batchSize)) {
    const t = performance.now();
    await rawInsert(target, freshUrl, batch, withLedger, client);
    insertMs += performance.now() - t;
    rows += batch.records.length;
  }
  await client?.end();
  await target.close();
  return rows / (insertMs / 1000);
}

export async function measureIngest(url: string, rawUrls: [string, string, string], csv: string, nowMs: number, batchSize: number): Promise<IngestFigures> {
  const run = ratedImport(url, csv, nowMs, batchSize);
  const rated = await openStore(url);
  const rawRecordsPerS = await rawRate(rated, rawUrls[0], false, batchSize);
  const rawFullPerS = await rawRate(rated, rawUrls[1], true, batchSize);
  const leanPerS = await leanFloor(rated, rawUrls[2], batchSize);
  await rated.close();
  const elapsedS = run.elapsedMs / 1000;
  return {
    events: run.summary.rated,
    elapsedS,
    eventsPerS: run.summary.rated / elapsedS,
    maxRssMb: run.maxRssKb / 1024,
    rawRecordsPerS,
    rawFullPerS,
    leanPerS,
    summary: run.summary,
  };
}
