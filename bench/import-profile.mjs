#!/usr/bin/env node
// @ts-check
// `roster import` of a CSV against `sqlite3 .import` of the same file, paired
// runs in this one script, and (with --profile) where the import's CPU time
// goes, from a `node --cpu-prof` run.
//
//   npm run build && node bench/import-profile.mjs [--rows 100000] [--file r.csv] [--runs 3] [--profile] [--top 25]
//
// Options: --data DIR (where generated CSVs go, default bench/data), --no-units
// (databases from `roster init` only; default: plus the national unit
// reference when ../shared/data/vn-admin-units exists, as in bench/run.mjs),
// --quick (11,000 rows, one run: the runner's smoke test), --dist DIR (measure
// another build, e.g. of an older commit, for before/after figures).
//
// Each run: sqlite3 .import into a fresh database, then `roster import` into a
// copy of an initialised database (the order flips every run). Wall time is
// taken around the child process; peak memory is the child's own
// process.resourceUsage().maxRSS. The last stdout line is one JSON object
// (bench/README.md convention).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { measure, median } from './lib/measure.mjs';
import { findOnPath } from './lib/tools.mjs';
import { writeCsv } from './lib/roster-gen.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const has = (n) => args.includes(n);
/** The value after `name` on the command line, else `def`. */
const arg = (/** @type {string} */ name, /** @type {string} */ def) => {
  const i = args.indexOf(name);
  return (i >= 0 && i + 1 < args.length ? args[i + 1] : undefined) ?? def;
};
const QUICK = has('--quick') || process.env.ROSTER_BENCH_QUICK === '1';
const ROWS = Number(arg('--rows', QUICK ? '11000' : '100000'));
const RUNS = Number(arg('--runs', QUICK ? '1' : '3'));
const TOP = Number(arg('--top', '25'));
const DATA = path.resolve(arg('--data', path.join(ROOT, 'bench', 'data')));
const UNITS_DIR = path.resolve(ROOT, '..', 'shared', 'data', 'vn-admin-units');
const useUnits = !has('--no-units') && !QUICK && fs.existsSync(path.join(UNITS_DIR, 'units-2025-03-01.json'));
const log = (s) => process.stderr.write(`${s}\n`);

const label = (n) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}m` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
  log('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}
// The baseline is the sqlite3 shell; it is never installed from here (.ci/run installs it).
const SQLITE = findOnPath('sqlite3');
if (!SQLITE) {
  log('sqlite3 not found: the baseline cannot run (apt-get install sqlite3).');
  console.log(JSON.stringify({ name: 'import-profile', skipped: 'sqlite3 missing: apt-get install sqlite3' }));
  process.exit(0);
}
const sqlite3 = SQLITE;

const file = path.resolve(arg('--file', path.join(DATA, `r${label(ROWS)}.csv`)));
if (!fs.existsSync(file)) {
  log(`generating ${path.relative(ROOT, file)} (${ROWS} rows) ...`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await writeCsv({ out: file, rows: ROWS });
}
const sizeMB = fs.statSync(file).size / 1e6;

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-import-profile-'));
const BIN = path.join(ROOT, 'bin', 'roster.js');
const PERIOD = '2026-11';

function step(what, argv) {
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${r.stderr.trim().split('\n')[0]}`);
}

