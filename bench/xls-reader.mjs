#!/usr/bin/env node
// @ts-check
// Reading speed of the legacy .xls reader (src/readers/xls/, built
// into dist/) on a 20,000-row Vietnamese roster that LibreOffice wrote
// (BIFF8), with the XLSX reader on the same rows (the .xlsx LibreOffice
// converted from) as the baseline: rows/s and peak memory, each reader in its
// own process.
//
//   npm run build && node bench/xls-reader.mjs [--rows 20000] [--runs 3] [--data DIR]
//
// Needs python3-openpyxl and LibreOffice (soffice) to write the workbook the
// first time; it is kept in --data (default: the system temporary folder).
// The last stdout line is the JSON result (bench/README.md § conventions).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
// A BIFF8 sheet holds at most 65,536 rows: the runner's --rows (1M in full mode) is capped.
// Quick mode (the runner's smoke run) reads 5,000 rows once.
const quick = args.includes('--quick') || process.env.ROSTER_BENCH_QUICK === '1';
const rows = Math.min(Number(arg('--rows', '20000')), quick ? 5000 : 60000);
const runs = Number(arg('--runs', quick ? '1' : '3'));
const dataDir = arg('--data', os.tmpdir());
fs.mkdirSync(dataDir, { recursive: true });
const base = path.join(dataDir, `xls-reader-${rows}`);

const PY = `
import random, sys
from openpyxl import Workbook
rows, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(42)
fam = ["Nguyễn","Trần","Lê","Phạm","Hoàng","Huỳnh","Phan","Vũ","Võ","Đặng","Bùi","Đỗ","Hồ","Ngô","Dương","Lý"]
mid = ["Văn","Thị","Hữu","Ngọc","Thành","Quốc","Thu","Mỹ","Đức","Xuân"]
giv = ["Ánh","Thưởng","Nguyệt","Khuyến","Dũng","Hương","Trường","Ước","Đoàn","Yến","Phượng","Thắng"]
ward = ["Phường Bến Nghé","Phường Đa Kao","Phường Tân Định","Phường Võ Thị Sáu","Phường 4","Phường Sài Gòn"]
roles = ["Tổ trưởng","Tổ phó","Thành viên","Thành viên","Thành viên"]
import datetime as dt
wb = Workbook(write_only=True)
ws = wb.create_sheet("Danh sách")
ws.append(["STT","Họ và tên","Ngày sinh","Giới tính","Số CCCD","Số điện thoại","Chức danh","Khu phố/Ấp","Phường/Xã","Ngày tham gia","Ghi chú"])
for i in range(1, rows + 1):
    f = rnd.random() < 0.5
    y = rnd.randint(1960, 2004)
    ws.append([i, " ".join([rnd.choice(fam), rnd.choice(mid), rnd.choice(giv)]), dt.date(y, rnd.randint(1, 12), rnd.randint(1, 28)),
               "Nữ" if f else "Nam", int("079%d%02d%06d" % ((2 if y >= 2000 else 0) + (1 if f else 0), y % 100, rnd.randint(0, 999999))),
               int("09%08d" % rnd.randint(0, 99999999)), roles[i % 5], "Khu phố %d" % rnd.randint(1, 9), rnd.choice(ward),
               dt.date(2024, rnd.randint(1, 12), 1), "Ghi chú số %d: đã hoàn thành khóa bồi dưỡng kỹ năng số" % i if i % 3 == 0 else None])
wb.save(out)
`;

function generate() {
  if (fs.existsSync(`${base}.xls`) && fs.existsSync(`${base}.xlsx`)) return;
  const py = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0);
  if (!py) throw new Error('python3-openpyxl is needed to write the benchmark workbook');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'xls-bench-'));
  try {
    const src = path.join(tmp, 'openpyxl.xlsx');
    const r = spawnSync(py, ['-c', PY, String(rows), src], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('python failed');
    /** @type {[string, string][]} LibreOffice's filter for each format */
    const formats = [
      ['xls:MS Excel 97', 'xls'],
      ['xlsx:Calc MS Excel 2007 XML', 'xlsx'],
    ];
    for (const [filter, ext] of formats) {
      const outDir = path.join(tmp, ext);
      const c = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${tmp}/profile`, '--convert-to', filter, '--outdir', outDir, src], { stdio: 'ignore' });
      if (c.status !== 0) throw new Error('soffice failed (LibreOffice is needed to write the benchmark .xls)');
      fs.copyFileSync(path.join(outDir, `openpyxl.${ext}`), `${base}.${ext}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// One child per read: opens the file through openTable (the importer's own entry), counts rows and cells.
const CHILD = `
const { openTable } = await import(${JSON.stringify(path.join(ROOT, 'dist/readers/index.js'))});
const t0 = performance.now();
const t = await openTable(process.argv[1]);
let rows = 0, cells = 0;
for await (const b of t.batches) { rows += b.length; for (const r of b) cells += r.cells.length; }
const ms = performance.now() - t0;
const hwm = Number(/VmHWM:\\s+(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
console.log(JSON.stringify({ rows, cells, ms, peakKB: hwm }));
`;

function measure(file) {
  const r = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);\n${CHILD}`, file],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  generate();
} catch (e) {
  // Runner convention: a result that cannot be measured here is skipped, not failed.
  console.log(JSON.stringify({ name: 'xls-reader', skipped: e instanceof Error ? e.message : String(e) }));
  process.exit(0);
}
const result = { rows, runs, xls: {}, xlsx: {} };
const samples = { xls: [], xlsx: [] };
for (let i = 0; i < runs; i++) {
  for (const ext of i % 2 ? ['xlsx', 'xls'] : ['xls', 'xlsx']) samples[ext].push(measure(`${base}.${ext}`));
}
for (const ext of ['xls', 'xlsx']) {
  const s = samples[ext];
  const ms = median(s.map((x) => x.ms));
  result[ext] = {
    file: path.basename(`${base}.${ext}`),
    bytes: fs.statSync(`${base}.${ext}`).size,
    rowsRead: s[0].rows,
    ms: Math.round(ms),
    rowsPerSecond: Math.round((s[0].rows / ms) * 1000),
    peakMB: Math.round(median(s.map((x) => x.peakKB)) / 1024),
  };
}
if (result.xls.rowsRead !== result.xlsx.rowsRead) throw new Error(`row counts differ: xls ${result.xls.rowsRead}, xlsx ${result.xlsx.rowsRead}`);
console.log(`xls : ${result.xls.rowsPerSecond} rows/s, peak ${result.xls.peakMB} MB (${result.xls.rowsRead} rows, ${(result.xls.bytes / 1e6).toFixed(1)} MB file)`);
console.log(`xlsx: ${result.xlsx.rowsPerSecond} rows/s, peak ${result.xlsx.peakMB} MB (same rows, baseline)`);
console.log(
  JSON.stringify({
    name: 'xls-reader',
    rows: result.xls.rowsRead,
    wallMs: result.xls.ms,
    peakRssMB: result.xls.peakMB,
    xlsxWallMs: result.xlsx.ms,
    xlsxPeakMB: result.xlsx.peakMB,
    ratioVsXlsxReader: Math.round((result.xls.ms / result.xlsx.ms) * 100) / 100,
  }),
);
