#!/usr/bin/env node
// @ts-check
/**
 * The benchmark runner (`npm run bench`, `npm run bench -- --quick`); see
 * bench/README.md. The parts live in bench/lib/: options, data, catalogue,
 * runner, externals, goals, results. Nothing is created or started before
 * the options are read: `--help` and `--list` write nothing and start no process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogue, listing } from './lib/catalogue.mjs';
import { discoverScripts, runExternal } from './lib/externals.mjs';
import { checkGoals } from './lib/goals.mjs';
import { hasGnuTime, machine, memoryMethod } from './lib/measure.mjs';
import { HELP, commandLine, parseOptions } from './lib/options.mjs';
import { createNotes, renderGoals, renderResults, renderTable, rewriteResults } from './lib/results.mjs';
import { createRunner, deriveRatios } from './lib/runner.mjs';
import { commandProbe, findOnPath, rosterBuilt, sqliteVersion } from './lib/tools.mjs';
import { createWorkspace } from './lib/workspace.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (s) => process.stdout.write(s);
const log = (s) => process.stderr.write(`${s}\n`);

let opts;
try {
  opts = parseOptions(process.argv.slice(2), ROOT);
} catch (e) {
  log(`bench: ${e instanceof Error ? e.message : String(e)}\n${HELP}`);
  process.exit(2);
}
if (opts.help) {
  out(HELP);
  process.exit(0);
}

const names = [...listing({ opts }), ...discoverScripts(ROOT).map((n) => ({ id: `bench:${n}`, group: 'external', what: `bench/${n}.mjs` }))];
if (opts.list) {
  for (const m of names) out(`${m.id.padEnd(22)} ${m.group.padEnd(9)} ${m.what}\n`);
  process.exit(0);
}
if (opts.rewriteResults) {
  const text = fs.existsSync(opts.resultsMd)
    ? rewriteResults(
        fs.readFileSync(opts.resultsMd, 'utf8'),
        names.map((m) => m.id),
      )
    : undefined;
  if (text === undefined) {
    log(`bench: ${path.relative(ROOT, opts.resultsMd) || opts.resultsMd} stores no rows to write again`);
    process.exit(2);
  }
  fs.writeFileSync(opts.resultsMd, text);
  log(`wrote ${path.relative(ROOT, opts.resultsMd) || opts.resultsMd} again from the rows it stores`);
  process.exit(0);
}
const unknown = [...(opts.only ?? [])].filter((n) => !names.some((m) => m.id === n));
if (unknown.length) {
  log(`unknown measurement(s): ${unknown.join(', ')}; --list shows the names`);
  process.exit(2);
}

/** @type {NodeJS.ProcessEnv} */
const childEnv = { ...process.env, NO_COLOR: '1' };
delete childEnv.ROSTER_DB;
delete childEnv.ROSTER_DEBUG;
const notes = createNotes(log);
const note = notes.note;
const sqlite3 = findOnPath('sqlite3');
const has = commandProbe(ROOT, childEnv);
const ws = createWorkspace(opts, { has, note, log, env: childEnv });
const env = { opts, ws, has, sqlite3, state: {}, note, log, childEnv };

const started = new Date();
const t0 = performance.now();
log(`roster benchmarks (${opts.quick ? 'quick: small data, no goals' : 'full'}), ${opts.runs} paired run(s) per measurement; memory by ${memoryMethod()}`);
if (!sqlite3) note('sqlite3', 'sqlite3 is not installed: every ratio against `sqlite3 .import` is not measured (apt-get install sqlite3).');
if (!hasGnuTime()) note('gnu-time', 'GNU time not found: peak memory is polled from /proc (may miss very short peaks), no CPU time (start-up is then not judged).');
if (!rosterBuilt(ROOT)) note('build', 'dist/ is missing: run `npm run build` (npm run bench does it) to measure the roster commands.');

const rows = [];
let exitCode = 0;
try {
  const runner = createRunner(env);
  for (const g of catalogue(env)) rows.push(...(await runner.runGroup(g)));
  rows.push(...(await runExternal(env)));
  deriveRatios(rows);
} catch (e) {
  log(`bench: ${e instanceof Error ? (e.stack ?? e) : e}`);
  exitCode = 3;
} finally {
  ws.dispose();
}

const run = {
  date: started.toISOString().slice(0, 10),
  started: `${started.toISOString().slice(0, 19)}Z`,
  mode: /** @type {'quick' | 'full'} */ (opts.quick ? 'quick' : 'full'),
  command: commandLine(opts),
  only: opts.only ? [...opts.only] : undefined,
  knownIds: names.map((m) => m.id),
  runs: opts.runs,
  startupRuns: opts.startupRuns,
  elapsedS: Math.round((performance.now() - t0) / 100) / 10,
  machine: { ...machine(), sqlite3: sqliteVersion(sqlite3), memory: memoryMethod() },
  software: software(),
  rows,
  notes: notes.list(),
};
const goals = opts.quick ? undefined : checkGoals(rows);
out(`\n${renderTable(rows, { goals })}\n`);
if (goals) out(`\nGoals:\n${renderGoals(goals)}\n`);
const details = rows.filter((r) => r.info || r.failed).map((r) => `- ${r.id}: ${[r.failed && `failed: ${r.failed}`, r.info].filter(Boolean).join('; ')}`);
if (details.length) out(`\nDetails:\n${details.join('\n')}\n`);
if (run.notes.length) out(`\nNotes:\n${run.notes.map((n) => `- ${n.text}`).join('\n')}\n`);
out(`\n${run.mode} mode, ${run.elapsedS} s in all; ${run.machine.cpu}, ${run.machine.cores} cores, Node ${run.machine.node}\n`);

fs.mkdirSync(path.dirname(opts.resultsJson), { recursive: true });
fs.writeFileSync(opts.resultsJson, `${JSON.stringify({ ...run, goals }, null, 2)}\n`);
if (opts.writeResults) {
  const previous = fs.existsSync(opts.resultsMd) ? fs.readFileSync(opts.resultsMd, 'utf8') : '';
  fs.writeFileSync(opts.resultsMd, renderResults(previous, run));
  log(`wrote ${path.relative(ROOT, opts.resultsMd) || opts.resultsMd}`);
}
if (rows.some((r) => r.failed)) exitCode = exitCode || 1;
process.exitCode = exitCode;

/** Versions of the libraries the measured commands lean on. */
function software() {
  const version = (name) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return 'missing';
    }
  };
  const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  return { roster: own, 'better-sqlite3': version('better-sqlite3'), exceljs: version('exceljs') };
}
