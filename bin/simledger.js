#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 node --max-semi-space-size=4 --no-allocation-site-pretenuring --v8-pool-size=1
// The command is compiled by `npm run build` (tsc) into dist/.
// --max-semi-space-size: a usage import commits its batches on this thread while its own thread
// rates them (see src/cli/import-file.ts); with V8's default young generation of up to 2 x 16 MB
// this thread's heap grew to ~56 MB for ~20 live, 4 MB keeps it near what is live. (V8's flags are
// the process's: the import thread's young generation is set apart when it starts, see
// src/cli/import-file.ts.)
// --no-allocation-site-pretenuring: V8 allocates straight into the old generation the objects of
// a site whose objects mostly survived a scavenge. An import's chunk of rows lives across a few
// scavenges and then dies, so its sites were pretenured and each chunk filled the old generation,
// which the import bounds: full collections of the import's ~72 MB of live context back to back.
// Without it, 1M events: 64-71 s of CPU instead of 76-88, 40-46 s instead of 48-54 (the import
// thread's semi-space at 8 MB, see IMPORT_SEMI_SPACE_MB).
// --v8-pool-size=1: one V8 helper thread instead of four. An import's critical path is the thread
// that commits (SQLite writes on one connection); on the two cores this is sized for, the rating
// thread's collections, run in parallel on four helpers, took CPU from it while the rating thread
// itself had time to spare. 1M events, interleaved pairs of runs, each against the raw insert of
// the same rows measured right after: ratio 0.54-0.58 with one helper, 0.43-0.47 with two or four
// (52-69 s of CPU instead of 74-79).
// MALLOC_ARENA_MAX: glibc gives each thread that allocates its own malloc arena, and the import's
// threads (rating, commits, libuv's pool) each kept pages of their own; two arenas: 1M events,
// ~17 MB less resident (312 MB instead of 329-332), no slower that the noise shows.
// MALLOC_MMAP_THRESHOLD_: glibc raises its threshold for allocating by mmap past every large
// block freed (a batch's columns, ~160 KB each), and its trim threshold with it, so freed memory
// stayed in the process; fixed at 128 KB: 285-288 MB instead of 292-295, no slower.
import('../dist/src/cli/main.js')
  .then((m) => m.main(process.argv))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
