#!/usr/bin/env node
// @ts-check
/**
 * Baseline for the monthly workbook: the exceljs streaming writer writing the
 * period's member rows alone (one sheet, a header, no formatting), read from
 * the roster database (`source_rows` of the period), or from the CSV when the
 * database holds none.
 * usage: node bench/lib/exceljs-write.mjs OUT.xlsx --db DB --period YYYY-MM [--csv FILE.csv]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { db: { type: 'string' }, period: { type: 'string', default: '2026-11' }, csv: { type: 'string' } } });
const out = positionals[0];
const t0 = performance.now();

const COLUMNS = ['full_name', 'dob', 'gender', 'person_id', 'phone', 'email', 'role', 'organisation', 'neighbourhood', 'ward', 'district', 'joined_on', 'onetouch', 'notes'];

async function* fromDb() {
  if (!values.db || !fs.existsSync(values.db)) return;
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(values.db, { readonly: true, fileMustExist: true });
  try {
    const stmt = db.prepare(`SELECT ${COLUMNS.join(', ')} FROM source_rows WHERE period = ? AND superseded_by IS NULL ORDER BY id`).raw(true);
    yield* stmt.iterate(values.period);
  } catch (e) {
    process.stderr.write(`exceljs-write: cannot read source_rows (${e instanceof Error ? e.message : String(e)}); falling back to the CSV\n`);
  } finally {
    db.close();
  }
}

async function* fromCsv() {
  const { parse } = await import('csv-parse');
  let first = true;
  for await (const r of fs.createReadStream(/** @type {string} */ (values.csv)).pipe(parse({ bom: true }))) {
    if (first) {
      first = false;
      continue;
    }
    yield r.slice(1, 15);
  }
}

const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out });
const ws = wb.addWorksheet('Thành viên');
ws.addRow([
  'STT',
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Số CCCD',
  'Số điện thoại',
  'Email',
  'Chức danh',
  'Đơn vị công tác',
  'Khu phố/Ấp',
  'Phường/Xã',
  'Quận/Huyện',
  'Ngày tham gia',
  'OneTouch',
  'Ghi chú',
]).commit();
let rows = 0;
let source = 'db';
async function writeAll(it) {
  for await (const r of it) {
    ws.addRow([++rows, ...r]).commit();
    if (rows % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}
await writeAll(fromDb());
if (rows === 0 && values.csv) {
  source = 'csv';
  await writeAll(fromCsv());
}
ws.commit();
await wb.commit();
process.stdout.write(
  `${JSON.stringify({ name: 'exceljs-write', rows, source, wallMs: Math.round(performance.now() - t0), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
