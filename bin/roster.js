#!/usr/bin/env node
// Entry point: the only place that calls process.exit (see src/cli/main.ts).
import { main } from '../dist/bundle/roster.mjs';

// A reader that stops early (`roster doctor | head -1`) closes stdout: end quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
