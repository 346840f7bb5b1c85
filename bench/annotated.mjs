#!/usr/bin/env node
// @ts-check
/**
 * The annotated workbook (`roster validate --format xlsx`) of a 200,000-row
 * roster must stream: peak resident memory under 400 MB. Generates the roster
 * (bench/lib/roster-gen.mjs: realistic rows, wards from before and after the
 * 2025 reorganisation, so many rows have findings), imports it, then measures the validate run alone with GNU
 * time. Usage: node bench/annotated.mjs [--rows N | rows] [--quick] (npm run build first).
 * Its last stdout line is the JSON result the runner reads (bench/README.md).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCsv } from './lib/roster-gen.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/roster.js');
const args = process.argv.slice(2);
// Rows: --rows N (the runner's convention) or a bare number; 200,000 by default.
// Quick mode (the runner's smoke run) writes the workbook of 2,000 rows.
const quick = args.includes('--quick') || process.env.ROSTER_BENCH_QUICK === '1';
const asked = Number((args.includes('--rows') ? args[args.indexOf('--rows') + 1] : args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--data')) ?? 200_000);
const rows = quick ? Math.min(asked, 2000) : asked;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-annotated-'));
const csv = path.join(dir, 'roster-2026-11.csv');
const db = path.join(dir, 'roster.db');
const out = path.join(dir, 'so-tay-loi.xlsx');

/**
 * Runs `roster ...args` (under GNU time when `measure`); exit 1 (findings) is no failure.
 * @param {string[]} args
 */
function run(args, { measure = false } = {}) {
  /** @type {[string, string[]]} */
  const cmd = measure ? ['/usr/bin/time', ['-f', '%M %e', process.execPath, BIN, ...args]] : [process.execPath, [BIN, ...args]];
  const r = spawnSync(cmd[0], cmd[1], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status === null || ![0, 1].includes(r.status)) throw new Error(`roster ${args.join(' ')} → ${r.status}\n${r.stderr}`);
  return r;
}

await writeCsv({ out: csv, rows });
run(['--db', db, 'init', '--jurisdiction', '760,770']);
run(['--db', db, 'import', '--period', '2026-11', csv]);
const r = run(['--db', db, 'validate', '--period', '2026-11', '--format', 'xlsx', '-o', out], { measure: true });
const peak = (res) => res.stderr.trim().split('\n').pop().split(' ').map(Number);
const [kb, secs] = peak(r);
const peakMb = Math.round(kb / 1024);
// The same rules without the workbook, for comparison: what the findings alone take.
const [jsonKb] = peak(run(['--db', db, 'validate', '--period', '2026-11', '--format', 'json', '-o', path.join(dir, 'f.json')], { measure: true }));
const findings = JSON.parse(fs.readFileSync(path.join(dir, 'f.json'), 'utf8')).findings.length;
const bytes = fs.statSync(out).size;
fs.rmSync(dir, { recursive: true, force: true });
// A missed goal is `pass: false` in the result, not a failing exit (the runner would file it as a failed run).
const result = {
  name: 'annotated',
  rows,
  wallMs: Math.round(secs * 1000),
  peakRssMB: peakMb,
  findings,
  validateJsonPeakMb: Math.round(jsonKb / 1024),
  bytes,
  goal: 'peak < 400 MB',
  pass: peakMb < 400,
};
console.log(JSON.stringify(result));
