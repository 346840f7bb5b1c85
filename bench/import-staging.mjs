#!/usr/bin/env node
// @ts-check
// The import's writes, two data designs, against `sqlite3 .import` of the same
// CSV, in paired runs:
//   floor   the current row-by-row design (the statements of
//           import-profile.mjs's write floor: team, member, source row,
//           membership, one prepared statement each, per row);
//   staged  the rows into a TEMP staging table by one prepared statement in a
//           tight loop (member and team ids assigned while parsing), then
//           teams, members, source_rows and memberships derived by set-based
//           INSERT … SELECT, in the same transaction;
//   staged-late  the same, with the indexes of members' neighbours
//           (source_rows, memberships, teams) dropped before the load and
//           created again after it, inside the transaction.
// Every design writes the same rows, checked by counts and a SHA-256 of each
// table's key columns ORDER BY id, so the databases must be the same.
//
//   npm run build && node bench/import-staging.mjs [--rows 200000] [--runs 3] [--data DIR]
//
// Each child generates the rows with the benchmark generator (the rows of the
// CSV, same seed) and turns them into stored values (untimed: the parse), then
// times only its writes, wall and CPU (process.cpuUsage) from BEGIN to after
// COMMIT. sqlite3 is timed as a whole process (wall; CPU from GNU time). The
// last stdout line is one JSON object (bench/README.md convention).
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { ensureData } from './lib/data.mjs';
import { measure, median } from './lib/measure.mjs';
import { COL, createGenerator } from './lib/roster-gen.mjs';
import { findOnPath } from './lib/tools.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
const PERIOD = '2026-11';
const args = process.argv.slice(2);
/** The value after `name` on the command line, else `def`. */
const arg = (/** @type {string} */ name, /** @type {string} */ def) => {
  const i = args.indexOf(name);
  return (i >= 0 && i + 1 < args.length ? args[i + 1] : undefined) ?? def;
};
const log = (/** @type {string} */ s) => process.stderr.write(`${s}\n`);

/** @typedef {'floor' | 'staged' | 'staged-late' | 'staged-multi'} Design */
const DESIGNS = /** @type {Design[]} */ (['floor', 'staged', 'staged-late', 'staged-multi']);

/**
 * One roster row as the import would store it (ids assigned while parsing).
 * @typedef {object} Parsed
 * @property {number} rowNumber
 * @property {number} memberId
 * @property {number} teamId
 * @property {0 | 1} newMember the first row of this person
 * @property {0 | 1} newTeam the first row of this team
 * @property {string} personKey
 * @property {string | null} personId
 * @property {string} fullName
 * @property {string} dob
 * @property {string} gender
 * @property {string | null} phone
 * @property {string | null} email
 * @property {string} role
 * @property {string} organisation
 * @property {string} neighbourhood
 * @property {string} neighbourhoodKey
 * @property {string} ward
 * @property {string} district
 * @property {string} joinedOn
 * @property {0 | 1} onetouch
 * @property {string | null} notes
 */

const ROLES = /** @type {Record<string, string>} */ ({ 'Tổ trưởng': 'leader', 'Tổ phó': 'deputy', 'Thành viên': 'member' });
/** dd/mm/yyyy → yyyy-mm-dd */
const iso = (/** @type {string} */ dmy) => {
  const [d = '', m = '', y = ''] = dmy.split('/');
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
};
const orNull = (/** @type {string} */ s) => (s === '' ? null : s);

/**
 * The generator's rows (those of the CSV) as stored values, ids assigned in
 * maps of people and teams.
 * @param {number} count
 * @returns {Parsed[]}
 */
