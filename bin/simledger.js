#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 node --max-semi-space-size=4
// The command is compiled by `npm run build` (tsc) into dist/.
// --max-semi-space-size: a usage import commits its batches on this thread while its own thread
// rates them (see src/cli/import-file.ts); with V8's default young generation of up to 2 x 16 MB
// this thread's heap grew to ~56 MB for ~20 live, 4 MB keeps it near what is live. (V8's flags are
// the process's: the import thread's young generation is held to it too.)
// MALLOC_ARENA_MAX: glibc gives each thread that allocates its own malloc arena, and the import's
// threads (rating, commits, libuv's pool) each kept pages of their own; two arenas: 1M events,
// ~17 MB less resident (312 MB instead of 329-332), no slower that the noise shows.
// MALLOC_MMAP_THRESHOLD_: glibc raises its threshold for allocating by mmap past every large
// block freed (a batch's columns, ~160 KB each), and its trim threshold with it, so freed memory
// stayed in the process; fixed at 128 KB: 285-288 MB instead of 292-295, no slower.
import('../dist/src/cli/main.js').then((m) => m.main(process.argv)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
