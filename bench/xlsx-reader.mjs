#!/usr/bin/env node
// @ts-check
// Compares the roster XLSX reader (src/readers/xlsx.ts, built into
// dist/) with the exceljs streaming reader on the same 100,000-row Vietnamese
// workbook: rows/s, peak memory, and how many cells came back with U+FFFD
// (exceljs issues #2063, #2084, #2316).
//
//   npm run build && node bench/xlsx-reader.mjs [--rows 100000] [--runs 3] [--quick]
//
// Its last stdout line is the JSON result the bench runner reads
// (bench/README.md § conventions).
//
// The workbook is written by python3-openpyxl (write-only mode), another
// program than either reader; without it the result is skipped. Each reader
// runs in its own process so peak memory is its own.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
/** The value after `name` on the command line, else `def`. */
const arg = (/** @type {string} */ name, /** @type {string} */ def) => {
  const i = args.indexOf(name);
  return (i >= 0 ? args[i + 1] : undefined) ?? def;
};
const quick = args.includes('--quick');
const rows = Number(arg('--rows', quick ? '11000' : '100000'));
const runs = Number(arg('--runs', quick ? '1' : '3'));
const dataDir = arg('--data', os.tmpdir());
fs.mkdirSync(dataDir, { recursive: true });
const file = arg('--file', path.join(dataDir, `xlsx-reader-openpyxl-${rows}.xlsx`));

const PY = `
import random, sys
from openpyxl import Workbook
rows, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(42)
fam = ["Nguyễn","Trần","Lê","Phạm","Hoàng","Huỳnh","Phan","Vũ","Võ","Đặng","Bùi","Đỗ","Hồ","Ngô","Dương","Lý"]
mid = ["Văn","Thị","Hữu","Ngọc","Thành","Quốc","Thu","Mỹ","Đức","Xuân"]
giv = ["Ánh","Thưởng","Nguyệt","Khuyến","Dũng","Hương","Trường","Ước","Đoàn","Yến","Phượng","Thắng"]
ward = ["Phường Bến Nghé","Phường Đa Kao","Phường Tân Định","Phường Võ Thị Sáu","Phường 4","Phường Sài Gòn","Phường Xuân Hòa"]
roles = ["Tổ trưởng","Tổ phó","Thành viên","Thành viên","Thành viên"]
wb = Workbook(write_only=True)
ws = wb.create_sheet("Danh sách")
ws.append(["STT","Họ và tên","Ngày sinh","Giới tính","Số CCCD","Số điện thoại","Email","Chức danh","Đơn vị công tác","Khu phố/Ấp","Phường/Xã","Quận/Huyện","Ngày tham gia","OneTouch","Ghi chú"])
for i in range(1, rows + 1):
    f = rnd.random() < 0.5
    y = rnd.randint(1960, 2004)
    ws.append([i, " ".join([rnd.choice(fam), rnd.choice(mid), rnd.choice(giv)]), "%02d/%02d/%d" % (rnd.randint(1, 28), rnd.randint(1, 12), y),
               "Nữ" if f else "Nam", "079%d%02d%06d" % ((2 if y >= 2000 else 0) + (1 if f else 0), y % 100, rnd.randint(0, 999999)),
               "09%08d" % rnd.randint(0, 99999999), "user%d@example.vn" % i, roles[i % 5], "UBND " + rnd.choice(ward),
               "Khu phố %d" % rnd.randint(1, 9), rnd.choice(ward), "Quận %d" % rnd.randint(1, 3), "01/%02d/2024" % rnd.randint(1, 12),
               rnd.choice(["Có", "Không"]), "Đã học ở trường" if i % 7 == 0 else None])
wb.save(out)
`;

function generate() {
  const py = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0);
  if (!py) {
    // Nothing is installed from here: the runner's convention for a missing program is a skipped result.
    process.stderr.write('python3 with openpyxl is needed to write the benchmark workbook (apt-get install python3-openpyxl)\n');
    console.log(JSON.stringify({ name: 'xlsx-reader', skipped: 'python3-openpyxl missing: apt-get install python3-openpyxl' }));
    process.exit(0);
  }
  const r = spawnSync(py, ['-c', PY, String(rows), file], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('workbook generation failed');
}

const CHILD = `
const [which, file] = process.argv.slice(1);
const t0 = performance.now();
let rows = 0, fffd = 0, chars = 0;
const see = (v) => { if (typeof v === 'string') { chars += v.length; if (v.includes('\\ufffd')) fffd++; } };
if (which === 'roster') {
  const { openTable } = await import(${JSON.stringify(path.join(ROOT, 'dist/readers/index.js'))});
  const t = await openTable(file, {});
  for await (const batch of t.batches) for (const r of batch) { rows++; for (const c of r.cells) see(c); }
} else {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
  for await (const ws of wb) for await (const row of ws) { rows++; for (const c of row.values) see(c && typeof c === 'object' && 'richText' in c ? c.richText.map((x) => x.text).join('') : c); }
}
const ms = performance.now() - t0;
console.log(JSON.stringify({ which, rows, fffd, chars, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
`;

/** @typedef {{ which: string, rows: number, fffd: number, chars: number, ms: number, maxRssMB: number }} ReaderRun One reader's run, as its child prints it. */

/**
 * @param {Reader} which
 * @returns {ReaderRun}
 */
function run(which) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, which, file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
}

if (!fs.existsSync(file)) {
  process.stderr.write(`writing ${file} (${rows} rows) with openpyxl…\n`);
  generate();
}
/** @typedef {'roster' | 'exceljs stream'} Reader */
/** @type {Record<Reader, ReaderRun[]>} */
const results = { roster: [], 'exceljs stream': [] };
/** @type {Reader[]} */
const readers = ['roster', 'exceljs stream'];
for (let i = 0; i < runs; i++) for (const w of readers) results[w].push(run(w));
const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
console.log(`file: ${(fs.statSync(file).size / 1e6).toFixed(1)} MB, ${rows} rows + header, ${runs} runs each, median`);
console.log('| reader | rows/s | wall (s) | peak RSS (MB) | cells with U+FFFD | characters read |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const w of readers) {
  const rs = results[w];
  const [first] = rs;
  const ms = median(rs.map((r) => r.ms));
  console.log(
    `| ${w} | ${Math.round(((first?.rows ?? NaN) / ms) * 1000).toLocaleString('en')} | ${(ms / 1000).toFixed(2)} | ${Math.round(median(rs.map((r) => r.maxRssMB)))} | ${Math.max(...rs.map((r) => r.fffd))} | ${first?.chars} |`,
  );
}

const ours = results.roster;
const theirs = results['exceljs stream'];
const oursMs = median(ours.map((r) => r.ms));
const theirsMs = median(theirs.map((r) => r.ms));
const peak = Math.round(median(ours.map((r) => r.maxRssMB)));
const intact = Math.max(...ours.map((r) => r.fffd)) === 0;
console.log(
  JSON.stringify({
    name: 'xlsx-reader',
    rows,
    wallMs: Math.round(oursMs),
    peakRssMB: peak,
    exceljsWallMs: Math.round(theirsMs),
    exceljsFffdCells: Math.max(...theirs.map((r) => r.fffd)),
    ratioVsExceljs: Number((oursMs / theirsMs).toFixed(2)),
    goal: 'faster than the exceljs streaming reader, no U+FFFD, peak <= 250 MB',
    pass: oursMs < theirsMs && intact && peak <= 250,
  }),
);