function parseRows(count) {
  /** @type {Map<string, number>} */
  const people = new Map();
  /** @type {Map<string, number>} */
  const teams = new Map();
  /** @type {Parsed[]} */
  const out = [];
  for (const r of createGenerator().rows(count)) {
    const cell = (/** @type {keyof typeof COL} */ h) => r[COL[h]] ?? '';
    const pid = cell('Số CCCD');
    const fullName = cell('Họ và tên');
    const dob = iso(cell('Ngày sinh'));
    const personKey = pid ? `id:${pid}` : `nd:${fullName.toLowerCase()}|${dob}`;
    const neighbourhood = cell('Khu phố/Ấp');
    const ward = cell('Phường/Xã');
    const neighbourhoodKey = neighbourhood.toLowerCase();
    const teamKey = `${ward}|${neighbourhoodKey}`;
    const newMember = people.has(personKey) ? 0 : 1;
    if (newMember) people.set(personKey, people.size + 1);
    const newTeam = teams.has(teamKey) ? 0 : 1;
    if (newTeam) teams.set(teamKey, teams.size + 1);
    out.push({
      rowNumber: out.length + 2,
      memberId: people.get(personKey) ?? 0,
      teamId: teams.get(teamKey) ?? 0,
      newMember,
      newTeam,
      personKey,
      personId: orNull(pid),
      fullName,
      dob,
      gender: cell('Giới tính') === 'Nữ' ? 'female' : 'male',
      phone: orNull(cell('Số điện thoại')),
      email: orNull(cell('Email')),
      role: ROLES[cell('Chức danh')] ?? cell('Chức danh'),
      organisation: cell('Đơn vị công tác'),
      neighbourhood,
      neighbourhoodKey,
      ward,
      district: cell('Quận/Huyện'),
      joinedOn: iso(cell('Ngày tham gia')),
      onetouch: cell('Hoàn thành OneTouch') === 'Có' ? 1 : 0,
      notes: orNull(cell('Ghi chú')),
    });
  }
  return out;
}

/** @param {import('better-sqlite3').Database} db */
function openImport(db) {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  db.exec('BEGIN IMMEDIATE');
  const imp = Number(
    db.prepare("INSERT INTO imports (period, mode, file_name, file_path, file_sha256, imported_at) VALUES ('2026-11', 'sync', 'r.csv', '/r.csv', 'x', '2026-11-28')").run()
      .lastInsertRowid,
  );
  const unit = /** @type {{ id: number } | undefined} */ (db.prepare('SELECT id FROM units LIMIT 1').get())?.id ?? null;
  return { imp, unit };
}

const SOURCE_COLUMNS =
  'import_id, period, row_number, full_name, dob, gender, person_id, phone, email, role, organisation, neighbourhood, ward, ward_code, district, joined_on, left_on, onetouch, notes, repairs, unit_id, unit_status, team_id, member_id';
const MEMBERSHIP_COLUMNS = 'member_id, team_id, role, onetouch, joined_on, left_on, first_period, last_period, left_period, status, source_row_id, last_import_id';

/**
 * The current design: per row, the statements of import-profile's write floor.
 * @param {import('better-sqlite3').Database} db
 * @param {Parsed[]} rows
 */
