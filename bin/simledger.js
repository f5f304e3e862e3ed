#!/usr/bin/env -S node --max-semi-space-size=4
// The command is compiled by `npm run build` (tsc) into dist/.
// --max-semi-space-size: a usage import commits its batches on this thread while its own thread
// rates them (see src/cli/import-file.ts); with V8's default young generation of up to 2 x 16 MB
// this thread's heap grew to ~56 MB for ~20 live, 4 MB keeps it near what is live.
import('../dist/src/cli/main.js').then((m) => m.main(process.argv)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
