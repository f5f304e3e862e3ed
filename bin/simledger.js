#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 node --max-semi-space-size=4 --no-allocation-site-pretenuring --v8-pool-size=1
// The command is compiled by `npm run build` (tsc) into dist/.
// The flags above, each with its reason: src/config/runtime-tuning.ts (COMMAND_FLAGS).
import('../dist/src/cli/main.js')
  .then((m) => m.main(process.argv))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
