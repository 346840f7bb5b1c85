#!/usr/bin/env node
// Entry point: the only place that calls process.exit (see src/cli/main.ts).
import { main } from '../dist/bundle/roster.mjs';

const code = await main(process.argv.slice(2));
process.exitCode = code;
