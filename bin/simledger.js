#!/usr/bin/env node
// The command is compiled by `npm run build` (tsc) into dist/.
import('../dist/src/cli/main.js').then((m) => m.main(process.argv)).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
