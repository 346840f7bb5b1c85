#!/usr/bin/env node
// @ts-check
/**
 * Monthly workbook speed (issue 6): the whole `report monthly` workbook for N
 * members (default 400,000) against the exceljs streaming writer writing the
 * same member rows alone (same query, same 14 columns, no styles, no other
 * sheets). Each run is a separate process so peak memory
 * (process.resourceUsage().maxRSS) is its own; runs are paired and repeated.
 *
 * Run after `npm run build`:  node bench/workbook.mjs [--rows N | members] [--runs 3] [--quick] [--heap MB] [--keep]
 * Goal: report ≤ 1.5 × baseline wall time; report peak ≤ 500 MB.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'dist', p);
const args = process.argv.slice(2);

// ---------------------------------------------------------------- child ---
if (args[0] === '--child') {
  const [, mode, file, out] = args;
  if (!file || !out) throw new Error('usage: node bench/workbook.mjs --child report|baseline DB OUT.xlsx');
  const { openStore } = await import(dist('store/db.js'));
  const { db } = openStore(file, { readonly: true });
  const t0 = process.hrtime.bigint();
  let rows = 0;
  if (mode === 'report') {
    const { writeMonthlyReport } = await import(dist('reports/monthly.js'));
    const res = await writeMonthlyReport({
      db,
      period: '2026-11',
      out,
      lang: 'vi',
      report: { ok: true, period: '2026-11', counts: { error: 0, warning: 0, info: 0 }, findings: [] },
      draft: false,
      includePii: false,
      now: new Date('2026-11-28T09:00:00Z'),
    });
    rows = res.members;
  } else {
    const { iterateMembers } = await import(dist('reports/monthly-data.js'));
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('Thành viên');
    for (const m of iterateMembers(db, '2026-11')) {
      rows++;
      ws.addRow([
        rows,
        m.ward_name,
        m.neighbourhood,
        m.full_name,
        m.dob,
        m.gender,
        m.person_id,
        m.phone,
        m.role,
        m.organisation,
        m.onetouch,
        m.joined_on,
        m.file_name,
        m.row_number,
      ]).commit();
    }
    ws.commit();
    await wb.commit();
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  db.close();
  process.stdout.write(`${JSON.stringify({ mode, rows, ms, maxRssMB: process.resourceUsage().maxRSS / 1024, bytes: fs.statSync(out).size })}\n`);
  process.exit(0);
}

// ------------------------------------------------------------- generator ---
const QUICK = args.includes('--quick') || process.env.ROSTER_BENCH_QUICK === '1';
const flagValue = (name) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
// Members: --rows N (the runner's convention) or a bare number; 400,000 by default.
const N = Number(flagValue('--rows') ?? args.find((a, i) => /^\d+$/.test(a) && !['--runs', '--heap', '--data'].includes(args[i - 1] ?? '')) ?? 400_000);
const RUNS = Number(flagValue('--runs') ?? (QUICK ? 1 : 3));
const keep = args.includes('--keep');
// --heap MB: V8 old-space limit for both children (peak RSS is mostly garbage not yet collected otherwise).
const heapAt = args.indexOf('--heap');
const nodeFlags = heapAt >= 0 ? [`--max-old-space-size=${Number(args[heapAt + 1])}`] : [];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-workbook-'));
const file = path.join(dir, 'bench.db');

let seed = 7;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = (a) => a[Math.floor(rnd() * a.length)];
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Ngọc', 'Minh', 'Thanh', 'Đức', 'Thu'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hùng', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Phương', 'Quân', 'Tâm', 'Thảo', 'Trang', 'Tuấn'];
const ORGS = ['Công an phường', 'Đoàn Thanh niên', 'Hội Liên hiệp Phụ nữ', 'Trường THCS', 'Trạm Y tế', 'Bưu điện', 'Viettel', 'VNPT'];
const PHONE = ['090', '091', '093', '096', '097', '098', '032', '035', '070', '077', '083', '086'];

const tg = Date.now();
{
  const { openStore } = await import(dist('store/db.js'));
  const { db } = openStore(file, { create: true });
  db.pragma('synchronous = OFF');
  const now = new Date().toISOString();
  db.exec(`INSERT INTO unit_lists VALUES ('2025-07-01', '2025-07-01', NULL, 'bench', '${now}')`);
  db.exec(`INSERT INTO units (id, vintage, level, code, name, type, name_key) VALUES (1, '2025-07-01', 1, '79', 'Thành phố Hồ Chí Minh', 'Thành phố', 'ho chi minh')`);
  db.prepare('INSERT INTO office VALUES (1, ?, ?, ?)').run('Sở Khoa học và Công nghệ (bench)', '79', now);
  const WARDS = 168;
  const insUnit = db.prepare(
    "INSERT INTO units (id, vintage, level, code, name, type, parent_id, province_code, name_key) VALUES (?, '2025-07-01', 3, ?, ?, 'Phường', 1, '79', ?)",
  );
  for (let w = 0; w < WARDS; w++) insUnit.run(100 + w, String(25000 + w * 3), `Phường Bench ${w + 1}`, `bench ${w + 1}`);
  db.prepare(
    "INSERT INTO imports (id, period, mode, file_name, file_path, file_sha256, columns_json, imported_at) VALUES (1, '2026-11', 'sync', 'bench.csv', 'bench.csv', 'x', '[]', ?)",
  ).run(now);
  const insTeam = db.prepare('INSERT INTO teams (id, unit_id, origin_unit_id, neighbourhood, neighbourhood_key) VALUES (?, ?, ?, ?, ?)');
  const insMember = db.prepare('INSERT INTO members (id, person_key, person_id, full_name, dob, gender, phone, organisation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insRow = db.prepare(
    `INSERT INTO source_rows (id, import_id, period, row_number, full_name, dob, gender, person_id, phone, role, organisation, neighbourhood, ward, onetouch, unit_id, unit_status, team_id, member_id)
     VALUES (?, 1, '2026-11', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'current', ?, ?)`,
  );
  const insShip = db.prepare(
    "INSERT INTO memberships (member_id, team_id, role, onetouch, first_period, last_period, status, source_row_id, last_import_id) VALUES (?, ?, ?, ?, ?, '2026-11', 'active', ?, 1)",
  );
  db.transaction(() => {
    let team = 0;
    let inTeam = 0;
    let size = 0;
    let ward = 0;
    let nbh = '';
    for (let i = 1; i <= N; i++) {
      if (inTeam >= size) {
        team++;
        inTeam = 0;
        size = 4 + Math.floor(rnd() * 5);
        ward = 100 + (team % WARDS);
        const k = Math.floor(team / WARDS);
        nbh = k === 0 ? '' : `Khu phố ${k}`;
        insTeam.run(team, ward, ward, nbh, nbh ? `kp ${k}` : '');
      }
      const female = rnd() < 0.5;
      const y = 1960 + Math.floor(rnd() * 45);
      const dob = `${y}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
      const pid = `079${(y >= 2000 ? 2 : 0) + (female ? 1 : 0)}${String(y % 100).padStart(2, '0')}${String(i).padStart(6, '0')}`;
      const name = `${pick(FAMILY)} ${female ? 'Thị' : pick(MIDDLE)} ${pick(GIVEN)}`;
      const phone = `${pick(PHONE)}${String(Math.floor(rnd() * 1e7)).padStart(7, '0')}`;
      const role = inTeam === 0 ? 'leader' : 'member';
      const ot = rnd() < 0.6 ? 1 : 0;
      insMember.run(i, `id:${pid}`, pid, name, dob, female ? 'female' : 'male', phone, pick(ORGS));
      insRow.run(i, i + 4, name, dob, female ? 'female' : 'male', pid, phone, role, pick(ORGS), nbh, `Phường Bench ${ward - 99}`, ot, ward, team, i);
      insShip.run(i, team, role, ot, rnd() < 0.02 ? '2026-11' : '2026-10', i);
      inTeam++;
    }
  })();
  db.close();
}
const genMs = Date.now() - tg;

function child(mode) {
  const out = path.join(dir, `${mode}.xlsx`);
  const r = spawnSync(process.execPath, [...nodeFlags, fileURLToPath(import.meta.url), '--child', mode, file, out], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  fs.rmSync(out, { force: true });
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const base = [];
const rep = [];
for (let i = 0; i < RUNS; i++) {
  // Alternate the order so neither side always runs on a warm cache.
  if (i % 2 === 0) {
    base.push(child('baseline'));
    rep.push(child('report'));
  } else {
    rep.push(child('report'));
    base.push(child('baseline'));
  }
}
const bMs = median(base.map((r) => r.ms));
const rMs = median(rep.map((r) => r.ms));
const rows = rep[0].rows;
const fmt = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
console.log(
  `monthly workbook, ${fmt(rows)} members (database generated in ${fmt(genMs / 1000)} s), median of ${RUNS} paired runs${nodeFlags.length ? `, node ${nodeFlags.join(' ')}` : ''}`,
);
console.log('| what | wall s | rows/s | peak MB | file MB |');
console.log('| --- | --- | --- | --- | --- |');
console.log(
  `| exceljs streaming writer, member rows alone | ${fmt(bMs / 1000)} | ${fmt(rows / (bMs / 1000))} | ${fmt(Math.max(...base.map((r) => r.maxRssMB)))} | ${fmt(base[0].bytes / 1e6)} |`,
);
console.log(
  `| roster report monthly (all sheets) | ${fmt(rMs / 1000)} | ${fmt(rows / (rMs / 1000))} | ${fmt(Math.max(...rep.map((r) => r.maxRssMB)))} | ${fmt(rep[0].bytes / 1e6)} |`,
);
const ratio = rMs / bMs;
const peak = Math.max(...rep.map((r) => r.maxRssMB));
console.log(
  `ratio report/baseline: ${ratio.toFixed(2)} (goal ≤ 1.5) ${ratio <= 1.5 ? 'MET' : 'NOT MET'}; report peak ${fmt(peak)} MB (goal ≤ 500) ${peak <= 500 ? 'MET' : 'NOT MET'}`,
);
console.log(`runs: baseline ${base.map((r) => (r.ms / 1000).toFixed(1)).join(', ')} s; report ${rep.map((r) => (r.ms / 1000).toFixed(1)).join(', ')} s`);
if (!keep) fs.rmSync(dir, { recursive: true, force: true });
else console.log(`kept: ${dir}`);
// The runner's convention (bench/README.md): the last stdout line is the JSON result.
console.log(
  JSON.stringify({
    name: 'workbook',
    rows,
    wallMs: Math.round(rMs),
    peakRssMB: Math.round(peak),
    writerWallMs: Math.round(bMs),
    ratioVsWriter: Number(ratio.toFixed(2)),
    goal: '<= 1.5x the exceljs streaming writer, peak <= 500 MB',
    pass: ratio <= 1.5 && peak <= 500,
  }),
);
