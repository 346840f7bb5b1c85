import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import SkipSummary from './tests/helpers/skip-summary.js';

/** Where test workers note the areas they skip for a missing program (tests/helpers/skips.ts). */
const skippedAreasFile = path.join(os.tmpdir(), `roster-skipped-areas-${process.pid}.jsonl`);

/**
 * The slow tests: whatever starts the built binary again and again (real
 * processes killed, interrupted or checked from outside), LibreOffice
 * renders, large generated files and months, property-based fuzzing, the
 * national unit lists, the sweep over every fixture, the benchmark scripts.
 * `npm test` runs them and the fast ones; `npm run test:fast` runs the
 * `fast` project alone.
 *
 * What "fast" contains: every other test file, which is every area's
 * in-process tests — the library called directly and the commands run through
 * `main()` with fake streams (tests/helpers/cli.ts) on the bundled sample —
 * and a few runs of the built binary where only the binary can tell (start-up,
 * --help). When a slow file was split off a fast one, the fast one says where
 * the rest went (safety-db-identity, units-lazy, report-monthly-behaviour).
 * Goal: under 30 s on a quiet 2-core machine.
 */
const SLOW = [
  'crash-safety',
  'safety-outputs',
  'safety-signals',
  'safety-every-output',
  'safety-db-identity-bin',
  'purge-bytes',
  'annotated-render',
  'report-render',
  'template-render',
  'verify',
  'fuzz-csv',
  'fuzz-xls',
  'fuzz-header',
  'fuzz-names',
  'fuzz-values',
  'readers-xlsx',
  'hostile-corpus',
  'hostile-xlsx-reader',
  'xlsx-backpressure',
  'demo',
  'bench-runner',
  'bench-generate',
  'reorg-two-steps',
  'resolve-national',
  'units-load',
  'units-lazy-national',
  'template',
  'import-layouts',
  'fixtures-complete',
  'progress',
  'month-scenario',
  'month-agreement',
  'report-monthly-many-findings',
  'validate-fast-matches-reference',
].map((name) => `tests/${name}.test.ts`);

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    provide: { skippedAreasFile },
    reporters: ['default', new SkipSummary(skippedAreasFile)],
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['tests/**/*.test.ts'],
          exclude: SLOW,
          // One module graph per worker instead of one per file: loading and
          // transforming src/ for each of ~60 files was most of the time. The
          // fast tests keep no state between files (each makes its own
          // temporary folders and databases; fault points are armed per
          // command), so they pass in any order.
          isolate: false,
          // Both cores (the default leaves one to the main process, idle here).
          maxWorkers: 2,
          // Projects with different maxWorkers run one after the other: the fast one first.
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'slow', include: SLOW, sequence: { groupOrder: 1 } } },
    ],
  },
});
