/**
 * The annotated workbook read back: the source file's rows at their own
 * addresses, offending cells filled red/amber with a note stating the
 * finding, and a Lỗi sheet with an internal link to every located cell.
 * Both ways of getting the rows: from the file on disk (same SHA-256), and
 * rebuilt from the database when the file is gone (and saying so).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateForReport } from '../src/commands/report-monthly.js';
import { writeAnnotatedWorkbook } from '../src/reports/annotated.js';
import { maskText } from '../src/privacy/mask.js';
import type { Report } from '../src/rules/types.js';
import { openStore, type DB } from '../src/store/db.js';
import { officeSeed, seedDatabase, SEED_COLUMNS } from '../fixtures/reports/seed.js';
import { tempDir } from './helpers/cli.js';
import { defined, at } from './helpers/defined.js';

const seed = officeSeed('A');
let dir: string;
let db: DB;
let report: Report;

function dmy(iso: string | null): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

beforeAll(async () => {
  dir = tempDir('roster-annotated-');
  seedDatabase(path.join(dir, 'a.db'), [seed]).close();
  db = openStore(path.join(dir, 'a.db')).db;
  report = await validateForReport(db, '2026-11', 'vi');
});

async function read(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

describe('annotated workbook', () => {
  it('rebuilds the rows from the database when the file is gone, with fills, notes and links', async () => {
    const out = path.join(dir, 'loi.xlsx');
    const res = await writeAnnotatedWorkbook({ db, report, out, lang: 'vi', cwd: dir });
    expect(res.notes.join('\n')).toMatch(/không còn tệp.*dựng lại/);
    const wb = await read(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Lỗi', 'office-A-2026-11']);
    const src = defined(wb.getWorksheet('office-A-2026-11'));
    // Header at the recorded header row, each value at its column.
    for (const c of SEED_COLUMNS) expect(src.getRow(4).getCell(c.index + 1).value).toBe(c.header);
    const nov = at(seed.months, 1).rows;
    const sample = at(nov, 0);
    expect(src.getRow(sample.row).getCell(1).value).toBe(sample.full_name);
    // Masked by default (one rule for every output); --include-pii gives the full copy.
    expect(src.getRow(sample.row).getCell(4).value).toBe(maskText(sample.person_id as string, false));
    const errors = report.findings.filter((f) => f.severity === 'error' && f.source?.cell);
    expect(errors.length).toBeGreaterThan(3);
    for (const f of errors) {
      const c = src.getCell(defined(defined(f.source).cell));
      expect((c.fill as ExcelJS.FillPattern).fgColor?.argb, defined(f.source).cell).toBe('FFFFC7CE');
      const note = typeof c.note === 'string' ? c.note : (c.note?.texts ?? []).map((t) => t.text).join('');
      expect(note).toContain(maskText(f.message, false));
    }
    const warn = report.findings.find((f) => f.severity === 'warning' && f.source?.cell);
    if (warn) {
      const c = src.getCell(defined(defined(warn.source).cell));
      const fill = (c.fill as ExcelJS.FillPattern).fgColor?.argb;
      // A cell with both an error and a warning shows the worse.
      expect(['FFFFEB9C', 'FFFFC7CE']).toContain(fill);
    }
    // The Lỗi sheet: one row per finding, errors first, a link to each located cell.
    const lo = defined(wb.getWorksheet('Lỗi'));
    let n = 0;
    const links: string[] = [];
    lo.eachRow((row, i) => {
      if (i === 1 || typeof row.getCell(1).value !== 'number') return;
      n++;
      const v = row.getCell(8).value as { text?: string; hyperlink?: string } | null;
      if (v && typeof v === 'object' && v.hyperlink) links.push(v.hyperlink);
    });
    expect(n).toBe(report.findings.length);
    expect(lo.getRow(2).getCell(2).value).toBe('Lỗi');
    // The sheet XML carries in-workbook links (location=), not external relationships.
    const xml = await sheetXml(out, 1);
    expect(xml.replace(/&apos;/g, "'")).toMatch(/<hyperlink ref="H2" location="'office-A-2026-11'!I\d+"\/>/);
    expect(xml).not.toMatch(/<hyperlink[^>]*r:id/);
    // (exceljs does not read location-only links back into cell.hyperlink; Excel and LibreOffice follow them.)
    expect((xml.match(/<hyperlink /g) ?? []).length).toBe(report.findings.filter((f) => f.source?.row).length);
    void links;
  });

  it('copies the rows from the file on disk when its SHA-256 still matches', async () => {
    // Write the November file as the clerk sent it: a title block, the header on row 4.
    const rows = at(seed.months, 1).rows;
    const lines = ['DANH SÁCH THÀNH VIÊN TỔ CNSCĐ', 'Tháng 11/2026', '', SEED_COLUMNS.map((c) => c.header).join(',')];
    for (const r of rows) {
      const v = [
        r.full_name,
        dmy(r.dob),
        r.gender === 'female' ? 'Nữ' : 'Nam',
        r.person_id,
        r.phone,
        r.role === 'leader' ? 'Tổ trưởng' : r.role === 'deputy' ? 'Tổ phó' : 'Thành viên',
        r.organisation,
        r.neighbourhood ?? '',
        r.ward,
        dmy(r.joined_on),
        dmy(r.left_on),
        r.onetouch ? 'x' : '',
      ];
      lines[r.row - 1] = v.map((x) => `"${String(x ?? '').replace(/"/g, '""')}"`).join(',');
    }
    const file = path.join(dir, 'office-A-2026-11.csv');
    fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    const sha = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    db.prepare('UPDATE imports SET file_path = ?, file_sha256 = ? WHERE file_name = ?').run(file, sha, 'office-A-2026-11.csv');
    const out = path.join(dir, 'loi-from-file.xlsx');
    const res = await writeAnnotatedWorkbook({ db, report, out, lang: 'en' });
    expect(res.notes).toEqual([]);
    const wb = await read(out);
    expect(at(wb.worksheets, 0).name).toBe('Errors');
    const src = defined(wb.getWorksheet('office-A-2026-11'));
    expect(src.getRow(1).getCell(1).value).toBe('DANH SÁCH THÀNH VIÊN TỔ CNSCĐ');
    expect(src.getRow(at(rows, 0).row).getCell(3).value).toBe(at(rows, 0).gender === 'female' ? 'Nữ' : 'Nam');
    const f = defined(report.findings.find((x) => x.rule === 'unit.retired.partial'));
    const c = src.getCell(defined(defined(f.source).cell));
    expect(c.value).toBe('Phường Đa Kao');
    expect((c.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    // Formula-looking names from the file stay text.
    src.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});

/** The XML of the n-th worksheet in the archive. */
async function sheetXml(file: string, n: number): Promise<string> {
  const yauzl = (await import('yauzl')).default;
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zf) => {
      if (err || !zf) return reject(err);
      zf.on('entry', (e: import('yauzl').Entry) => {
        if (e.fileName.replace(/^\//, '') !== `xl/worksheets/sheet${n}.xml`) return zf.readEntry();
        zf.openReadStream(e, (err2, s) => {
          if (err2 || !s) return reject(err2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => {
            zf.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zf.on('end', () => resolve(''));
      zf.readEntry();
    });
  });
}
