/**
 * Tests that need a program or a data set this machine may lack (LibreOffice,
 * poppler, python3 with openpyxl, the shared national unit lists) skip through
 * `skipUnless`, which also notes the skipped area; `tests/helpers/skip-summary.ts`
 * prints one line per area at the end of the run, so a green run says how
 * much it did not cover.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** File the test workers append skipped areas to (vitest.config.ts). */
    skippedAreasFile: string;
  }
}

/** Whether `cmd` is on the PATH. */
export const hasProgram = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** What to install for each program a test may need. */
export const INSTALL = {
  soffice: 'soffice not found (apt-get install libreoffice-calc-nogui)',
  poppler: 'pdfinfo/pdftotext not found (apt-get install poppler-utils)',
  openpyxl: 'python3 with openpyxl not found (apt-get install python3-openpyxl)',
  python3: 'python3 not found (apt-get install python3)',
  sharedUnits: 'the national unit lists are not in ../shared/data/vn-admin-units',
} as const;

/**
 * True when `available` is falsy: the tests of `area` are to be skipped, and
 * the run ends with the line `area: missing`.
 */
export function skipUnless(available: unknown, area: string, missing: string): boolean {
  if (available) return false;
  fs.appendFileSync(inject('skippedAreasFile'), `${JSON.stringify({ area, missing })}\n`);
  return true;
}