function writeFloor(db, rows) {
  const { imp, unit } = openImport(db);
  const team = db.prepare('INSERT INTO teams (unit_id, origin_unit_id, unit_text, neighbourhood, neighbourhood_key, created_import_id) VALUES (?, ?, ?, ?, ?, ?)');
  const member = db.prepare(
    'INSERT INTO members (person_key, person_id, full_name, dob, gender, phone, email, organisation) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (person_key) DO NOTHING',
  );
  const row = db.prepare(`INSERT INTO source_rows (${SOURCE_COLUMNS}) VALUES (${Array(24).fill('?').join(', ')})`);
  const ms = db.prepare(`INSERT INTO memberships (${MEMBERSHIP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const p of rows) {
    if (p.newTeam) team.run(unit, unit, p.ward, p.neighbourhood, p.neighbourhoodKey, imp);
    if (p.newMember) member.run(p.personKey, p.personId, p.fullName, p.dob, p.gender, p.phone, p.email, p.organisation);
    const r = Number(
      row.run(
        imp,
        PERIOD,
        p.rowNumber,
        p.fullName,
        p.dob,
        p.gender,
        p.personId,
        p.phone,
        p.email,
        p.role,
        p.organisation,
        p.neighbourhood,
        p.ward,
        null,
        p.district,
        p.joinedOn,
        null,
        p.onetouch,
        p.notes,
        null,
        unit,
        'current',
        p.teamId,
        p.memberId,
      ).lastInsertRowid,
    );
    ms.run(p.memberId, p.teamId, p.role, p.onetouch, p.joinedOn, null, PERIOD, PERIOD, null, 'active', r, imp);
  }
  db.exec('COMMIT');
}

const STAGED_COLUMNS =
  'member_id, team_id, new_member, new_team, row_number, person_key, person_id, full_name, dob, gender, phone, email, role, organisation, neighbourhood, neighbourhood_key, ward, district, joined_on, onetouch, notes';
/** Indexes dropped and created again by staged-late (the UNIQUE person_key is the table's own). */
const LATE_INDEXES = [
  'CREATE INDEX source_rows_by_period ON source_rows(period, superseded_by)',
  'CREATE INDEX source_rows_by_import ON source_rows(import_id)',
  'CREATE INDEX source_rows_by_member ON source_rows(member_id)',
  'CREATE INDEX memberships_by_member ON memberships(member_id)',
  'CREATE INDEX memberships_by_team ON memberships(team_id, status)',
  'CREATE INDEX teams_by_unit ON teams(unit_id, neighbourhood_key)',
  'CREATE INDEX teams_by_origin ON teams(origin_unit_id, neighbourhood_key)',
];

/** The 22 values of one staging row, its rowid first. */
const stagedValues = (/** @type {Parsed} */ p, /** @type {number} */ id) => [
  id,
  p.memberId,
  p.teamId,
  p.newMember,
  p.newTeam,
  p.rowNumber,
  p.personKey,
  p.personId,
  p.fullName,
  p.dob,
  p.gender,
  p.phone,
  p.email,
  p.role,
  p.organisation,
  p.neighbourhood,
  p.neighbourhoodKey,
  p.ward,
  p.district,
  p.joinedOn,
  p.onetouch,
  p.notes,
];

/**
 * The rows into the TEMP staging table, `batch` rows per INSERT statement.
 * @param {import('better-sqlite3').Database} db
 * @param {Parsed[]} rows
 * @param {number} batch
 */
function stageRows(db, rows, batch) {
  db.exec(`CREATE TEMP TABLE staged (${STAGED_COLUMNS})`);
  const one = `(${Array(22).fill('?').join(', ')})`;
  const insert = (/** @type {number} */ k) => db.prepare(`INSERT INTO staged (rowid, ${STAGED_COLUMNS}) VALUES ${Array(k).fill(one).join(', ')}`);
  const full = insert(batch);
  let i = 0;
  for (; i + batch <= rows.length; i += batch) {
    /** @type {unknown[]} */
    const values = [];
    for (let j = i; j < i + batch; j++) {
      const p = rows[j];
      if (p) values.push(...stagedValues(p, j + 1));
    }
    full.run(values);
  }
  if (i < rows.length) insert(rows.length - i).run(rows.slice(i).flatMap((p, j) => stagedValues(p, i + j + 1)));
}

/** Where the staged design's time goes (ms), printed by the child. */
/** @type {Record<string, number>} */
const phases = {};

/**
 * The staged design: rows into a TEMP table, the schema derived by INSERT … SELECT.
 * @param {import('better-sqlite3').Database} db
 * @param {Parsed[]} rows
 * @param {{ lateIndexes: boolean, batch: number }} how indexes created after the load; rows per staging INSERT
 */
function writeStaged(db, rows, { lateIndexes, batch }) {
  let t = performance.now();
  const mark = (/** @type {string} */ phase) => {
    const now = performance.now();
    phases[phase] = Math.round((phases[phase] ?? 0) + now - t);
    t = now;
  };
  const { imp, unit } = openImport(db);
  stageRows(db, rows, batch);
  mark('stageMs');
  if (lateIndexes) for (const sql of LATE_INDEXES) db.exec(`DROP INDEX ${sql.split(' ')[2]}`);
  db.prepare(
    'INSERT INTO teams (id, unit_id, origin_unit_id, unit_text, neighbourhood, neighbourhood_key, created_import_id) SELECT team_id, ?, ?, ward, neighbourhood, neighbourhood_key, ? FROM staged WHERE new_team ORDER BY team_id',
  ).run(unit, unit, imp);
  db.exec(
    'INSERT INTO members (id, person_key, person_id, full_name, dob, gender, phone, email, organisation) SELECT member_id, person_key, person_id, full_name, dob, gender, phone, email, organisation FROM staged WHERE new_member ORDER BY member_id',
  );
  db.prepare(
    `INSERT INTO source_rows (id, ${SOURCE_COLUMNS}) SELECT rowid, ?, ?, row_number, full_name, dob, gender, person_id, phone, email, role, organisation, neighbourhood, ward, NULL, district, joined_on, NULL, onetouch, notes, NULL, ?, 'current', team_id, member_id FROM staged ORDER BY rowid`,
  ).run(imp, PERIOD, unit);
  db.prepare(
    `INSERT INTO memberships (id, ${MEMBERSHIP_COLUMNS}) SELECT rowid, member_id, team_id, role, onetouch, joined_on, NULL, ?, ?, NULL, 'active', rowid, ? FROM staged ORDER BY rowid`,
  ).run(PERIOD, PERIOD, imp);
  mark('deriveMs');
  if (lateIndexes) for (const sql of LATE_INDEXES) db.exec(sql);
  mark('indexMs');
  db.exec('DROP TABLE temp.staged');
  db.exec('COMMIT');
  mark('commitMs');
}

/** The child: parse (untimed), then one design's writes, timed. */
function child() {
  const [design, dbFile, n] = args.slice(1);
  const t0 = performance.now();
  const rows = parseRows(Number(n));
  const parseMs = performance.now() - t0;
  const db = new Database(dbFile ?? '');
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  if (design === 'floor') writeFloor(db, rows);
  else writeStaged(db, rows, { lateIndexes: design === 'staged-late', batch: design === 'staged-multi' ? 40 : 1 });
  const wallMs = performance.now() - w0;
  const c = process.cpuUsage(c0);
  db.close();
  process.stdout.write(`${JSON.stringify({ design, parseMs, wallMs, cpuMs: (c.user + c.system) / 1000, ...phases })}\n`);
}

/** Key columns of each table, in id order, hashed: equal digests, equal rows. */
const DIGESTS = {
  teams: 'SELECT id, unit_id, unit_text, neighbourhood, neighbourhood_key FROM teams ORDER BY id',
  members: 'SELECT id, person_key, person_id, full_name, dob, gender, phone, email, organisation FROM members ORDER BY id',
  memberships: `SELECT id, ${MEMBERSHIP_COLUMNS.replace('last_import_id', 'status')} FROM memberships ORDER BY id`,
  source_rows: `SELECT id, ${SOURCE_COLUMNS.replace('import_id, ', '')} FROM source_rows ORDER BY id`,
};

/**
 * Counts and digests of the tables a design wrote.
 * @param {string} file
 */
function contents(file) {
  const db = new Database(file, { readonly: true });
  /** @type {Record<string, string>} */
  const out = {};
  for (const [table, sql] of Object.entries(DIGESTS)) {
    const h = crypto.createHash('sha256');
    let n = 0;
    for (const r of db.prepare(sql).raw().iterate()) {
      h.update(JSON.stringify(r));
      n++;
    }
    out[table] = `${n} rows ${h.digest('hex').slice(0, 16)}`;
  }
  db.close();
  return out;
}

if (args[0] === '--child') child();
else await parent();

async function parent() {
  const quick = args.includes('--quick') || process.env.ROSTER_BENCH_QUICK === '1';
  const ROWS = Number(arg('--rows', quick ? '11000' : '200000'));
  const RUNS = Number(arg('--runs', quick ? '1' : '3'));
  const DATA = path.resolve(arg('--data', path.join(ROOT, 'bench', 'data')));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    log('dist/ is missing: run `npm run build` first.');
    process.exit(2);
  }
  const sqlite3 = findOnPath('sqlite3');
  if (!sqlite3) {
    console.log(JSON.stringify({ name: 'import-staging', skipped: 'sqlite3 missing: apt-get install sqlite3' }));
    return;
  }
  const file = await ensureData({ dataDir: DATA, root: ROOT }, 'csv', ROWS, { log });
  const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-import-staging-'));
  try {
    const template = path.join(TMP, 'template.db');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'roster.js'), '--db', template, 'init', '--office', 'UBND Thành phố Hồ Chí Minh', '--jurisdiction', '79'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`roster init failed: ${r.stderr}`);
    const t = new Database(template);
    t.pragma('wal_checkpoint(TRUNCATE)');
    t.close();
    await rounds({ sqlite3, file, template, TMP, ROWS, RUNS });
  } finally {
    fs.rmSync(TMP, { recursive: true, force: true });
  }
}

/** @typedef {{ wallMs: number, cpuMs: number, phases?: Record<string, number> }} Run */

/**
 * The paired rounds, the table and the JSON line.
 * @param {{ sqlite3: string, file: string, template: string, TMP: string, ROWS: number, RUNS: number }} o
 */
async function rounds({ sqlite3, file, template, TMP, ROWS, RUNS }) {
  /** @type {Record<'sqlite3' | Design, Run[]>} */
  const runs = { sqlite3: [], floor: [], staged: [], 'staged-late': [], 'staged-multi': [] };
  /** @type {Record<string, Record<string, string>>} */
  const seen = {};
  let n = 0;
  log(`${path.relative(ROOT, file)}: ${ROWS.toLocaleString('en')} rows; ${RUNS} paired run(s) of sqlite3 .import, ${DESIGNS.join(', ')}`);
  for (let i = 0; i < RUNS; i++) {
    const order = /** @type {('sqlite3' | Design)[]} */ (['sqlite3', ...DESIGNS]);
    if (i % 2) order.reverse();
    for (const w of order) {
      const db = path.join(TMP, `run-${++n}.db`);
      if (w === 'sqlite3') {
        const m = await measure(sqlite3, [db, '.mode csv', `.import ${file} roster`], { cwd: ROOT });
        if (m.code !== 0) throw new Error(`sqlite3 .import failed: ${m.stderrTail}`);
        runs.sqlite3.push({ wallMs: m.wallMs, cpuMs: m.cpuMs ?? NaN });
      } else {
        fs.copyFileSync(template, db);
        const m = await measure(process.execPath, [SELF, '--child', w, db, String(ROWS)], { cwd: ROOT });
        if (m.code !== 0 || !m.json) throw new Error(`${w} failed: ${m.stderrTail}`);
        const { wallMs, cpuMs, design: _d, parseMs: _p, ...phases } = m.json;
        runs[w].push({ wallMs: Number(wallMs), cpuMs: Number(cpuMs), phases: /** @type {Record<string, number>} */ (phases) });
        if (i === 0) seen[w] = contents(db);
      }
      for (const s of ['', '-wal', '-shm']) fs.rmSync(db + s, { force: true });
    }
    log(
      `  run ${i + 1}: ${Object.entries(runs)
        .map(([k, v]) => `${k} ${((v[i]?.wallMs ?? NaN) / 1000).toFixed(2)} s wall ${((v[i]?.cpuMs ?? NaN) / 1000).toFixed(2)} s CPU`)
        .join('; ')}`,
    );
  }
  const floorSeen = JSON.stringify(seen.floor);
  const same = DESIGNS.every((d) => JSON.stringify(seen[d]) === floorSeen);
  for (const d of DESIGNS) log(`  ${d}: ${JSON.stringify(seen[d])}`);
  report(runs, ROWS, same);
}

/**
 * @param {Record<'sqlite3' | Design, Run[]>} runs
 * @param {number} rows
 * @param {boolean} same
 */
function report(runs, rows, same) {
  const paired = (/** @type {Run[]} */ xs, /** @type {'wallMs' | 'cpuMs'} */ k) => median(xs.map((x, i) => x[k] / (runs.sqlite3[i]?.[k] ?? NaN)));
  const s = (/** @type {number} */ ms) => (ms / 1000).toFixed(2);
  console.log('| what | median wall (s) | median CPU (s) | wall ratio | CPU ratio |');
  console.log('| --- | --- | --- | --- | --- |');
  /** @type {Record<string, number>} */
  const figures = {};
  for (const [k, xs] of Object.entries(runs)) {
    const f = {
      wallMs: Math.round(median(xs.map((x) => x.wallMs))),
      cpuMs: Math.round(median(xs.map((x) => x.cpuMs))),
      wallRatio: Math.round(paired(xs, 'wallMs') * 100) / 100,
      cpuRatio: Math.round(paired(xs, 'cpuMs') * 100) / 100,
    };
    const phases = Object.keys(xs[0]?.phases ?? {}).map((p) => [p, Math.round(median(xs.map((x) => x.phases?.[p] ?? NaN)))]);
    if (phases.length) log(`  ${k} phases (median ms): ${phases.map(([p, ms]) => `${p} ${ms}`).join(', ')}`);
    // flat fields (the runner shows them under Details): floorWallMs, stagedCpuRatio, stagedLateDeriveMs …
    const prefix = k.replace(/-(\w)/g, (_, c) => c.toUpperCase());
    for (const [p, v] of [...Object.entries(f), ...phases]) figures[`${prefix}${String(p)[0]?.toUpperCase()}${String(p).slice(1)}`] = Number(v);
    console.log(`| ${k} | ${s(f.wallMs)} | ${s(f.cpuMs)} | ${f.wallRatio.toFixed(2)}× | ${f.cpuRatio.toFixed(2)}× |`);
  }
  log(same ? 'every design wrote the same teams, members, memberships and source rows' : 'MISMATCH: the designs wrote different rows');
  console.log(JSON.stringify({ name: 'import-staging', rows, runs: runs.sqlite3.length, wallMs: figures.stagedWallMs, same, ...figures }));
  if (!same) process.exitCode = 1;
}
