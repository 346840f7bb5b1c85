#!/usr/bin/env node
// @ts-check
/**
 * Baseline: csv-parse alone, streaming, counting records.
 * usage: node bench/lib/csv-parse-count.mjs FILE.csv
 */
import fs from 'node:fs';
import { parse } from 'csv-parse';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node bench/lib/csv-parse-count.mjs FILE.csv\n');
  process.exit(2);
}
const t0 = performance.now();
let rows = -1; // the header is not a member
const parser = fs.createReadStream(file).pipe(parse({ bom: true }));
for await (const record of parser) {
  if (record.length) rows++;
}
process.stdout.write(`${JSON.stringify({ name: 'csv-parse', rows, wallMs: Math.round(performance.now() - t0), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
