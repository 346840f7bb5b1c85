#!/usr/bin/env node
/**
 * The benchmark runner (`npm run bench`, `npm run bench -- --quick`).
 *
 * Every measurement is a child process measured from outside (wall time, peak
 * resident memory). Candidates and their baseline run alternately, at least
 * three times each, and the table shows medians and the ratio against the
 * baseline run in this same script: `sqlite3 .import` of the same CSV for the
 * data measurements, `node -e 0` for start-up. Goals of issue 6 are checked in
 * full mode only. See bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hasGnuTime, machine, measure, median, memoryMethod } from './lib/measure.mjs';
import { renderResults, renderTable } from './lib/report.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'roster.js');
const PERIOD = '2026-11';

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    runs: { type: 'string' },
    'write-results': { type: 'boolean', default: false },
    data: { type: 'string' },
    'units-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
    'results-json': { type: 'string' },
    list: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (opt.help) {
  process.stdout.write(`usage: node bench/run.mjs [--quick] [--only NAME[,NAME]] [--runs N] [--write-results] [--data DIR] [--units-dir DIR] [--keep] [--list]
  --quick          small data (11,000 rows), fewer runs, no goals: a smoke test for CI (under a minute)
  --only NAMES     run only these measurements (their baseline runs too); --list shows the names
  --runs N         paired runs per measurement (default 3; start-up: 20)
  --write-results  write the table into bench/RESULTS.md (rows of other measurements are kept)
  --data DIR       where generated rosters live (default bench/data)
  --units-dir DIR  national unit reference for init (default ../shared/data/vn-admin-units when present)
  --keep           keep the temporary directories (databases, workbooks)
  --results-json F where to write this run's results as JSON (default bench/out/results-<mode>.json)
`);
  process.exit(0);
}

const QUICK = opt.quick;
const RUNS = Math.max(1, Number(opt.runs ?? (QUICK ? 1 : 3)));
const STARTUP_RUNS = Math.max(3, Number(opt.runs ?? (QUICK ? 5 : 20)));
const DATA = path.resolve(opt.data ?? path.join(ROOT, 'bench', 'data'));
const OUT = path.join(ROOT, 'bench', 'out');
const UNITS_DIR = path.resolve(opt['units-dir'] ?? path.join(ROOT, '..', 'shared', 'data', 'vn-admin-units'));
const ONLY = opt.only ? new Set(opt.only.split(',').map((s) => s.trim()).filter(Boolean)) : undefined;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-'));
const notes = [];
const log = (s) => process.stderr.write(s + '\n');
const note = (s) => {
  notes.push(s);
  log(`note: ${s}`);
};

/** Paths as shown in the table and RESULTS.md: relative to the repository, temp dirs as $TMP. */
function shown(s) {
  return String(s)
    .replace(new RegExp(`${TMP.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[\\w-]+-[0-9a-f]{6}`, 'g'), '$TMP')
    .split(TMP).join('$TMP').split(DATA).join('bench/data').split(ROOT + path.sep).join('').split(UNITS_DIR).join('../shared/data/vn-admin-units');
}
const showCmd = (cmd, args) => [cmd === process.execPath ? 'node' : path.basename(cmd), ...args].map((a) => (/[\s"]/.test(a) ? JSON.stringify(shown(a)) : shown(a))).join(' ');

const childEnv = { ...process.env, NO_COLOR: '1' };
delete childEnv.ROSTER_DB;
delete childEnv.ROSTER_DEBUG;

// ------------------------------------------------------------------ data

const SIZES = QUICK
  ? { csv: 11_000, xlsx: 11_000, report: 11_000 }
  : { csv: 1_000_000, xlsx: 100_000, report: 400_000 };
const label = (n) => (n >= 1_000_000 ? `${n / 1_000_000}m` : `${Math.round(n / 1000)}k`);
const dataFile = (rows, ext) => path.join(DATA, `r${label(rows)}.${ext}`);
const CITY_DIR = path.join(DATA, 'city');

const GEN_HASH = crypto
  .createHash('sha256')
  .update(fs.readFileSync(path.join(ROOT, 'bench', 'lib', 'roster-gen.mjs')))
  .update(fs.readFileSync(path.join(ROOT, 'bench', 'generate.mjs')))
  .digest('hex')
  .slice(0, 16);

/** Generates a data file unless an up-to-date one is there (its .meta.json names the generator version). */
async function ensureData(kind, rows) {
  const target = kind === 'city' ? CITY_DIR : dataFile(rows, kind);
  const meta = `${target}.meta.json`;
  const want = { kind, rows, generator: GEN_HASH };
  try {
    const have = JSON.parse(fs.readFileSync(meta, 'utf8'));
    if (have.generator === want.generator && have.rows === want.rows && fs.existsSync(target)) return target;
  } catch {
    /* missing or stale: generate */
  }
  const args =
    kind === 'city'
      ? [path.join(ROOT, 'bench', 'generate.mjs'), '--city', '--members', String(rows), '--out', target]
      : [path.join(ROOT, 'bench', 'generate.mjs'), '--rows', String(rows), '--format', kind, '--out', target];
  if (kind === 'city') fs.rmSync(target, { recursive: true, force: true });
  log(`generating ${shown(target)} (${rows.toLocaleString('en')} rows) ...`);
  const r = await measure(process.execPath, args, { cwd: ROOT, env: childEnv });
  if (r.code !== 0) throw new Error(`generator failed: ${r.stderrTail}`);
  log(`  ${(r.wallMs / 1000).toFixed(1)} s, peak ${Math.round(r.peakRssMB)} MB`);
  fs.writeFileSync(meta, JSON.stringify({ ...want, wallMs: Math.round(r.wallMs), peakRssMB: Math.round(r.peakRssMB) }) + '\n');
  return target;
}

// ------------------------------------------------------------------ tools

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The sqlite3 shell, installed from Debian when missing; undefined when that fails. */
function ensureSqlite3() {
  let bin = which('sqlite3');
  if (bin) return bin;
  log('sqlite3 not found: installing the Debian package (apt-get install -y sqlite3) ...');
  const r = spawnSync('sh', ['-c', 'apt-get update && apt-get install -y sqlite3'], { stdio: ['ignore', 'ignore', 'inherit'] });
  bin = which('sqlite3');
  if (r.status !== 0 || !bin) {
    note('sqlite3 could not be installed (apt-get failed): the sqlite3 baseline and every ratio against it are skipped.');
    return undefined;
  }
  return bin;
}

const rosterBuilt = () => fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'));

const commandCache = new Map();
/** Subcommand names under `roster [...parent]`, read from its --help. */
function subcommands(parent) {
  const key = parent.join(' ');
  if (commandCache.has(key)) return commandCache.get(key);
  const r = spawnSync(process.execPath, [BIN, ...parent, '--help', '--lang', 'en'], { encoding: 'utf8', env: childEnv });
  const names = new Set();
  let inCommands = false;
  for (const line of (r.stdout ?? '').split('\n')) {
    if (/^Commands:/.test(line)) inCommands = true;
    else if (inCommands) {
      const m = /^ {2}([a-z][\w-]*)/.exec(line);
      if (m) names.add(m[1]);
    }
  }
  commandCache.set(key, names);
  return names;
}
/** True when `roster a b` exists (e.g. hasCommand('report', 'monthly')). */
function hasCommand(...words) {
  if (!rosterBuilt()) return false;
  // Commander shows the parent's help for an unknown subcommand: check each level.
  for (let i = 0; i < words.length; i++) if (!subcommands(words.slice(0, i)).has(words[i])) return false;
  return true;
}
const roster = (db, ...args) => [process.execPath, [BIN, '--db', db, ...args]];

function runDir(name) {
  const d = path.join(TMP, `${name}-${crypto.randomBytes(3).toString('hex')}`);
  fs.mkdirSync(d, { recursive: true });
  return d;
}
function copyDb(from, to) {
  fs.copyFileSync(from, to);
  if (fs.existsSync(`${from}-wal`)) fs.copyFileSync(`${from}-wal`, `${to}-wal`);
}

/** Runs a setup step (not timed for the table); throws with stderr on failure. */
async function setupStep(what, cmd, args, okCodes = [0]) {
  const r = await measure(cmd, args, { cwd: ROOT, env: childEnv });
  if (!okCodes.includes(r.code)) throw new Error(`${what} failed (exit ${r.code}): ${firstLine(r.stderrTail)}`);
  return r;
}
const firstLine = (s) =>
  String(s ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 2)
    .join(' / ')
    .slice(0, 200);

// Quick mode keeps to the bundled sample units: loading the national lists takes longer than the whole smoke test should.
const nationalUnits = () =>
  !QUICK &&
  ['units-2025-03-01.json', 'merges-2025-07-01.json', 'legal-basis-2025-07-01.csv'].every((f) => fs.existsSync(path.join(UNITS_DIR, f)));

/** The steps that load the national unit reference into a database, when it is present and `units import` exists. */
function unitSteps(db) {
  if (!nationalUnits() || !hasCommand('units', 'import')) return [];
  return [
    ['units import (old list)', ...roster(db, 'units', 'import', path.join(UNITS_DIR, 'units-2025-03-01.json'))],
    ['units import (2025 mapping)', ...roster(db, 'units', 'import', path.join(UNITS_DIR, 'merges-2025-07-01.json'), '--legal-basis', path.join(UNITS_DIR, 'legal-basis-2025-07-01.csv'))],
  ];
}

const initArgs = ['init', '--office', 'UBND Thành phố Hồ Chí Minh', '--jurisdiction', '79'];

let templateDb;
let templateNoted = false;
/** A database after `init` (and the national units when present): copied for every run. */
async function template() {
  if (templateDb) return templateDb;
  const db = path.join(runDir('template'), 'template.db');
  let r = await measure(...roster(db, ...initArgs), { cwd: ROOT, env: childEnv });
  if (r.code !== 0) {
    fs.rmSync(db, { force: true });
    await setupStep('roster init', ...roster(db, 'init'));
  }
  const steps = unitSteps(db);
  for (const [what, cmd, args] of steps) await setupStep(what, cmd, args);
  if (!templateNoted) {
    templateNoted = true;
    note(
      steps.length
        ? 'Databases for import/validate/report start from `roster init --jurisdiction 79` plus the national unit reference (../shared/data/vn-admin-units: old list and 2025 mapping), loaded once and copied for each run.'
        : `Databases start from \`roster init\` with the bundled sample units only (${QUICK ? 'quick mode' : 'national reference not found or `units import` missing'}): wards outside former Districts 1 and 3 do not resolve.`,
    );
  }
  templateDb = db;
  return db;
}

// ------------------------------------------------------------------ measurements

/**
 * A measurement: id, group, what, rows, and run(ctx) returning
 * { cmd, args } plus optional prepare/check. Baselines are marked.
 */
const SQLITE3 = ensureSqlite3();
const state = {};

function sqliteImport(id, csv, rows) {
  return {
    id,
    what: `sqlite3 .import (C, no checks)`,
    rows,
    baseline: true,
    available: () => (SQLITE3 ? true : 'sqlite3 missing'),
    async prepare(ctx) {
      ctx.db = path.join(ctx.dir, 'sqlite.db');
    },
    command: (ctx) => [SQLITE3, [ctx.db, '.mode csv', `.import ${csv} roster`]],
    async check(ctx, r, round) {
      if (r.code !== 0) return { error: `exit ${r.code}: ${firstLine(r.stderrTail)}` };
      if (round === 0) {
        const c = spawnSync(SQLITE3, [ctx.db, 'SELECT count(*) FROM roster'], { encoding: 'utf8' });
        const n = Number(c.stdout.trim());
        if (n !== rows) return { error: `sqlite3 imported ${n} rows, expected ${rows}` };
      }
      return {};
    },
  };
}

const jsonRows = (r, want) => (r.json && typeof r.json.rows === 'number' && r.json.rows !== want ? `${r.json.rows} rows read, expected ${want}` : undefined);

function groups() {
  const csv = dataFile(SIZES.csv, 'csv');
  const xlsx = dataFile(SIZES.xlsx, 'xlsx');
  const xlsxCsv = dataFile(SIZES.xlsx, 'csv');
  const reportCsv = dataFile(SIZES.report, 'csv');
  const needImport = () => (rosterBuilt() ? (hasCommand('import') ? true : '`roster import` does not exist yet') : 'not built: run npm run build');

  const importRun = (file, rows, keepAs) => ({
    available: needImport,
    async prepare(ctx) {
      ctx.db = path.join(ctx.dir, 'roster.db');
      copyDb(await template(), ctx.db);
    },
    command: (ctx) => roster(ctx.db, '--json', 'import', file, '--period', PERIOD),
    async check(ctx, r) {
      if (r.code !== 0) return { error: `exit ${r.code}: ${firstLine(r.stderrTail)}` };
      if (keepAs) state[keepAs] = ctx.db;
      return { keep: Boolean(keepAs) };
    },
  });

  return [
    {
      group: 'csv',
      data: [['csv', SIZES.csv]],
      members: [
        sqliteImport('sqlite3', csv, SIZES.csv),
        {
          id: 'csv-parse',
          what: 'csv-parse stream alone (count rows)',
          rows: SIZES.csv,
          command: () => [process.execPath, [path.join(ROOT, 'bench/lib/csv-parse-count.mjs'), csv]],
          check: (ctx, r) => (r.code !== 0 ? { error: `exit ${r.code}: ${firstLine(r.stderrTail)}` } : { error: jsonRows(r, SIZES.csv) }),
        },
        {
          id: 'csv-sqlite',
          what: 'csv-parse + better-sqlite3, one transaction (reference)',
          rows: SIZES.csv,
          command: (ctx) => [process.execPath, [path.join(ROOT, 'bench/lib/csv-sqlite.mjs'), csv, path.join(ctx.dir, 'ref.db')]],
          check: (ctx, r) => (r.code !== 0 ? { error: `exit ${r.code}: ${firstLine(r.stderrTail)}` } : { error: jsonRows(r, SIZES.csv) }),
        },
        {
          id: 'import-csv',
          what: '`roster import` CSV (all checks, one transaction)',
          rows: SIZES.csv,
          ...importRun(csv, SIZES.csv, 'csvDb'),
          goal: { text: '≤ 2.0× sqlite3, ≤ 300 MB', check: (row) => row.ratio <= 2.0 && row.peakRssMB <= 300 },
        },
      ],
    },
    {
      group: 'validate',
      data: [['csv', SIZES.csv]],
      baselineFrom: 'sqlite3',
      members: [
        {
          id: 'validate',
          what: '`roster validate --json` (all rules)',
          rows: SIZES.csv,
          available: () => (hasCommand('validate') ? needImport() : '`roster validate` does not exist yet'),
          async prepare(ctx) {
            if (!state.csvDb) {
              log('  (setup) importing the CSV once for validate ...');
              const db = path.join(runDir('validate-db'), 'roster.db');
              copyDb(await template(), db);
              await setupStep('roster import', ...roster(db, 'import', csv, '--period', PERIOD));
              state.csvDb = db;
            }
            ctx.db = state.csvDb;
          },
          command: (ctx) => roster(ctx.db, '--json', 'validate', '--period', PERIOD),
          check: (ctx, r) => (r.code === 0 || r.code === 1 ? {} : { error: `exit ${r.code}: ${firstLine(r.stderrTail)}` }),
          goal: { text: '≥ 300k rows/s, ≤ 400 MB', check: (row) => row.rowsPerSec >= 300_000 && row.peakRssMB <= 400 },
        },
      ],
    },
    {
      group: 'xlsx',
      data: [
        ['csv', SIZES.xlsx],
        ['xlsx', SIZES.xlsx],
      ],
      members: [
        sqliteImport('sqlite3-xlsx-rows', xlsxCsv, SIZES.xlsx),
        {
          id: 'exceljs-read',
          what: 'exceljs streaming reader (XLSX, count rows)',
          rows: SIZES.xlsx,
          command: () => [process.execPath, [path.join(ROOT, 'bench/lib/exceljs-read.mjs'), xlsx]],
          check(ctx, r) {
            if (r.code !== 0) return { error: `exit ${r.code}: ${firstLine(r.stderrTail)}` };
            const err = jsonRows(r, SIZES.xlsx);
            return { error: err, info: r.json?.cellsDamaged ? `${r.json.cellsDamaged} cells damaged (U+FFFD)` : undefined };
          },
        },
        {
          id: 'import-xlsx',
          what: '`roster import` XLSX',
          rows: SIZES.xlsx,
          ...importRun(xlsx, SIZES.xlsx, 'xlsxDb'),
          needs: ['exceljs-read'],
          async after() {
            if (!state.xlsxDb) return;
            const r = await measure(process.execPath, [path.join(ROOT, 'bench/lib/check-intact.mjs'), state.xlsxDb, xlsxCsv], { cwd: ROOT, env: childEnv });
            const j = r.json ?? {};
            if (j.error) return { info: `intact check not possible: ${j.error}`, intact: undefined };
            const intact = j.mismatches === 0 && j.replacementChars === 0 && j.compared === SIZES.xlsx;
            return { intact, info: intact ? `every character intact (${j.compared} rows compared)` : `NOT intact: ${j.mismatches} mismatching rows, ${j.replacementChars} U+FFFD, ${j.compared} compared ${j.examples?.[0] ? '(e.g. ' + JSON.stringify(j.examples[0]) + ')' : ''}` };
          },
          goal: {
            text: '< exceljs reader, intact, ≤ 250 MB',
            check: (row, byId) => (byId['exceljs-read'] ? row.wallMs < byId['exceljs-read'].wallMs && row.peakRssMB <= 250 && row.intact === true : undefined),
          },
        },
      ],
    },
    {
      group: 'report',
      data: [['csv', SIZES.report]],
      members: [
        sqliteImport('sqlite3-report-rows', reportCsv, SIZES.report),
        {
          id: 'exceljs-write',
          what: 'exceljs streaming writer, member rows alone',
          rows: SIZES.report,
          async prepare(ctx) {
            await reportDb(reportCsv).catch(() => undefined); // without a database it reads the CSV
            ctx.out = path.join(ctx.dir, 'members.xlsx');
          },
          command: (ctx) => [process.execPath, [path.join(ROOT, 'bench/lib/exceljs-write.mjs'), ctx.out, '--period', PERIOD, '--csv', reportCsv, ...(state.reportDb ? ['--db', state.reportDb] : [])]],
          check: (ctx, r) => (r.code !== 0 ? { error: `exit ${r.code}: ${firstLine(r.stderrTail)}` } : { info: r.json?.source === 'csv' ? 'rows read from the CSV (no imported database)' : undefined }),
        },
        {
          id: 'report',
          what: '`roster report monthly --draft`',
          rows: SIZES.report,
          available: () => (hasCommand('report', 'monthly') ? needImport() : '`roster report monthly` does not exist yet'),
          needs: ['exceljs-write'],
          async prepare(ctx) {
            await reportDb(reportCsv);
            if (!state.reportDb) throw new Error(state.reportDbError ?? 'no imported database');
            ctx.db = state.reportDb;
            ctx.out = path.join(ctx.dir, 'monthly.xlsx');
          },
          command: (ctx) => roster(ctx.db, 'report', 'monthly', '--period', PERIOD, '-o', ctx.out, '--draft'),
          check: (ctx, r) => (r.code === 0 && fs.existsSync(ctx.out) ? {} : { error: `exit ${r.code}: ${firstLine(r.stderrTail)}` }),
          goal: {
            text: '≤ 1.5× exceljs writer, ≤ 500 MB',
            check: (row, byId) => (byId['exceljs-write'] ? row.wallMs <= 1.5 * byId['exceljs-write'].wallMs && row.peakRssMB <= 500 : undefined),
          },
        },
      ],
    },
    {
      group: 'city',
      data: [['city', 11_000]],
      members: [
        {
          id: 'city',
          what: 'whole job, 30 files: init, import, validate, remap --auto, report --draft',
          rows: 11_000,
          commandText: `roster init --office … --jurisdiction 79 && [units import of the national lists, not counted] && roster import bench/data/city/*.{csv,xlsx} --period ${PERIOD} && roster --json validate --period ${PERIOD} && roster --yes remap --period ${PERIOD} --auto && roster report monthly --period ${PERIOD} -o $TMP/monthly.xlsx --draft`,
          available: () => {
            const missing = [['import'], ['validate'], ['remap'], ['report', 'monthly']].filter((c) => !hasCommand(...c)).map((c) => c.join(' '));
            return !rosterBuilt() ? 'not built: run npm run build' : missing.length ? `missing commands: ${missing.join(', ')}` : true;
          },
          steps(ctx) {
            const db = path.join(ctx.dir, 'city.db');
            const files = fs
              .readdirSync(CITY_DIR)
              .filter((f) => /\.(csv|xlsx)$/.test(f))
              .sort()
              .map((f) => path.join(CITY_DIR, f));
            return [
              { name: 'init', run: roster(db, ...initArgs) },
              ...unitSteps(db).map(([what, cmd, args]) => ({ name: what, run: [cmd, args], untimed: true })),
              { name: 'import', run: roster(db, 'import', ...files, '--period', PERIOD) },
              { name: 'validate', run: roster(db, '--json', 'validate', '--period', PERIOD), ok: [0, 1] },
              { name: 'remap', run: roster(db, '--yes', 'remap', '--period', PERIOD, '--auto'), ok: [0, 1] },
              { name: 'report', run: roster(db, 'report', 'monthly', '--period', PERIOD, '-o', path.join(ctx.dir, 'monthly.xlsx'), '--draft') },
            ];
          },
          goal: { text: '≤ 5 s', check: (row) => row.wallMs <= 5000 },
        },
      ],
    },
    {
      group: 'startup',
      runs: STARTUP_RUNS,
      data: [],
      members: [
        { id: 'node', what: '`node -e 0`', rows: 0, baseline: true, command: () => [process.execPath, ['-e', '0']] },
        {
          id: 'startup',
          what: '`roster --help`',
          rows: 0,
          available: () => (rosterBuilt() ? true : 'not built: run npm run build'),
          command: () => [process.execPath, [BIN, '--help']],
          check: (ctx, r) => (r.code === 0 ? {} : { error: `exit ${r.code}: ${firstLine(r.stderrTail)}` }),
          goal: { text: '≤ 150 ms', check: (row) => row.wallMs <= 150 },
        },
      ],
    },
  ];
}

/** The 400k database for the report measurements: imported once (setup, not timed). */
async function reportDb(csv) {
  if (state.reportDbTried) {
    if (state.reportDbError) throw new Error(state.reportDbError);
    return;
  }
  state.reportDbTried = true;
  if (!rosterBuilt() || !hasCommand('import')) return;
  if (SIZES.report === SIZES.csv && state.csvDb) {
    state.reportDb = state.csvDb; // quick mode: the same 11k database
    return;
  }
  const db = path.join(runDir('report-db'), 'roster.db');
  copyDb(await template(), db);
  log('  (setup) importing the report roster once ...');
  try {
    const r = await setupStep('roster import', ...roster(db, 'import', csv, '--period', PERIOD));
    note(`Report database: ${SIZES.report.toLocaleString('en')} rows imported once before the report runs (${(r.wallMs / 1000).toFixed(1)} s, ${Math.round(r.peakRssMB)} MB).`);
    state.reportDb = db;
  } catch (e) {
    state.reportDbError = `setup import of the report roster failed: ${e.message}`;
    note(state.reportDbError);
  }
}

/**
 * Bench scripts of the other parts of the product: every bench/<name>.mjs
 * except the runner and the generator (see bench/README.md for the
 * convention), plus the expected ones, reported as skipped while missing.
 */
const EXPECTED_EXTERNAL = ['xlsx-reader', 'validate', 'workbook'];
const EXTERNAL = [
  ...new Set([
    ...EXPECTED_EXTERNAL,
    ...fs
      .readdirSync(path.join(ROOT, 'bench'))
      .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && f !== 'generate.mjs')
      .map((f) => f.slice(0, -4))
      .sort(),
  ]),
];
/** Rows suggested to each script (--rows): the size its goal speaks of. */
const externalRows = (name) => (QUICK ? 11_000 : ({ 'xlsx-reader': 100_000, workbook: 400_000 })[name] ?? 1_000_000);
const EXTERNAL_TIMEOUT_MS = QUICK ? 20_000 : 60 * 60_000;

// ------------------------------------------------------------------ running

const samples = new Map(); // id -> { walls, peaks, errors, infos, extra }
const rowsOut = [];

function record(id) {
  if (!samples.has(id)) samples.set(id, { walls: [], peaks: [], errors: [], infos: new Set(), after: {} });
  return samples.get(id);
}

async function runOnce(m, round) {
  const s = record(m.id);
  const ctx = { dir: runDir(m.id) };
  let keep = opt.keep;
  try {
    if (m.prepare) await m.prepare(ctx);
    if (m.steps) {
      s.command ??= m.commandText;
      let wall = 0, peak = 0;
      s.steps ??= new Map();
      for (const step of m.steps(ctx)) {
        const [cmd, args] = step.run;
        const r = await measure(cmd, args, { cwd: ROOT, env: childEnv });
        if (!(step.ok ?? [0]).includes(r.code)) {
          s.errors.push(`${step.name}: exit ${r.code}: ${firstLine(r.stderrTail)}`);
          return;
        }
        peak = Math.max(peak, r.peakRssMB);
        if (!step.untimed) wall += r.wallMs;
        const key = `${step.name}${step.untimed ? ' (set-up, not counted)' : ''}`;
        s.steps.set(key, [...(s.steps.get(key) ?? []), r.wallMs]);
      }
      s.walls.push(wall);
      s.peaks.push(peak);
      return;
    }
    const [cmd, args] = m.command(ctx);
    s.command ??= showCmd(cmd, args);
    const r = await measure(cmd, args, { cwd: ROOT, env: childEnv });
    const c = m.check ? await m.check(ctx, r, round) : r.code === 0 ? {} : { error: `exit ${r.code}` };
    if (c.error) {
      s.errors.push(c.error);
      return;
    }
    if (c.info) s.infos.add(c.info);
    if (c.keep) keep = true;
    s.walls.push(r.wallMs);
    s.peaks.push(r.peakRssMB);
  } catch (e) {
    s.errors.push(e.message);
  } finally {
    if (!keep) fs.rmSync(ctx.dir, { recursive: true, force: true });
  }
}

async function runGroup(g) {
  let members = g.members;
  if (ONLY) {
    const wanted = members.filter((m) => ONLY.has(m.id));
    if (wanted.length === 0) return;
    const needed = wanted.flatMap((m) => m.needs ?? []);
    members = members.filter((m) => m.baseline || ONLY.has(m.id) || needed.includes(m.id));
  }
  const live = [];
  const skipped = new Map();
  for (const m of members) {
    const a = m.available ? m.available() : true;
    if (a !== true) {
      note(`${m.id}: skipped (${a}).`);
      skipped.set(m.id, { id: m.id, group: g.group, what: m.what, rows: m.rows, skipped: a });
    } else live.push(m);
  }
  const done = new Map(skipped);
  if (live.length) {
    for (const [kind, rows] of g.data) await ensureData(kind, rows);
    const runs = g.runs ?? RUNS;
    log(`\n[${g.group}] ${live.map((m) => m.id).join(', ')}: ${runs} run(s) each, alternating`);
    for (let round = 0; round < runs; round++) {
      // Alternate the order so that neither side always runs first.
      const order = round % 2 ? [...live].reverse() : live;
      for (const m of order) {
        if (record(m.id).errors.length) continue;
        await runOnce(m, round);
        const s = record(m.id);
        if (g.runs === undefined || round === runs - 1 || s.errors.length) {
          const last = s.errors.length ? `FAILED: ${s.errors[0]}` : `${(s.walls[s.walls.length - 1] / 1000).toFixed(2)} s, ${Math.round(s.peaks[s.peaks.length - 1])} MB`;
          log(`  ${m.id.padEnd(20)} run ${round + 1}: ${last}`);
        }
      }
    }
  }
  for (const m of live) {
    const s = record(m.id);
    if (m.after && !s.errors.length) Object.assign(s.after, await m.after());
    const row = { id: m.id, group: g.group, what: m.what, rows: m.rows, runs: s.walls.length, command: s.command };
    if (s.errors.length) row.failed = s.errors[0];
    if (s.walls.length) {
      row.wallMs = median(s.walls);
      row.peakRssMB = median(s.peaks);
      row.rowsPerSec = m.rows ? m.rows / (row.wallMs / 1000) : undefined;
    }
    if (m.baseline) row.baseline = true;
    if (s.after.intact !== undefined) row.intact = s.after.intact;
    const infos = [...s.infos, ...(s.after.info ? [s.after.info] : [])];
    if (s.steps) infos.push(`median per step: ${[...s.steps].map(([k, v]) => `${k} ${(median(v) / 1000).toFixed(2)} s`).join(', ')}`);
    if (infos.length) row.info = infos.join('; ');
    row.goal = m.goal;
    row.baselineId = m.baseline ? undefined : (live.find((x) => x.baseline)?.id ?? g.baselineFrom);
    done.set(m.id, row);
  }
  for (const m of members) if (done.has(m.id)) rowsOut.push(done.get(m.id));
}

async function runExternal() {
  for (const name of EXTERNAL) {
    const id = `bench:${name}`;
    if (ONLY && !ONLY.has(id) && !ONLY.has(name + '.mjs')) continue;
    const script = path.join(ROOT, 'bench', `${name}.mjs`);
    if (!fs.existsSync(script)) {
      note(`${id}: bench/${name}.mjs does not exist yet: skipped.`);
      rowsOut.push({ id, group: 'external', what: `bench/${name}.mjs`, skipped: 'script not written yet' });
      continue;
    }
    const rows = externalRows(name);
    const args = [script, '--data', DATA, '--rows', String(rows), ...(QUICK ? ['--quick'] : [])];
    log(`\n[external] ${showCmd(process.execPath, args)}`);
    const r = await measure(process.execPath, args, { cwd: ROOT, env: { ...childEnv, ROSTER_BENCH_QUICK: QUICK ? '1' : '' }, timeoutMs: EXTERNAL_TIMEOUT_MS });
    const list = Array.isArray(r.json) ? r.json : r.json ? [r.json] : [];
    if (r.timedOut || r.code !== 0 || list.length === 0) {
      const why = r.timedOut
        ? `stopped after ${EXTERNAL_TIMEOUT_MS / 1000} s${QUICK ? ' (quick mode: the script should honour --quick / --rows)' : ''}`
        : r.code !== 0
          ? `exit ${r.code}: ${firstLine(r.stderrTail)}`
          : `no JSON line at the end of its output (see bench/README.md)${r.lastLine ? `; its last line: ${JSON.stringify(r.lastLine)}` : ''}`;
      rowsOut.push({ id, group: 'external', what: `bench/${name}.mjs`, failed: why });
      note(`${id}: ${why}`);
      continue;
    }
    for (const j of list) {
      const { name: n, rows, wallMs, peakRssMB, ...extra } = j;
      const row = { id: `${id}:${n ?? name}`, group: 'external', what: `${n ?? name} (bench/${name}.mjs)`, rows, wallMs, peakRssMB: peakRssMB ?? r.peakRssMB, command: showCmd(process.execPath, args) };
      if (rows && wallMs) row.rowsPerSec = rows / (wallMs / 1000);
      if (typeof extra.pass === 'boolean') row.pass = extra.pass;
      if (extra.goal) row.goalText = String(extra.goal);
      const info = Object.entries(extra).filter(([k]) => k !== 'pass' && k !== 'goal').map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
      if (info.length) row.info = info.join(', ');
      rowsOut.push(row);
    }
  }
}

function finish() {
  const byId = Object.fromEntries(rowsOut.filter((r) => r.wallMs !== undefined).map((r) => [r.id, r]));
  for (const r of rowsOut) {
    if (r.wallMs === undefined) continue;
    const b = r.baselineId && byId[r.baselineId];
    if (b) {
      r.ratio = r.wallMs / b.wallMs;
      r.vs = b.id === 'node' ? 'node -e 0' : 'sqlite3';
    }
    if (r.goal) {
      r.goalText = r.goal.text;
      if (!QUICK) {
        const pass = r.goal.check(r, byId);
        if (pass !== undefined) r.pass = Boolean(pass);
      }
    }
    if (b && r.id === 'sqlite3-xlsx-rows') r.what += ` (${label(r.rows)} CSV twin)`;
    delete r.goal;
  }
  // Relative figures the goals use, shown beside the rows.
  const rel = (a, b, text) => {
    if (byId[a] && byId[b]) byId[a].info = [byId[a].info, `${(byId[a].wallMs / byId[b].wallMs).toFixed(2)}× ${text}`].filter(Boolean).join('; ');
  };
  rel('import-xlsx', 'exceljs-read', 'the exceljs streaming reader');
  rel('report', 'exceljs-write', 'the exceljs streaming writer');
  rel('import-csv', 'csv-sqlite', 'the straightforward csv-parse + better-sqlite3 import');
}

// ------------------------------------------------------------------ main

const ALL = groups();
if (opt.list) {
  fs.rmSync(TMP, { recursive: true, force: true });
  for (const g of ALL) for (const m of g.members) process.stdout.write(`${m.id.padEnd(22)} ${g.group.padEnd(9)} ${m.what}\n`);
  for (const n of EXTERNAL) process.stdout.write(`${`bench:${n}`.padEnd(22)} external  bench/${n}.mjs (when it exists)\n`);
  process.exit(0);
}
if (ONLY) {
  const known = new Set([...ALL.flatMap((g) => g.members.map((m) => m.id)), ...EXTERNAL.map((n) => `bench:${n}`)]);
  const unknown = [...ONLY].filter((n) => !known.has(n));
  if (unknown.length) {
    fs.rmSync(TMP, { recursive: true, force: true });
    process.stderr.write(`unknown measurement(s): ${unknown.join(', ')}; --list shows the names\n`);
    process.exit(2);
  }
}

const started = new Date();
const t0 = performance.now();
log(`roster benchmarks (${QUICK ? 'quick: small data, no goals' : 'full'}), ${RUNS} paired run(s) per measurement; memory by ${memoryMethod()}`);
if (!hasGnuTime()) note('GNU time not found: peak memory is polled from /proc (may miss very short peaks).');
if (!rosterBuilt()) note('dist/ is missing: run `npm run build` (npm run bench does it) to measure the roster commands.');
let exitCode = 0;
try {
  for (const g of ALL) await runGroup(g);
  await runExternal();
  finish();
} catch (e) {
  log(`bench: ${e.stack ?? e}`);
  exitCode = 3;
} finally {
  if (!opt.keep) fs.rmSync(TMP, { recursive: true, force: true });
  else log(`kept temporary files in ${TMP}`);
}

const info = {
  date: started.toISOString().slice(0, 10),
  mode: QUICK ? 'quick' : 'full',
  runs: RUNS,
  startupRuns: STARTUP_RUNS,
  elapsedS: Math.round((performance.now() - t0) / 100) / 10,
  machine: { ...machine(), sqlite3: SQLITE3 ? spawnSync(SQLITE3, ['-version'], { encoding: 'utf8' }).stdout.trim().split(' ')[0] : 'missing', memory: memoryMethod() },
};
process.stdout.write('\n' + renderTable(rowsOut, { goals: !QUICK }) + '\n');
const details = rowsOut.filter((r) => r.info || r.failed).map((r) => `- ${r.id}: ${[r.failed && `failed: ${r.failed}`, r.info].filter(Boolean).join('; ')}`);
if (details.length) process.stdout.write('\nDetails:\n' + details.join('\n') + '\n');
if (notes.length) process.stdout.write('\nNotes:\n' + notes.map((n) => `- ${n}`).join('\n') + '\n');
process.stdout.write(`\n${info.mode} mode, ${info.elapsedS} s in all; ${info.machine.cpu}, ${info.machine.cores} cores, Node ${info.machine.node}\n`);

const resultsJson = path.resolve(opt['results-json'] ?? path.join(OUT, `results-${info.mode}.json`));
fs.mkdirSync(path.dirname(resultsJson), { recursive: true });
fs.writeFileSync(resultsJson, JSON.stringify({ ...info, rows: rowsOut, notes }, null, 2) + '\n');
if (opt['write-results']) {
  const file = path.join(ROOT, 'bench', 'RESULTS.md');
  const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  fs.writeFileSync(file, renderResults(previous, { ...info, rows: rowsOut, notes }));
  log(`wrote bench/RESULTS.md`);
}
if (rowsOut.some((r) => r.failed)) exitCode = exitCode || 1;
process.exitCode = exitCode;
