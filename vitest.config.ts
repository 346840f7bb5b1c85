import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import SkipSummary from './tests/helpers/skip-summary.js';

/** Where test workers note the areas they skip for a missing program (tests/helpers/skips.ts). */
const skippedAreasFile = path.join(os.tmpdir(), `roster-skipped-areas-${process.pid}.jsonl`);

/**
 * The slow tests: real processes killed or interrupted, LibreOffice renders,
 * large generated files, property-based fuzzing, the national unit lists, the
 * benchmark scripts. `npm run test:fast` runs everything else (the `fast`
 * project); `npm test` runs both.
 */
const SLOW = [
  'crash-safety',
  'safety-outputs',
  'safety-signals',
  'safety-every-output',
  'annotated-render',
  'report-render',
  'template-render',
  'verify',
  'fuzz-csv',
  'fuzz-xls',
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
  'template',
  'import-layouts',
  'progress',
  'month-scenario',
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
      { extends: true, test: { name: 'fast', include: ['tests/**/*.test.ts'], exclude: SLOW } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
