#!/usr/bin/env node
// @ts-check
/**
 * Baseline for XLSX import: the exceljs streaming reader, counting rows and
 * the U+FFFD replacement characters it produces (exceljs issues #2063, #2084,
 * #2316: multi-byte characters split across chunks).
 * usage: node bench/lib/exceljs-read.mjs FILE.xlsx
 */
import ExcelJS from 'exceljs';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node bench/lib/exceljs-read.mjs FILE.xlsx\n');
  process.exit(2);
}
const t0 = performance.now();
let rows = 0;
let replacementChars = 0;
let cellsDamaged = 0;
const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
for await (const sheet of reader) {
  for await (const row of sheet) {
    // Members are the rows whose first cell (STT) is a number.
    // The streaming reader gives a row's values as a sparse array (1-based).
    const values = /** @type {import('exceljs').CellValue[]} */ (row.values);
    if (typeof values[1] === 'number') rows++;
    for (const v of values) {
      if (typeof v === 'string' && v.includes('\ufffd')) {
        cellsDamaged++;
        replacementChars += v.split('\ufffd').length - 1;
      }
    }
  }
  break; // the first sheet is the roster
}
process.stdout.write(
  `${JSON.stringify({
    name: 'exceljs-read',
    rows,
    cellsDamaged,
    replacementChars,
    wallMs: Math.round(performance.now() - t0),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
