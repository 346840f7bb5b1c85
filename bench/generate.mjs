#!/usr/bin/env node
// @ts-check
/**
 * Writes a realistic, deterministic Ho Chi Minh City roster for the benchmarks.
 *
 *   node bench/generate.mjs --rows 100000 --format csv --out bench/data/r100k.csv
 *   node bench/generate.mjs --rows 100000 --format xlsx --out bench/data/r100k.xlsx
 *   node bench/generate.mjs --city --out bench/data/city      (11,000 members, 30 files)
 *
 * Options: --seed TEXT (default "roster-bench"; "roster-city" in city mode),
 * --bom (UTF-8 BOM before a CSV), --xlsx-strings shared|inline, --no-title
 * (XLSX without the title block), --members N and --format csv|xlsx|mixed in
 * city mode. Prints one JSON line describing what it wrote.
 */
import { parseArgs } from 'node:util';
import { writeCity, writeCsv, writeXlsx } from './lib/roster-gen.mjs';

const { values } = parseArgs({
  options: {
    rows: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    city: { type: 'boolean', default: false },
    members: { type: 'string', default: '11000' },
    bom: { type: 'boolean', default: false },
    'xlsx-strings': { type: 'string', default: 'shared' },
    'no-title': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  process.stderr.write(`generate: ${message}\n`);
  process.exit(2);
}

if (values.help) {
  process.stdout.write(
    'usage: node bench/generate.mjs --rows N --format csv|xlsx --out FILE [--seed S] [--bom] [--xlsx-strings shared|inline] [--no-title]\n' +
      '       node bench/generate.mjs --city --out DIR [--members 11000] [--format mixed|csv|xlsx] [--seed S]\n',
  );
  process.exit(0);
}
if (!values.out) fail('--out is required');

const t0 = performance.now();
let result;
if (values.city) {
  const format = values.format ?? 'mixed';
  if (!['csv', 'xlsx', 'mixed'].includes(format)) fail('--format must be csv, xlsx or mixed in city mode');
  const members = Number(values.members);
  if (!Number.isInteger(members) || members < 30) fail('--members must be an integer of at least 30');
  const files = await writeCity({ outDir: values.out, members, format, seed: values.seed ?? 'roster-city' });
  result = { mode: 'city', out: values.out, files: files.length, rows: members, format };
} else {
  const rows = Number(values.rows);
  if (!Number.isInteger(rows) || rows < 1) fail('--rows must be a positive integer');
  const format = values.format ?? (values.out.endsWith('.xlsx') ? 'xlsx' : 'csv');
  const seed = values.seed ?? 'roster-bench';
  if (format === 'csv') result = await writeCsv({ out: values.out, rows, seed, bom: values.bom });
  else if (format === 'xlsx') {
    const strings = values['xlsx-strings'];
    if (strings !== 'shared' && strings !== 'inline') fail('--xlsx-strings must be shared or inline');
    result = await writeXlsx({ out: values.out, rows, seed, strings, title: !values['no-title'] });
  } else fail('--format must be csv or xlsx');
  result = { mode: format, ...result };
}
const mem = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({
    name: 'generate',
    ...result,
    wallMs: Math.round(performance.now() - t0),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    heapMB: Math.round(mem.heapUsed / 1048576),
  })}\n`,
);
