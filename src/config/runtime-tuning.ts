/**
 * Every runtime knob of the usage path in one place, each with the reason it has its value.
 * The measurements behind them are in docs/benchmarks.md ("Runtime tuning").
 */

/** The command's V8 and malloc flags, set on bin/simledger.js's first line (runtime-tuning.test.ts checks they match). */
export const COMMAND_FLAGS = {
  /** glibc: two malloc arenas, not one per thread that allocates (~17 MB less resident on an import). */
  'MALLOC_ARENA_MAX=2': 'env',
  /** glibc: a fixed mmap threshold, so a batch's freed columns go back to the system. */
  'MALLOC_MMAP_THRESHOLD_=131072': 'env',
  /** The committing thread's young generation kept near what is live (~20 MB), not grown to 56. */
  '--max-semi-space-size=4': 'node',
  /** A chunk of rows lives across a few scavenges then dies: pretenuring it filled the bounded old generation. */
  '--no-allocation-site-pretenuring': 'node',
  /** One GC helper: on two cores, parallel marking took CPU from the committing thread, the critical path. */
  '--v8-pool-size=1': 'node',
} as const;

/** The import thread's heap bounds (MB): V8 collects sooner under a bound, and ~75 MB is live on 1M events. */
export const IMPORT_HEAP_SQLITE = { maxOldGenerationSizeMb: 120, maxYoungGenerationSizeMb: 32 };
/** PostgreSQL builds its batches' COPY text on the import heap too, so a little more room. */
export const IMPORT_HEAP_POSTGRES = { maxOldGenerationSizeMb: 192, maxYoungGenerationSizeMb: 32 };
/** The import thread's semi-space (MB): a chunk of 2,000 events dies young instead of being promoted. */
export const IMPORT_SEMI_SPACE_MB = 8;
/** Heap use (fraction of its limit) past which the import counts as under memory pressure. */
export const HEAP_PRESSURE_FRACTION = 0.8;

/** Events per transaction: thousands amortise the fsync of synchronous=FULL. */
export const DEFAULT_BATCH_SIZE = 20_000;
/** Events rated at a time: a chunk's objects die in the young generation, its reads stay few. */
export const RATING_CHUNK = 2_000;
/** Lines the rating context holds past the batches in flight (~35 MB per 100,000 lines); rereading cost more. */
export const CONTEXT_LINES = 150_000;
/** SQLite: batches in flight past the one handed over; the committing thread starts the next at once. */
export const SQLITE_PIPELINE_DEPTH = 2;
/** PostgreSQL: the server's own work is the limit; a second batch queued gained nothing. */
export const POSTGRES_PIPELINE_DEPTH = 1;
/** About how long a usage row is (bytes), to guess a file's events from its size. */
export const TYPICAL_ROW_BYTES = { csv: 100, ndjson: 200 } as const;

/** SQLite connection page cache (KiB, negative as SQLite takes it): a batch dirties ~16,000 pages. */
export const SQLITE_PAGE_CACHE_KIB = -65_536;
/** SQLite WAL pages between checkpoints: a page written once per checkpoint however many commits changed it. */
export const SQLITE_WAL_AUTOCHECKPOINT = 100_000;
/** SQLite WAL size kept after a checkpoint (bytes). */
export const SQLITE_JOURNAL_SIZE_LIMIT = 67_108_864;
/** The connection committing an import's batches for another thread: 24 MB, ~8 MB less resident, no slower. */
export const SQLITE_SERVING_CACHE_KIB = -24_576;
/** The import thread's own connection while another writes: every commit empties its cache, so 4 MB. */
export const SQLITE_READER_CACHE_KIB = -4_096;
