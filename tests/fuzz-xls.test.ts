/**
 * Property test of the .xls reader: real workbooks (LibreOffice's BIFF8, a
 * mini-stream file, hand-written BIFF8 with CONTINUE cuts, BIFF5) with bytes
 * overwritten anywhere after the signature and sometimes cut short are either
 * read to the end or refused with an InputError (exit 2): never another
 * exception, a hang or unbounded memory.
 *
 * FUZZ_RUNS multiplies the number of cases (default 1).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { openRosterTable as openTable } from '../src/importer/roster-sheet.js';
import { FIXTURES, tempDir } from './helpers/cli.js';

const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => Math.max(1, Math.round(n * SCALE));
const dir = tempDir('roster-fuzz-xls-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SOURCES = [
  'rosters/xls/roster-diacritics-numbers-dates-formula.xls',
  'rosters/xls/khu-pho-sheets-merged-ward-cells.xls',
  'rosters/xls/excel95-biff5-codepage-1258.xls',
  'cells/cell-types-rk-mulrk-number-bool.xls',
  'cells/handmade-continue-splits-unordered-rows-chart-sheet.xls',
];

describe('damaged .xls bytes never make the reader throw anything but InputError', () => {
  for (const rel of SOURCES) {
    it(rel, async () => {
      const original = fs.readFileSync(path.join(FIXTURES, rel));
      const file = path.join(dir, path.basename(rel));
      let read = 0;
      let refused = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.integer({ min: 8, max: original.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
          fc.option(fc.integer({ min: 8, max: original.length }), { freq: 4 }),
          async (edits, cut) => {
            const b = Buffer.from(original);
            for (const [at, v] of edits) b[at] = v;
            fs.writeFileSync(file, cut === null ? b : b.subarray(0, cut));
            try {
              const t = await openTable(file);
              for await (const r of t.rows) expect(r.row).toBeGreaterThan(0);
              read++;
            } catch (e) {
              if (!(e instanceof InputError)) throw e;
              expect(e.msg.vi).toContain(file);
              refused++;
            }
          },
        ),
        { numRuns: runs(120), seed: 20261201 },
      );
      // Both outcomes happen: the damage reaches the parts that matter.
      expect(read).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
    });
  }
});
