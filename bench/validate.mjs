#!/usr/bin/env node
// @ts-check
/**
 * Validation speed. Builds a period of N roster rows (default 1,000,000) with
 * direct SQL in a temporary database (one child process), then validates it in
 * fresh child processes, one per run: each times a plain SQLite scan of the
 * period (the baseline, same process, just before) and validatePeriod, and
 * reads its own peak RSS (process.resourceUsage().maxRSS), so the memory is
 * that of the validation, not of building the data. The findings stream as
 * in `validate --json`: sorted through the spilling sorter and written out as
 * JSON (counted, not kept); the time includes that.
 * Run after `npm run build`:
 *   node bench/validate.mjs [--rows N | rows] [--runs N] [--quick] [--keep]
 *   node bench/validate.mjs [rows] --build-only          (prints the database path)
 *   node bench/validate.mjs --db FILE [--runs N]         (validate an existing bench database)
 * Prints rows/s, wall time, the ratio to the scan, peak RSS, phase timings and the findings.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
const { openStore } = await import(path.join(root, 'dist/store/db.js'));
const { runRules } = await import(path.join(root, 'dist/rules/engine.js'));
const { FindingsCollector } = await import(path.join(root, 'dist/findings/stream.js'));
const { jsonChunks } = await import(path.join(root, 'dist/findings/json.js'));

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const QUICK = args.includes('--quick') || process.env.ROSTER_BENCH_QUICK === '1';
// Rows: --rows N (the runner's convention) or a bare number; 1,000,000 by default.
const N = Number(opt('--rows') ?? args.find((a, i) => /^\d+$/.test(a) && !['--runs', '--rows', '--db', '--measure'].includes(args[i - 1] ?? '')) ?? 1_000_000);
const RUNS = Number(opt('--runs') ?? (QUICK ? 1 : 3));
const PERIOD = '2026-11';

if (args.includes('--measure')) {
  // One run in this fresh process: the scan, then the validation.
  const { db } = openStore(opt('--measure'));
  const s0 = process.hrtime.bigint();
  const scan = db.prepare('SELECT count(*) AS n, sum(length(full_name)), sum(length(phone)) FROM source_rows WHERE period = ? AND superseded_by IS NULL').get(PERIOD);
  const baseMs = Number(process.hrtime.bigint() - s0) / 1e6;
  const timings = {};
  const s1 = process.hrtime.bigint();
  // As `validate --json` does: findings stream to a sorter that spills to disk, then out as JSON (here counted, not kept).
  const collector = new FindingsCollector();
  runRules(db, { period: PERIOD, lang: 'vi', timings }, collector);
  const report = collector.stream(PERIOD);
  const s2 = process.hrtime.bigint();
  let bytes = 0;
  for (const chunk of jsonChunks(report)) bytes += chunk.length;
  timings['sort and JSON'] = Number(process.hrtime.bigint() - s2) / 1e6;
  collector.dispose();
  const ms = Number(process.hrtime.bigint() - s1) / 1e6;
  db.close();
  console.log(JSON.stringify({ rows: scan.n, baseMs, ms, peakMB: process.resourceUsage().maxRSS / 1024, timings, counts: report.counts, findings: report.size, jsonChars: bytes }));
  process.exit(0);
}

// Deterministic pseudo-random numbers.
let seed = 42;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Ngọc', 'Minh', 'Thanh', 'Đức', 'Thu'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hùng', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Phương', 'Quân', 'Tâm', 'Thảo', 'Trang', 'Tuấn'];
const PHONE = ['090', '091', '093', '096', '097', '098', '032', '035', '070', '077', '083', '086'];

function build(file) {
  const t0 = Date.now();
  const { db } = openStore(file, { create: true });
  db.pragma('synchronous = OFF');
  const now = new Date().toISOString();
  db.exec(`INSERT INTO unit_lists VALUES ('2025-03-01', NULL, '2025-07-01', 'bench', '${now}'), ('2025-07-01', '2025-07-01', NULL, 'bench', '${now}')`);
  const insUnit = db.prepare('INSERT INTO units (vintage, level, code, name, type, parent_id, province_code, name_key) VALUES (?, 3, ?, ?, ?, NULL, ?, ?)');
  const insSucc = db.prepare("INSERT INTO successions VALUES (?, ?, ?, '2025-07-01', '1685/NQ-UBTVQH15')");
  const NEW = 60;
  const OLD = 200;
  const newIds = [];
  const oldIds = [];
  const wardsNew = [];
  const wardsOld = [];
  db.transaction(() => {
    for (let i = 0; i < NEW; i++) {
      const name = `Phường Mới ${i + 1}`;
      newIds.push(insUnit.run('2025-07-01', String(30000 + i), name, 'Phường', '79', `moi ${i + 1}`).lastInsertRowid);
      wardsNew.push(name);
    }
    for (let i = 0; i < OLD; i++) {
      const name = `Phường Cũ ${i + 1}`;
      const id = insUnit.run('2025-03-01', String(26000 + i), name, 'Phường', '79', `cu ${i + 1}`).lastInsertRowid;
      oldIds.push(id);
      wardsOld.push(name);
      if (i % 10 === 0) {
        insSucc.run(id, newIds[i % NEW], 'partial');
        insSucc.run(id, newIds[(i + 1) % NEW], 'partial');
      } else insSucc.run(id, newIds[i % NEW], 'full');
    }
  })();

  const columns = JSON.stringify(
    ['full_name', 'dob', 'gender', 'person_id', 'phone', 'email', 'role', 'organisation', 'neighbourhood', 'ward', 'ward_code', 'district', 'joined_on', 'onetouch', 'notes'].map(
      (field, index) => ({ field, index, header: field, column: String.fromCharCode(65 + index) }),
    ),
  );
  const FILES = 30;
  const insImport = db.prepare(
    "INSERT INTO imports (period, mode, file_name, file_sha256, sheet, header_row, columns_json, imported_at) VALUES ('2026-11', 'sync', ?, ?, 'DS', 1, ?, ?)",
  );
  const importIds = [];
  for (let f = 0; f < FILES; f++) importIds.push(insImport.run(`district-${f + 1}.csv`, 'x'.repeat(64), columns, now).lastInsertRowid);

  const insTeam = db.prepare("INSERT INTO teams (unit_id, origin_unit_id, unit_text, neighbourhood, neighbourhood_key) VALUES (?, ?, '', ?, ?)");
  const insMember = db.prepare('INSERT INTO members (person_key, person_id, full_name, dob, gender) VALUES (?, ?, ?, ?, ?)');
  const insRow = db.prepare(`INSERT INTO source_rows (import_id, period, row_number, full_name, dob, gender, person_id, phone, email, role,
    organisation, neighbourhood, ward, ward_code, district, joined_on, onetouch, repairs, unit_id, unit_status, team_id, member_id)
    VALUES (?, '2026-11', ?, ?, ?, ?, ?, ?, ?, ?, 'UBND', ?, ?, NULL, NULL, '2025-03-15', ?, ?, ?, ?, ?, ?)`);

  let made = 0;
  let serial = 0;
  const rowInFile = new Array(FILES).fill(1);
  db.transaction(() => {
    let kp = 0;
    while (made < N) {
      const retired = rnd() < 0.05;
      const wi = retired ? Math.floor(rnd() * OLD) : Math.floor(rnd() * NEW);
      const unitId = retired ? oldIds[wi] : newIds[wi];
      const ward = retired ? wardsOld[wi] : wardsNew[wi];
      const status = retired ? (wi % 10 === 0 ? 'retired.partial' : 'retired.full') : 'current';
      const nb = `Khu phố ${++kp}`;
      const teamId = insTeam.run(unitId, unitId, nb, `khu pho ${kp}`).lastInsertRowid;
      const size = Math.min(4 + Math.floor(rnd() * 5), N - made);
      const f = Math.floor(rnd() * FILES);
      for (let m = 0; m < size; m++) {
        const male = rnd() < 0.5;
        const year = 1950 + Math.floor(rnd() * 55);
        const dob = `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
        const cg = (year >= 2000 ? 2 : 0) + (male ? 0 : 1);
        const pid = `079${cg}${String(year % 100).padStart(2, '0')}${String(++serial % 1_000_000).padStart(6, '0')}`;
        const name = `${pick(FAMILY)} ${male ? 'Văn' : pick(MIDDLE)} ${pick(GIVEN)}`;
        let phone = pick(PHONE) + String(Math.floor(rnd() * 1e7)).padStart(7, '0');
        let repairs = null;
        const q = rnd();
        if (q < 0.01) phone = `0168${phone.slice(3)}`;
        else if (q < 0.02) repairs = 'person_id:repaired';
        const memberId = insMember.run(`id:${pid}`, pid, name, dob, male ? 'male' : 'female').lastInsertRowid;
        insRow.run(
          importIds[f],
          ++rowInFile[f],
          name,
          dob,
          male ? 'male' : 'female',
          pid,
          phone,
          `u${serial}@example.vn`,
          m === 0 ? 'leader' : 'member',
          nb,
          ward,
          rnd() < 0.5 ? 1 : 0,
          repairs,
          unitId,
          status,
          teamId,
          memberId,
        );
        made++;
      }
    }
  })();
  db.pragma('synchronous = NORMAL');
  db.exec('ANALYZE');
  // As after an import has settled: the write-ahead log folded into the file.
  db.pragma('wal_checkpoint(TRUNCATE)');
  const built = (Date.now() - t0) / 1000;
  db.close();
  return built;
}

if (args.includes('--build-only')) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-validate-'));
  const file = path.join(dir, 'bench.db');
  build(file);
  console.log(file);
  process.exit(0);
}

let file = opt('--db');
let made = false;
if (!file) {
  const t = Date.now();
  file = execFileSync(process.execPath, [self, String(N), '--build-only'], { encoding: 'utf8' }).trim();
  made = true;
  console.log(`validation bench: ${N.toLocaleString('en')} rows, database built in ${((Date.now() - t) / 1000).toFixed(1)} s (separate process)`);
}
const results = [];
for (let i = 0; i < RUNS; i++) results.push(JSON.parse(execFileSync(process.execPath, [self, '--measure', file], { encoding: 'utf8' })));
const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};
const rows = results[0].rows;
const ms = median(results.map((r) => r.ms));
const ratio = median(results.map((r) => r.ms / r.baseMs));
console.log(`  rows in the period: ${rows.toLocaleString('en')}; ${RUNS} runs, each in a fresh process`);
console.log(
  `  validation: ${results.map((r) => (r.ms / 1000).toFixed(2)).join(' / ')} s; median ${(ms / 1000).toFixed(2)} s = ${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`,
);
console.log(
  `  scan of the period in the same process (no rules): ${results.map((r) => (r.baseMs / 1000).toFixed(2)).join(' / ')} s; validation = ${ratio.toFixed(1)}x the scan (median of paired ratios)`,
);
console.log(`  peak RSS of the validating process: ${results.map((r) => r.peakMB.toFixed(0)).join(' / ')} MB`);
const last = results[results.length - 1];
console.log(
  `  phases of the last run (ms): ${Object.entries(last.timings)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(', ')}`,
);
console.log(`  findings: ${last.findings} (${JSON.stringify(last.counts)})`);
if (made && !args.includes('--keep')) fs.rmSync(path.dirname(file), { recursive: true, force: true });
else if (made) console.log(`  kept ${file}`);
// The runner's convention (bench/README.md): the last stdout line is the JSON result.
const peakRss = Math.max(...results.map((r) => r.peakMB));
const rowsPerSec = Math.round(rows / (ms / 1000));
console.log(
  JSON.stringify({
    name: 'validate-engine',
    rows,
    wallMs: Math.round(ms),
    peakRssMB: Math.round(peakRss),
    rowsPerSec,
    ratioVsScan: Number(ratio.toFixed(1)),
    findings: last.findings,
    goal: '>= 300,000 rows/s, peak <= 400 MB',
    pass: rowsPerSec >= 300_000 && peakRss <= 400,
  }),
);
