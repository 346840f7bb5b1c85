/**
 * The roster template: what `roster template` writes (read back: columns,
 * title, print setup, lists, every validation with its prompt and alert, the
 * marker), and the way back through `roster import`: a template recognised by
 * its marker (no header guessing), mistakes a script typed past the
 * validations found at their cells, and a prefilled template with one member
 * changed, one removed and one added.
 *
 * The filled files in fixtures/templates/ were written by openpyxl
 * (fixtures/make/make_template_fixtures.py) from templates of the database
 * built here with the same commands.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskDigits } from '../src/privacy/mask.js';
import { FIXTURES, roster, tempDir } from './helpers/cli.js';
import { defined, known } from './helpers/defined.js';

const NOW = new Date('2026-12-01T09:00:00+07:00');
const TEMPLATES = path.join(FIXTURES, 'templates');
const HEADERS = [
  'STT',
  'Họ và tên',
  'Ngày sinh',
  'Giới tính',
  'Số CCCD',
  'Số điện thoại',
  'Email',
  'Chức danh trong tổ',
  'Đơn vị công tác',
  'Khu phố/Ấp',
  'Phường/Xã',
  'Ngày tham gia',
  'Hoàn thành OneTouch',
  'Ghi chú',
];

let dir: string;
let base: string;

/** A fresh copy of the database the fixtures' templates were written from. */
function freshDb(name: string): string {
  const f = path.join(dir, name);
  fs.copyFileSync(base, f);
  return f;
}