const template = path.join(TMP, 'template.db');
log(`template database: roster init${useUnits ? ' + national unit reference' : ' (bundled sample units)'} ...`);
step('init', ['--db', template, 'init', '--office', 'UBND Thành phố Hồ Chí Minh', '--jurisdiction', '79']);
if (useUnits) {
  step('units import', ['--db', template, 'units', 'import', path.join(UNITS_DIR, 'units-2025-03-01.json')]);
  step('units import (mapping)', [
    '--db',
    template,
    'units',
    'import',
    path.join(UNITS_DIR, 'merges-2025-07-01.json'),
    '--legal-basis',
    path.join(UNITS_DIR, 'legal-basis-2025-07-01.csv'),
  ]);
}
{
  // one file, no WAL beside it, so a copy is the whole database
  const db = new Database(template);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

// The import runs in-process in a small driver so that it reports its own peak memory.
const DRIVER = `
const { main } = await import(${JSON.stringify(path.resolve(arg('--dist', path.join(ROOT, 'dist')), 'cli', 'main.js'))});
const code = await main(process.argv.slice(1));
process.stdout.write('\\n' + JSON.stringify({ code, maxRssMB: process.resourceUsage().maxRSS / 1024, heapMB: process.memoryUsage().heapUsed / 2 ** 20, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }) + '\\n');
process.exitCode = code;
`;
const importArgv = (db) => ['--input-type=module', '-e', DRIVER, '--', '--db', db, '--json', 'import', file, '--period', PERIOD];

// The floor of the current write design: the same statements the import runs
// for every row (member, team every sixth row, source row, membership), with
// the same pragmas and page cache, on values computed up front: no reading,
// parsing, checks or resolution. What the import costs above this is ours to cut.
const FLOOR = `
const Database = (await import(${JSON.stringify(path.join(ROOT, 'node_modules', 'better-sqlite3', 'lib', 'index.js'))})).default;
const [dbFile, n] = process.argv.slice(1);
const N = Number(n);
const db = new Database(dbFile);
db.pragma('journal_mode = WAL'); db.pragma('foreign_keys = ON'); db.pragma('synchronous = NORMAL'); db.pragma('cache_size = -65536');
db.exec('BEGIN IMMEDIATE');
const imp = Number(db.prepare("INSERT INTO imports (period, mode, file_name, file_path, file_sha256, imported_at) VALUES ('2026-11', 'sync', 'r.csv', '/r.csv', 'x', '2026-11-28')").run().lastInsertRowid);
const unit = db.prepare('SELECT id FROM units LIMIT 1').get()?.id ?? null;
const team = db.prepare('INSERT INTO teams (unit_id, origin_unit_id, unit_text, neighbourhood, neighbourhood_key, created_import_id) VALUES (?, ?, ?, ?, ?, ?)');
const member = db.prepare('INSERT INTO members (person_key, person_id, full_name, dob, gender, phone, email, organisation) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (person_key) DO NOTHING');
const row = db.prepare('INSERT INTO source_rows (import_id, period, row_number, full_name, dob, gender, person_id, phone, email, role, organisation, neighbourhood, ward, ward_code, district, joined_on, left_on, onetouch, notes, repairs, unit_id, unit_status, team_id, member_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
const ms = db.prepare('INSERT INTO memberships (member_id, team_id, role, onetouch, joined_on, left_on, first_period, last_period, left_period, status, source_row_id, last_import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
let teamId = 0;
for (let i = 0; i < N; i++) {
  const pid = '079' + String((i * 7919 + 12345) % 1000003).padStart(9, '0');
  if (i % 6 === 0) teamId = Number(team.run(unit, unit, '', 'Khu phố ' + i, 'kp ' + i, imp).lastInsertRowid);
  const m = Number(member.run('id:' + pid, pid, 'Nguyễn Thị Thanh Hương', '1990-01-01', 'female', '0912345678', null, 'Mặt trận Tổ quốc phường Tân Định').lastInsertRowid);
  const r = Number(row.run(imp, '2026-11', i + 2, 'Nguyễn Thị Thanh Hương', '1990-01-01', 'female', pid, '0912345678', null, 'member', 'Mặt trận Tổ quốc phường Tân Định', 'Khu phố 1', 'Phường Tân Định', null, 'Quận 1', '2024-01-01', null, 1, null, null, unit, 'current', teamId, m).lastInsertRowid);
  ms.run(m, teamId, 'member', 1, '2024-01-01', null, '2026-11', '2026-11', null, 'active', r, imp);
}
db.exec('COMMIT');
db.close();
process.stdout.write(JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\\n');
`;

let n = 0;
function freshDb() {
  const db = path.join(TMP, `run-${++n}.db`);
  fs.copyFileSync(template, db);
  return db;
}
function cleanup(db) {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
}

async function runSqlite() {
  const db = path.join(TMP, `sqlite-${++n}.db`);
  const r = await measure(sqlite3, [db, '.mode csv', `.import ${file.replace(/\\/g, '/')} roster`], { cwd: ROOT });
  if (r.code !== 0) throw new Error(`sqlite3 .import failed: ${r.stderrTail}`);
  cleanup(db);
  return { wallMs: r.wallMs, peakRssMB: r.peakRssMB };
}

/**
 * A number the child printed in its JSON line, if it did.
 * @param {import('./lib/measure.mjs').Measured} r
 * @param {string} key
 */
function printed(r, key) {
  const v = r.json?.[key];
  return typeof v === 'number' ? v : undefined;
}

/**
 * Median of the paired ratios of `runs` against the `baseline` runs of the same rounds.
 * @param {{ wallMs: number }[]} runs
 * @param {{ wallMs: number }[]} baseline
 */
const pairedRatio = (runs, baseline) => median(runs.map((r, i) => r.wallMs / (baseline[i]?.wallMs ?? NaN)));

/** @param {number} rows */
async function runFloor(rows) {
  const db = freshDb();
  const r = await measure(process.execPath, ['--input-type=module', '-e', FLOOR, '--', db, String(rows)], { cwd: ROOT });
  if (r.code !== 0) throw new Error(`write floor failed: ${r.stderrTail}`);
  cleanup(db);
  return { wallMs: r.wallMs, peakRssMB: printed(r, 'maxRssMB') ?? r.peakRssMB };
}

/** @type {number | undefined} */
let expectedRows;
async function runImport() {
  const db = freshDb();
  const r = await measure(process.execPath, importArgv(db), { cwd: ROOT });
  if (r.code !== 0) throw new Error(`roster import failed (exit ${r.code}): ${r.stderrTail}`);
  const d = new Database(db, { readonly: true });
  const rows = /** @type {{ n: number }} */ (d.prepare('SELECT count(*) AS n FROM source_rows').get()).n;
  d.close();
  if (expectedRows !== undefined && rows !== expectedRows) throw new Error(`imported ${rows} rows, expected ${expectedRows}`);
  expectedRows = rows;
  cleanup(db);
  return { wallMs: r.wallMs, peakRssMB: printed(r, 'maxRssMB') ?? r.peakRssMB, heapMB: printed(r, 'heapMB'), cpuMs: printed(r, 'cpuMs'), rows };
}

log(`${path.relative(ROOT, file) || file}: ${ROWS.toLocaleString('en')} rows, ${sizeMB.toFixed(0)} MB; ${RUNS} paired run(s)`);
/** @type {{ wallMs: number, peakRssMB: number }[]} */
const sq = [];
/** @type {Awaited<ReturnType<typeof runImport>>[]} */
const im = [];
/** @type {{ wallMs: number, peakRssMB: number }[]} */
const fl = [];
// The write floor explains the full-size figure; the quick smoke run leaves it out.
const withFloor = !has('--no-floor') && !QUICK;
try {
  for (let i = 0; i < RUNS; i++) {
    const order = i % 2 === 0 ? ['sqlite', 'import'] : ['import', 'sqlite'];
    for (const w of order) {
      if (w === 'sqlite') sq.push(await runSqlite());
      else im.push(await runImport());
    }
    if (withFloor) fl.push(await runFloor(im[0]?.rows ?? ROWS));
    const a = sq[sq.length - 1];
    const b = im[im.length - 1];
    const f = fl[i];
    if (!a || !b) throw new Error(`run ${i + 1} left no figure`);
    log(
      `  run ${i + 1}: sqlite3 ${(a.wallMs / 1000).toFixed(2)} s,${withFloor && f ? ` write floor ${(f.wallMs / 1000).toFixed(2)} s (${(f.wallMs / a.wallMs).toFixed(2)}×),` : ''} roster import ${(b.wallMs / 1000).toFixed(2)} s (${(b.wallMs / a.wallMs).toFixed(2)}×), ${Math.round(b.peakRssMB)} MB peak, ${Math.round(b.heapMB ?? 0)} MB heap at the end, ${((b.cpuMs ?? 0) / 1000).toFixed(2)} s CPU`,
    );
  }

  const sqMs = median(sq.map((r) => r.wallMs));
  const imMs = median(im.map((r) => r.wallMs));
  const imMB = median(im.map((r) => r.peakRssMB));
  const ratio = pairedRatio(im, sq);
  const [first] = im;
  if (!first) throw new Error(`--runs wants at least 1 run, not ${RUNS}`);
  const rows = first.rows;
  console.log(`| what | median wall (s) | rows/s | peak RSS (MB) | ratio |`);
  console.log(`| --- | --- | --- | --- | --- |`);
  console.log(
    `| sqlite3 .import | ${(sqMs / 1000).toFixed(2)} | ${Math.round((rows / sqMs) * 1000).toLocaleString('en')} | ${Math.round(median(sq.map((r) => r.peakRssMB)))} | 1.00 |`,
  );
  if (withFloor) {
    const flMs = median(fl.map((r) => r.wallMs));
    const flRatio = pairedRatio(fl, sq);
    console.log(
      `| write floor (the import's statements alone) | ${(flMs / 1000).toFixed(2)} | ${Math.round((rows / flMs) * 1000).toLocaleString('en')} | ${Math.round(median(fl.map((r) => r.peakRssMB)))} | ${flRatio.toFixed(2)}× |`,
    );
  }
  console.log(
    `| roster import | ${(imMs / 1000).toFixed(2)} | ${Math.round((rows / imMs) * 1000).toLocaleString('en')} | ${Math.round(imMB)} | ${ratio.toFixed(2)}× (median of paired ratios) |`,
  );

  if (has('--profile')) {
    const dir = path.join(TMP, 'prof');
    fs.mkdirSync(dir);
    const db = freshDb();
    log('profiling one import with node --cpu-prof ...');
    const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, ...importArgv(db)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`profiled import failed: ${r.stderr}`);
    cleanup(db);
    const profile = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!profile) throw new Error('the profiled import wrote no .cpuprofile');
    printProfile(JSON.parse(fs.readFileSync(path.join(dir, profile), 'utf8')));
    if (has('--keep-profile')) {
      const out = path.join(ROOT, 'bench', 'out', `import-${label(ROWS)}.cpuprofile`);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.copyFileSync(path.join(dir, profile), out);
      log(`profile kept: ${path.relative(ROOT, out)}`);
    }
  }

  const goal = ROWS >= 1_000_000 ? '≤ 3.0× sqlite3 .import, ≤ 300 MB (issue 13)' : undefined;
  console.log(
    JSON.stringify({
      name: 'import-profile',
      rows,
      wallMs: Math.round(imMs),
      peakRssMB: Math.round(imMB),
      rowsPerSec: Math.round((rows / imMs) * 1000),
      baselineMs: Math.round(sqMs),
      ratio: Math.round(ratio * 100) / 100,
      ...(withFloor ? { floorMs: Math.round(median(fl.map((r) => r.wallMs))), floorRatio: Math.round(pairedRatio(fl, sq) * 100) / 100 } : {}),
      cpuMs: Math.round(median(im.map((r) => r.cpuMs ?? NaN))),
      ...(goal && !QUICK ? { goal, pass: ratio <= 3.0 && imMB <= 300 } : {}),
    }),
  );
} finally {
  fs.rmSync(TMP, { recursive: true, force: true });
}

/**
 * Self time per function (summed over the profile's samples), top N.
 * @param {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number } }[], samples: number[], timeDeltas: number[] }} prof
 */
function printProfile(prof) {
  const byId = new Map(prof.nodes.map((nd) => [nd.id, nd]));
  /** @type {Map<string, number>} */
  const self = new Map();
  let total = 0;
  for (const [i, sample] of prof.samples.entries()) {
    const nd = byId.get(sample);
    const dt = prof.timeDeltas[i] ?? 0;
    total += dt;
    if (!nd) continue;
    const cf = nd.callFrame;
    const url = cf.url.startsWith('file:') ? path.relative(ROOT, fileURLToPath(cf.url)).replace(/^dist\//, '') : cf.url;
    const where = url ? `${url}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  console.log(`\nCPU profile: ${(total / 1e6).toFixed(2)} s sampled; top ${TOP} by self time`);
  console.log('| self (ms) | % | function |');
  console.log('| --- | --- | --- |');
  for (const [k, us] of top) console.log(`| ${(us / 1000).toFixed(0)} | ${((us / total) * 100).toFixed(1)} | ${k.replace(/\|/g, '\\|')} |`);
}
