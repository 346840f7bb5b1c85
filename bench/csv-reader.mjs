#!/usr/bin/env node
// @ts-check
// Compares the roster CSV reader (src/readers/csv.ts, built into
// dist/) with csv-parse on the same 15-column Vietnamese CSV: rows/s, peak
// memory, and that both read the same cells.
//
//   npm run build && node bench/csv-reader.mjs [--rows 1000000] [--data DIR | --file r.csv] [--runs 3] [--quick]
//
// Its last stdout line is the JSON result the runner reads (bench/README.md).
//
// Each reader runs in its own child process so peak memory is its own.
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

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Huỳnh', 'Phan', 'Trương'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Ngọc', 'Minh', 'Thu', 'Quốc', 'Thanh'];
const GIVEN = ['Hùng', 'Hương', 'Dũng', 'Lan', 'Phước', 'Trâm', 'Nghĩa', 'Nguyệt', 'Thắng', 'Thủy', 'Trường', 'Yến'];
const WARDS = ['Phường Bến Nghé', 'Phường Đa Kao', 'Phường Tân Định', 'Phường 4', 'Phường Sài Gòn', 'Phường Xuân Hòa'];
const ROLES = ['Tổ trưởng', 'Tổ phó', 'Thành viên', 'Thành viên', 'Thành viên'];

/**
 * Deterministic 15-column roster CSV, CRLF, some quoted fields (one with an embedded newline every 1000 rows).
 * @param {string} file
 * @param {number} rows
 */
export function generate(file, rows) {
  let seed = 12345;
  const rnd = (/** @type {number} */ n) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const fd = fs.openSync(file, 'w');
  const header = 'STT,Họ và tên,Ngày sinh,Giới tính,Số CCCD,Số điện thoại,Email,Chức danh,Đơn vị công tác,Khu phố/Ấp,Phường/Xã,Quận/Huyện,Ngày tham gia,OneTouch,Ghi chú\r\n';
  let buf = header;
  for (let i = 1; i <= rows; i++) {
    const female = rnd(2) === 1;
    const y = 1960 + rnd(45);
    const name = `${FAMILY[rnd(12)]} ${MIDDLE[rnd(8)]} ${GIVEN[rnd(12)]}`;
    const id = `079${(y >= 2000 ? 2 : 0) + (female ? 1 : 0)}${String(y % 100).padStart(2, '0')}${String(rnd(1e6)).padStart(6, '0')}`;
    const note = i % 1000 === 0 ? '"Chuyển khu phố,\r\nghi chú ""mới"""' : i % 7 === 0 ? 'Đã học OneTouch' : '';
    buf += `${i},${name},${String(1 + rnd(28)).padStart(2, '0')}/${String(1 + rnd(12)).padStart(2, '0')}/${y},${female ? 'Nữ' : 'Nam'},${id},09${String(rnd(1e8)).padStart(8, '0')},user${i}@example.vn,${ROLES[i % 5]},"UBND phường, ${WARDS[rnd(6)]}",Khu phố ${1 + rnd(9)},${WARDS[rnd(6)]},Quận ${1 + rnd(3)},01/0${1 + rnd(9)}/2024,${rnd(2) ? 'Có' : 'Không'},${note}\r\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

const CHILD = `
const [which, file] = process.argv.slice(1);
const t0 = performance.now();
let rows = 0, cells = 0, check = 0;
if (which === 'roster') {
  const { openTable } = await import(${JSON.stringify(path.join(ROOT, 'dist/readers/index.js'))});
  const t = await openTable(file, {});
  for await (const batch of t.batches) for (const r of batch) { rows++; cells += r.cells.length; const c = r.cells[1]; if (c) check += c.length; }
} else {
  const { parse } = await import('csv-parse');
  const p = fs.createReadStream(file).pipe(parse({ bom: true, relax_column_count: true }));
  for await (const r of p) { rows++; cells += r.length; const c = r[1]; if (c) check += c.normalize('NFC').length; }
}
const ms = performance.now() - t0;
console.log(JSON.stringify({ which, rows, cells, check, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
`;

/** @typedef {{ which: string, rows: number, cells: number, check: number, ms: number, maxRssMB: number }} ReaderRun One reader's run, as its child prints it. */

/**
 * @param {Reader} which
 * @param {string} file
 * @returns {ReaderRun}
 */
function run(which, file) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import fs from 'node:fs';${CHILD}`, which, file], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '');
}

const rowsWanted = Number(arg('--rows', '1000000'));
const quick = args.includes('--quick') || process.env.ROSTER_BENCH_QUICK === '1';
const dataDir = arg('--data', os.tmpdir());
const file = arg('--file', path.join(dataDir, `csv-reader-${rowsWanted}.csv`));
if (!fs.existsSync(file)) {
  process.stderr.write(`generating ${path.basename(file)} (${rowsWanted} rows)…\n`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  generate(file, rowsWanted);
}
const size = fs.statSync(file).size;
const runs = Number(arg('--runs', quick ? '1' : '3'));
/** @typedef {'roster' | 'csv-parse'} Reader */
/** @type {Record<Reader, ReaderRun[]>} */
const results = { roster: [], 'csv-parse': [] };
/** @type {Reader[]} */
const readers = ['roster', 'csv-parse'];
for (let i = 0; i < runs; i++) for (const w of readers) results[w].push(run(w, file));
const median = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const [a] = results.roster;
const [b] = results['csv-parse'];
if (!a || !b) throw new Error(`--runs wants at least 1 run, not ${runs}`);
console.log(`file: ${(size / 1e6).toFixed(0)} MB, ${rowsWanted} rows, ${runs} runs each, median`);
console.log('| reader | rows/s | wall (s) | peak RSS (MB) | rows read |');
console.log('| --- | --- | --- | --- | --- |');
for (const w of readers) {
  const rs = results[w];
  const [first] = rs;
  const ms = median(rs.map((r) => r.ms));
  console.log(
    `| ${w} | ${Math.round(((first?.rows ?? NaN) / ms) * 1000).toLocaleString('en')} | ${(ms / 1000).toFixed(2)} | ${Math.round(median(rs.map((r) => r.maxRssMB)))} | ${first?.rows} |`,
  );
}
// csv-parse counts the header and blank records alike; the roster reader yields the header too.
console.log(a.rows === b.rows && a.check === b.check ? 'same rows and name lengths in both readers' : `MISMATCH roster ${JSON.stringify(a)} csv-parse ${JSON.stringify(b)}`);
// The runner's convention (bench/README.md): the last stdout line is the JSON result.
const oursMs = median(results.roster.map((r) => r.ms));
const theirsMs = median(results['csv-parse'].map((r) => r.ms));
console.log(
  JSON.stringify({
    name: 'csv-reader',
    rows: a.rows,
    wallMs: Math.round(oursMs),
    peakRssMB: Math.round(median(results.roster.map((r) => r.maxRssMB))),
    csvParseWallMs: Math.round(theirsMs),
    ratioVsCsvParse: Number((oursMs / theirsMs).toFixed(2)),
    pass: a.rows === b.rows && a.check === b.check,
  }),
);