async function read(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

type Dv = ExcelJS.DataValidation & { showInputMessage?: boolean; showErrorMessage?: boolean };
const dvs = (ws: ExcelJS.Worksheet) => (ws as unknown as { dataValidations: { model: Record<string, Dv> } }).dataValidations.model;

/** Values of a list validation's range on the lists sheet. */
function listValues(wb: ExcelJS.Workbook, ref: string): string[] {
  const m = /^'(.+)'!\$([A-Z])\$(\d+):\$([A-Z])\$(\d+)$/.exec(ref);
  if (!m) throw new Error(`not a list range: ${ref}`);
  const ws = defined(wb.getWorksheet(m[1]));
  const out: string[] = [];
  for (let r = Number(m[3]); r <= Number(m[5]); r++) out.push(String(ws.getCell(`${m[2]}${r}`).value));
  return out;
}

async function validate(db: string): Promise<{ rule: string; cell: string; sheet: string }[]> {
  const r = await roster(['validate', '--db', db, '--period', '2026-12', '--json']);
  return JSON.parse(r.stdout).findings.map((f: { rule: string; source?: { cell?: string; sheet?: string } }) => ({
    rule: f.rule,
    cell: f.source?.cell ?? '',
    sheet: f.source?.sheet ?? '',
  }));
}

beforeAll(async () => {
  dir = tempDir('roster-template-');
  base = path.join(dir, 'base.db');
  const init = await roster(['init', '--db', base, '--office', 'UBND PHƯỜNG TÂN ĐỊNH', '--jurisdiction', '26737'], { now: NOW });
  expect(init.code, init.stderr).toBe(0);
  const imp = await roster(['import', '--db', base, path.join(FIXTURES, 'sample', 'tan-dinh-2026-11.csv'), '--period', '2026-11'], { now: NOW });
  expect(imp.code, imp.stderr).toBe(0);
});

describe('roster template writes', () => {
  let blank: string;
  let pre: string;
  beforeAll(async () => {
    blank = path.join(dir, 'blank.xlsx');
    pre = path.join(dir, 'prefilled.xlsx');
    for (const args of [
      ['-o', blank],
      ['--prefill', '2026-11', '-o', pre],
    ]) {
      const r = await roster(['template', '--db', base, '--period', '2026-12', ...args], { now: NOW });
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('one sheet per khu phố with the title, the columns in order, frozen header, widths and A4 landscape print setup', async () => {
    const wb = await read(blank);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['Tổ cấp xã', 'visible'],
      ['Khu phố 1', 'visible'],
      ['Hướng dẫn', 'visible'],
      ['Danh mục', 'hidden'],
      ['_roster_template', 'veryHidden'],
    ]);
    const ws = defined(wb.getWorksheet('Khu phố 1'));
    expect(ws.getCell('A1').value).toBe('UBND PHƯỜNG TÂN ĐỊNH');
    expect(String(ws.getCell('A2').value)).toContain('KHU PHỐ 1, PHƯỜNG TÂN ĐỊNH');
    expect(ws.getCell('A3').value).toBe('THÁNG 12/2026');
    expect(HEADERS.map((_, k) => ws.getRow(5).getCell(k + 1).value)).toEqual(HEADERS);
    expect(ws.getColumn(15).hidden).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
    expect(ws.getColumn(2).width).toBeGreaterThan(20);
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '5:5' });
    // Cells below the header are text for CCCD and phone, dates for the two dates.
    expect([ws.getCell('E40').numFmt, ws.getCell('F40').numFmt, ws.getCell('C40').numFmt, ws.getCell('L40').numFmt]).toEqual(['@', '@', 'dd/mm/yyyy', 'dd/mm/yyyy']);
    const guide = defined(wb.getWorksheet('Hướng dẫn'));
    expect(JSON.stringify(guide.getSheetValues())).toMatch(/12 chữ số/);
    expect((wb.getWorksheet('Danh mục') as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet).toBe(true);
  });

  it('every column that has one carries a typed validation with a Vietnamese prompt and a stop alert; lists come from the lists sheet', async () => {
    const wb = await read(blank);
    const ws = defined(wb.getWorksheet('Khu phố 1'));
    const model = dvs(ws);
    const at = (col: string) => model[`${col}6`];
    const must = (col: string) => known(at(col), `the validation of ${col}6`);
    const expected: Record<string, string> = {
      B: 'textLength',
      C: 'date',
      D: 'list',
      E: 'custom',
      F: 'custom',
      G: 'custom',
      H: 'list',
      J: 'list',
      K: 'list',
      L: 'date',
      M: 'list',
    };
    for (const [col, type] of Object.entries(expected)) {
      const dv = must(col);
      expect(dv?.type, col).toBe(type);
      expect(dv.allowBlank, col).toBe(true);
      expect(dv.showInputMessage && dv.showErrorMessage, col).toBe(true);
      expect(dv.errorStyle ?? 'stop', col).toBe('stop');
      for (const t of [dv.promptTitle, dv.prompt, dv.errorTitle, dv.error]) expect(t, col).toBeTruthy();
      expect(defined(dv.promptTitle).length, col).toBeLessThanOrEqual(32);
      expect(defined(dv.prompt).length, col).toBeLessThanOrEqual(255);
      // The same validation on the last prepared row.
      expect(model[`${col}300`], col).toEqual(dv);
    }
    for (const col of ['A', 'I', 'N', 'O']) expect(at(col), col).toBeUndefined();
    expect(listValues(wb, must('D').formulae[0])).toEqual(['Nam', 'Nữ']);
    expect(listValues(wb, must('H').formulae[0])).toEqual(['Tổ trưởng', 'Tổ phó', 'Thành viên']);
    expect(listValues(wb, must('M').formulae[0])).toEqual(['Có', 'Không']);
    expect(listValues(wb, must('J').formulae[0])).toEqual(['Khu phố 1']);
    // The wards of the office's jurisdiction (26737 covers the successors of old code 26737 too), as the marker lists them.
    const markerWards = (defined(wb.getWorksheet('_roster_template')).getSheetValues() as unknown[][]).filter((r) => r && r[1] === 'ward').map((r) => r[3]);
    expect(listValues(wb, must('K').formulae[0])).toEqual(markerWards);
    expect(markerWards).toContain('Phường Tân Định');
    // CCCD: text, exactly 12 digits; phone: text, 10 or 11 digits starting with 0.
    expect(must('E').formulae[0]).toMatch(/LEN\(E6\)=12/);
    expect(must('E').formulae[0]).toMatch(/ISTEXT\(E6\)/);
    expect(must('F').formulae[0]).toMatch(/OR\(LEN\(F6\)=10,LEN\(F6\)=11\)/);
    expect(must('F').formulae[0]).toMatch(/LEFT\(F6,1\)="0"/);
    expect(must('E').prompt).toMatch(/12 chữ số/);
    expect(must('E').error).toMatch(/12 chữ số/);
    // Dates from 1920 (birth) / 2020 (joining) to the end of the month.
    const serial = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 25569);
    const num = (v: unknown) => (v instanceof Date ? serial(v.toISOString().slice(0, 10)) : Number(v));
    expect(must('C').formulae.map(num)).toEqual([serial('1920-01-01'), serial('2026-12-31')]);
    expect(must('L').formulae.map(num)).toEqual([serial('2020-01-01'), serial('2026-12-31')]);
  });

  it('a marker names the template, its office, sheets and columns; a defined name points at it', async () => {
    const wb = await read(blank);
    const m = defined(wb.getWorksheet('_roster_template'));
    expect(m.getRow(1).values).toEqual(expect.arrayContaining(['roster-template', 1, 'UBND PHƯỜNG TÂN ĐỊNH', '2026-12']));
    const rows = (m.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows.filter((r) => r[0] === 'sheet').map((r) => [r[1], r[2], r[3], r[4], r[5], r[6] ?? ''])).toEqual([
      ['Tổ cấp xã', 5, 6, '26737', 'Phường Tân Định', ''],
      ['Khu phố 1', 5, 6, '26737', 'Phường Tân Định', 'Khu phố 1'],
    ]);
    expect(rows.filter((r) => r[0] === 'column').map((r) => r[3])).toEqual([...HEADERS, 'Mã thành viên (không sửa)']);
    expect(JSON.stringify(wb.definedNames.model)).toContain('ROSTER_TEMPLATE');
  });

  it('--prefill fills in the members of the period, IDs and phones masked, the member id in the hidden column', async () => {
    const wb = await read(pre);
    const db = new Database(base, { readonly: true });
    const members = db.prepare('SELECT id, full_name, person_id, phone FROM members').all() as { id: number; full_name: string; person_id: string; phone: string }[];
    db.close();
    const seen: string[] = [];
    for (const name of ['Tổ cấp xã', 'Khu phố 1']) {
      const ws = defined(wb.getWorksheet(name));
      for (let r = 6; ws.getCell(`B${r}`).value; r++) {
        const m = defined(members.find((x) => x.full_name === ws.getCell(`B${r}`).value));
        expect(ws.getCell(`O${r}`).value).toBe(m.id);
        expect(ws.getCell(`E${r}`).value).toBe(maskDigits(m.person_id));
        expect(ws.getCell(`F${r}`).value).toBe(maskDigits(m.phone));
        expect(ws.getCell(`K${r}`).value).toBe('Phường Tân Định');
        seen.push(m.full_name);
      }
    }
    expect(seen.sort()).toEqual(members.map((m) => m.full_name).sort());
    const full = path.join(dir, 'prefilled-pii.xlsx');
    expect((await roster(['template', '--db', base, '--period', '2026-12', '--prefill', '2026-11', '--include-pii', '-o', full], { now: NOW })).code).toBe(0);
    const ws = defined((await read(full)).getWorksheet('Khu phố 1'));
    expect(members.map((m) => m.person_id)).toContain(ws.getCell('E6').value);
  });

  it('a prefilled template sent back unchanged imports by its marker and changes nothing', async () => {
    const db = freshDb('untouched.db');
    const r = await roster(['import', '--db', db, pre, '--period', '2026-12', '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.files.map((f: { sheet: string; headerRow: number }) => [f.sheet, f.headerRow])).toEqual([
      ['Tổ cấp xã', 5],
      ['Khu phố 1', 5],
    ]);
    expect(s.files[0].notes.join(' ')).toMatch(/roster template v1/);
    expect([s.added, s.updated, s.left, s.rows]).toEqual([0, 0, 0, 7]);
    expect(await validate(db)).toEqual([]);
  });

  it('a copied row keeps no stranger under a member id; a template whose columns were changed is read as any roster', async () => {
    // A head copies a prefilled row (hidden member id included) to add a new person.
    const wb = await read(pre);
    const ws = defined(wb.getWorksheet('Khu phố 1'));
    let last = 6;
    while (ws.getCell(`B${last + 1}`).value) last++;
    const src = ws.getRow(6);
    const row = ws.getRow(last + 1);
    for (let c = 1; c <= 15; c++) row.getCell(c).value = src.getCell(c).value;
    row.getCell(2).value = 'Người Mới Chép Dòng';
    row.getCell(5).value = '079199000111';
    const copied = path.join(dir, 'copied-row.xlsx');
    await wb.xlsx.writeFile(copied);
    const db = freshDb('copied.db');
    const r = await roster(['import', '--db', db, copied, '--period', '2026-12', '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ added: 1, left: 0 });
    const h = new Database(db, { readonly: true });
    const names = h
      .prepare('SELECT full_name FROM members ORDER BY id')
      .all()
      .map((x) => (x as { full_name: string }).full_name);
    h.close();
    expect(names).toContain('Người Mới Chép Dòng');
    expect(names).toContain(ws.getCell('B6').value);

    // A column inserted before the ID: the marker's columns no longer hold; the header is found as in any roster.
    const wb2 = await read(pre);
    const ws2 = defined(wb2.getWorksheet('Khu phố 1'));
    ws2.spliceColumns(5, 0, []);
    ws2.getCell('E5').value = 'Dân tộc';
    const changed = path.join(dir, 'changed-columns.xlsx');
    await wb2.xlsx.writeFile(changed);
    const db2 = freshDb('changed.db');
    const r2 = await roster(['import', '--db', db2, changed, '--period', '2026-12', '--json'], { now: NOW });
    expect(r2.code, r2.stderr).toBe(0);
    const s2 = JSON.parse(r2.stdout);
    const kp = s2.files.find((f: { sheet: string }) => f.sheet === 'Khu phố 1');
    expect(kp.notes.join(' ')).toMatch(/changed columns/);
    expect(kp.columns.find((c: { field: string }) => c.field === 'person_id').column).toBe('F');
    expect([s2.added, s2.left]).toEqual([0, 0]);
  });

  it('a corrected CCCD on a prefilled row updates that member: same person, no one joins or leaves', async () => {
    const wb = await read(pre);
    const ws = defined(wb.getWorksheet('Khu phố 1'));
    const name = String(ws.getCell('B7').value);
    const id = Number(ws.getCell('O7').value);
    ws.getCell('E7').value = '079091999888';
    const file = path.join(dir, 'corrected-id.xlsx');
    await wb.xlsx.writeFile(file);
    const db = freshDb('corrected.db');
    const r = await roster(['import', '--db', db, file, '--period', '2026-12', '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ added: 0, left: 0 });
    const h = new Database(db, { readonly: true });
    const m = h.prepare('SELECT id, person_id, person_key FROM members WHERE full_name = ?').all(name);
    h.close();
    expect(m).toEqual([{ id, person_id: '079091999888', person_key: 'id:079091999888' }]);
  });

  it('a template whose sheet was renamed is refused (exit 2): its members would otherwise count as left', async () => {
    const wb = await read(pre);
    defined(wb.getWorksheet('Khu phố 1')).name = 'KP1 đã sửa';
    const file = path.join(dir, 'renamed-sheet.xlsx');
    await wb.xlsx.writeFile(file);
    const db = freshDb('renamed.db');
    const r = await roster(['import', '--db', db, file, '--period', '2026-12']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('thiếu trang "Khu phố 1"');
    const h = new Database(db, { readonly: true });
    expect((h.prepare("SELECT count(*) AS n FROM imports WHERE period = '2026-12'").get() as { n: number }).n).toBe(0);
    h.close();
  });

  it('a database without teams gives one sheet, the ward dropdown from the jurisdiction and no khu phố list', async () => {
    const db = path.join(dir, 'empty.db');
    expect((await roster(['init', '--db', db, '--office', 'UBND PHƯỜNG TÂN ĐỊNH', '--jurisdiction', '26737'])).code).toBe(0);
    const out = path.join(dir, 'no-teams.xlsx');
    const r = await roster(['template', '--db', db, '--period', '2026-12', '-o', out], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/chưa có tổ nào/);
    const wb = await read(out);
    expect(wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual(['Danh sách', 'Hướng dẫn']);
    const model = dvs(defined(wb.getWorksheet('Danh sách')));
    expect(model.J6).toBeUndefined();
    expect(listValues(wb, known(model.K6, 'the validation of K6').formulae[0])).toContain('Phường Tân Định');
  });

  it('bad flags and impossible requests are exit 2 and write nothing', async () => {
    const out = path.join(dir, 'never.xlsx');
    for (const args of [
      ['--sheets', 'many'],
      ['--prefill', '2025-01'],
      ['--ward', '99999'],
      ['--period', '2026-13'],
    ]) {
      const r = await roster(['template', '--db', base, ...args, '-o', out]);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect((await roster(['template', '--db', base, '-o', base])).code).toBe(2);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('a filled template comes back through roster import', () => {
  it('the committed fixtures were filled from the template roster writes today', async () => {
    const now = path.join(dir, 'today.xlsx');
    expect((await roster(['template', '--db', base, '--period', '2026-12', '-o', now], { now: NOW })).code).toBe(0);
    const layout = async (f: string) =>
      (defined((await read(f)).getWorksheet('_roster_template')).getSheetValues() as unknown[][])
        .filter((r) => r && (r[1] === 'column' || r[1] === 'sheet'))
        .map((r) => r.slice(1, 8));
    const today = await layout(now);
    for (const f of ['filled-by-head-with-mistakes.xlsx', 'prefilled-one-changed-one-removed-one-added.xlsx']) expect(await layout(path.join(TEMPLATES, f)), f).toEqual(today);
  });

  it('mistakes a script typed past the validations are findings at their cells; no header guessing, empty sheets skipped', async () => {
    const db = freshDb('mistakes.db');
    const file = path.join(TEMPLATES, 'filled-by-head-with-mistakes.xlsx');
    const r = await roster(['import', '--db', db, file, '--period', '2026-12', '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.files.map((f: { sheet: string }) => f.sheet)).toEqual(['Khu phố 1']);
    expect(s.rows).toBe(8);
    const h = new Database(db, { readonly: true });
    const imp = h.prepare("SELECT header_row, columns_json FROM imports WHERE file_name = 'filled-by-head-with-mistakes.xlsx'").get() as {
      header_row: number;
      columns_json: string;
    };
    expect(imp.header_row).toBe(5);
    expect(JSON.parse(imp.columns_json).map((c: { column: string; field: string }) => `${c.column}:${c.field}`)).toEqual([
      'B:full_name',
      'C:dob',
      'D:gender',
      'E:person_id',
      'F:phone',
      'G:email',
      'H:role',
      'I:organisation',
      'J:neighbourhood',
      'K:ward',
      'L:joined_on',
      'M:onetouch',
      'N:notes',
    ]);
    // Khu phố and ward left blank on the khu phố's own sheet: the sheet's team, its ward resolved.
    const rows = h.prepare("SELECT s.neighbourhood, s.ward, s.unit_status FROM source_rows s JOIN imports i ON i.id = s.import_id WHERE i.period = '2026-12'").all() as {
      neighbourhood: string;
      ward: string;
      unit_status: string;
    }[];
    h.close();
    expect(new Set(rows.map((x) => `${x.neighbourhood}|${x.ward}|${x.unit_status}`))).toEqual(new Set(['Khu phố 1|Phường Tân Định|current']));
    const found = (await validate(db)).map((f) => `${f.rule}@${f.sheet}!${f.cell}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'person.id.repaired@Khu phố 1!E7',
        'person.phone.repaired@Khu phố 1!F7',
        'person.id.format@Khu phố 1!E8',
        'person.id.unrecoverable@Khu phố 1!E9',
        'person.role.unknown@Khu phố 1!H10',
        'team.leader.multiple@Khu phố 1!H11',
        'person.dob.format@Khu phố 1!C12',
        'person.phone.format@Khu phố 1!F12',
        'person.email.format@Khu phố 1!G13',
        'date.future@Khu phố 1!L13',
      ]),
    );
    // The correct first row has no finding.
    expect(found.filter((f) => /!\D+6$/.test(f))).toEqual([]);
  });

  it("the annotated workbook points at the cells of the clerk's file and keeps the template's validations", async () => {
    const db = freshDb('annotated.db');
    const file = path.join(TEMPLATES, 'filled-by-head-with-mistakes.xlsx');
    expect((await roster(['import', '--db', db, file, '--period', '2026-12'], { now: NOW })).code).toBe(0);
    const out = path.join(dir, 'so-tay-loi.xlsx');
    const r = await roster(['validate', '--db', db, '--period', '2026-12', '--format', 'xlsx', '-o', out], { now: NOW });
    expect(r.code, r.stderr).toBe(1);
    const wb = await read(out);
    const copy = defined(wb.getWorksheet('filled-by-head-with-mistakes'));
    expect(copy.getCell('E8').note).toBeTruthy();
    expect(JSON.stringify(copy.getCell('E8').note)).toContain('person.id.format');
    const errs = defined(wb.getWorksheet('Lỗi'));
    const rows: unknown[][] = [];
    errs.eachRow((row) => rows.push([row.getCell(3).value, row.getCell(5).value, row.getCell(8).value]));
    // Rule, sheet and cell of the clerk's file (the cell links to the copy at the same address).
    expect(rows).toContainEqual(['person.id.format', 'Khu phố 1', 'E8']);
    expect(rows).toContainEqual(['date.future', 'Khu phố 1', 'L13']);
    const model = dvs(copy);
    expect(model.E6?.type).toBe('custom');
    expect(model.E6?.formulae[0]).toMatch(/LEN\(E6\)=12/);
    expect(model.H6?.type).toBe('list');
    expect(listValues(wb, known(model.H6, 'the validation of H6').formulae[0])).toEqual(['Tổ trưởng', 'Tổ phó', 'Thành viên']);
    expect(listValues(wb, known(model.J6, 'the validation of J6').formulae[0])).toEqual(['Khu phố 1']);
    expect(model.C6?.type).toBe('date');
    expect(defined(wb.getWorksheet('Danh mục')).state).toBe('hidden');
    expect(copy.getColumn(5).numFmt).toBe('@');
  });

  it('a prefilled template with one member changed, one removed and one added', async () => {
    const db = freshDb('prefilled.db');
    const before = new Database(db, { readonly: true });
    const stored = before.prepare('SELECT id, full_name, person_id FROM members ORDER BY id').all() as { id: number; full_name: string; person_id: string }[];
    before.close();
    const file = path.join(TEMPLATES, 'prefilled-one-changed-one-removed-one-added.xlsx');
    const r = await roster(['import', '--db', db, file, '--period', '2026-12', '--json'], { now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect([s.added, s.updated, s.left]).toEqual([1, 1, 1]);
    const h = new Database(db, { readonly: true });
    const q = (name: string) =>
      h
        .prepare('SELECT m.id, m.person_id, m.phone, ms.role, ms.status, ms.left_period FROM members m JOIN memberships ms ON ms.member_id = m.id WHERE m.full_name = ?')
        .get(name) as { id: number; person_id: string; phone: string; role: string; status: string; left_period: string | null };
    const tai = q('Trần Văn Tài');
    expect(tai).toMatchObject({ id: defined(stored.find((m) => m.full_name === 'Trần Văn Tài')).id, phone: '0932111000', role: 'member', status: 'active' });
    expect(tai.person_id).toBe(defined(stored.find((m) => m.full_name === 'Trần Văn Tài')).person_id);
    expect(q('Lê Thị Bảo Trâm')).toMatchObject({ status: 'left', left_period: '2026-12' });
    expect(q('Ngô Thanh Hà')).toMatchObject({ person_id: '079195012345', status: 'active' });
    // Every masked CCCD that came back kept its stored number: no new person, no changed ID.
    const after = h.prepare('SELECT id, full_name, person_id FROM members WHERE id <= ? ORDER BY id').all(stored.length);
    expect(after).toEqual(stored);
    expect((h.prepare('SELECT count(*) AS n FROM members').get() as { n: number }).n).toBe(stored.length + 1);
    const masked = h.prepare("SELECT count(*) AS n FROM source_rows WHERE period = '2026-12' AND person_id LIKE '%*%'").get() as { n: number };
    h.close();
    expect(masked.n).toBe(0);
    expect((await validate(db)).filter((f) => f.rule.startsWith('person.id'))).toEqual([]);
  });
});
