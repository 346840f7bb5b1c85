import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openRosterTable as openTable } from '../src/importer/roster-sheet.js';
import { LIMITS, isDateFormat } from '../src/readers/xlsx/index.js';
import type { SourceRow } from '../src/readers/types.js';
import { InputError } from '../src/errors.js';
import { FIXTURES } from './helpers/cli.js';
import { INSTALL, skipUnless } from './helpers/skips.js';
import { at } from './helpers/defined.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-xlsx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const fixture = (f: string) => path.join(FIXTURES, 'rosters', f);

// Workbooks are written by Python (openpyxl, zipfile), never by the reader under test.
const PY = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import openpyxl'], { stdio: 'ignore' }).status === 0);
const NO_PY = skipUnless(PY, 'XLSX reader on workbooks written by openpyxl', INSTALL.openpyxl);

function python(code: string, input = ''): string {
  const r = spawnSync(PY as string, ['-c', code], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

/** Writes a zip whose entries are given as text (for hand-made XLSX parts). */
function zip(file: string, parts: Record<string, string>): string {
  python(
    `import json, sys, zipfile\nparts = json.load(sys.stdin)\nwith zipfile.ZipFile(${JSON.stringify(file)}, 'w', zipfile.ZIP_DEFLATED) as z:\n    for k, v in parts.items(): z.writestr(k, v.encode('utf-8'))`,
    JSON.stringify(parts),
  );
  return file;
}

const CT = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`;
function handmade(name: string, sheetXml: string, extra: { sharedStrings?: string; styles?: string; date1904?: boolean } = {}): string {
  const parts: Record<string, string> = {
    '[Content_Types].xml': CT,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr${extra.date1904 ? ' date1904="1"' : ''}/><sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetXml}</sheetData></worksheet>`,
  };
  if (extra.sharedStrings)
    parts['xl/sharedStrings.xml'] = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${extra.sharedStrings}</sst>`;
  if (extra.styles)
    parts['xl/styles.xml'] = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${extra.styles}</styleSheet>`;
  return zip(path.join(dir, name), parts);
}

async function read(file: string, opts = {}) {
  const t = await openTable(file, opts);
  const rows: SourceRow[] = [];
  for await (const r of t.rows) rows.push(r);
  return { t, rows };
}

const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

describe('XLSX fixtures written by openpyxl and LibreOffice', () => {
  test('title block with merged cells: values in the top-left cell only; real dates; IDs as text', async () => {
    const { t, rows } = await read(fixture('title-block-merged-two-row-header.xlsx'));
    expect(t.sheet).toBe('Danh sách');
    expect(t.format).toBe('xlsx');
    expect(rows[0]).toEqual({ row: 1, cells: ['UBND QUẬN 1', null, null, null, null, null, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'] });
    expect(rows.find((r) => r.row === 7)?.cells.slice(6, 11)).toEqual(['Chức danh', 'Địa bàn', null, null, 'Hoàn thành OneTouch']);
    const first = rows.find((r) => r.row === 9) as SourceRow;
    expect(first.cells[0]).toBe(1);
    expect(first.cells[2]).toBeInstanceOf(Date);
    expect((first.cells[2] as Date).getUTCHours()).toBe(0);
    expect(first.cells[4]).toMatch(/^079[0-3]\d{8}$/);
    expect(first.cells[5]).toMatch(/^0\d{9}$/);
  });

  test('LibreOffice re-save reads the same cells as the openpyxl original', async () => {
    const a = (await read(fixture('title-block-merged-two-row-header.xlsx'))).rows;
    const b = (await read(fixture('libreoffice-resaved.xlsx'))).rows;
    expect(b).toEqual(a);
  });

  test('IDs and phones stored as numbers, scientific text, mixed dates, booleans, a formula error', async () => {
    const { rows } = await read(fixture('ids-phones-as-numbers-dates-mixed.xlsx'));
    const [h, r2, r3] = [at(rows, 0), at(rows, 1), at(rows, 2)];
    expect(h.cells[0]).toBe('Họ và tên');
    expect(typeof r2.cells[2]).toBe('number');
    expect(String(r2.cells[2])).toMatch(/^79\d{9}$/);
    expect(typeof r2.cells[3]).toBe('number');
    expect(r2.cells[1]).toBeInstanceOf(Date);
    expect(r3.cells[1]).toMatch(/^\d\d\/\d\d\/\d{4}$/);
    expect(r2.cells[7]).toBeInstanceOf(Date);
    expect(typeof r2.cells[8]).toBe('boolean');
    expect(r2.cells[9]).toBe('#DIV/0!');
    expect(at(rows, 6).cells[2]).toBe('7.92031E+10');
    expect(at(rows, 7).cells[2]).toMatch(/^079\d{9}$/);
  });

  test('two sheets and a hidden one: the roster sheet is chosen and said so; hidden only when named', async () => {
    const { t, rows } = await read(fixture('two-sheets-and-hidden-sheet.xlsx'));
    expect(t.sheet).toBe('DS thành viên');
    const en = t.notes.map((n) => (typeof n === 'string' ? n : n.en)).join('\n');
    expect(en).toMatch(/"DS thành viên" chosen/);
    expect(en).toMatch(/hidden sheets skipped: "Danh sách cũ"/);
    expect(t.notes.map((n) => (typeof n === 'string' ? n : n.vi)).join('\n')).toMatch(/bỏ qua các trang tính ẩn: "Danh sách cũ"/);
    expect(at(rows, 0).cells).toEqual(['STT', 'Họ tên', 'Chức vụ', 'KP', 'Phường', 'Quận', 'SĐT']);
    expect(rows).toHaveLength(7);
    const hidden = await read(fixture('two-sheets-and-hidden-sheet.xlsx'), { sheet: 'danh sach cu' });
    expect(hidden.t.sheet).toBe('Danh sách cũ');
    expect(at(hidden.rows, 1).cells[9]).toBe('cũ');
    await expect(openTable(fixture('two-sheets-and-hidden-sheet.xlsx'), { sheet: 'Tháng 11' })).rejects.toThrow(/no sheet named "Tháng 11"/);
  });
});

describe.skipIf(NO_PY)('hand-made parts: what other writers produce', () => {
  test('shared and inline strings with rich text runs and phonetic runs (left out), booleans, str formulas', async () => {
    const f = handmade(
      'rich.xlsx',
      `<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="inlineStr"><is><r><t>Phường </t></r><r><rPr><b/></rPr><t xml:space="preserve">Đa Kao </t></r><rPh sb="0" eb="1"><t>ダカオ</t></rPh></is></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="str"><f>A1&amp;"x"</f><v>Tổ &amp; phó</v></c><c r="F2" t="e"><f>#REF!</f><v>#REF!</v></c></row>` +
        `<row r="5"><c t="s"><v>1</v></c><c><v>12.5</v></c></row>`,
      { sharedStrings: `<si><r><t>Nguyễn </t></r><r><rPr><i/></rPr><t>Thị Ánh</t></r><rPh sb="0" eb="1"><t>ゲン</t></rPh></si><si><t>Nguye\u0302\u0303n</t></si>` },
    );
    const { rows } = await read(f);
    expect(rows).toEqual([
      { row: 2, cells: [null, 'Nguyễn Thị Ánh', 'Phường Đa Kao ', true, 'Tổ & phó', '#REF!'] },
      { row: 5, cells: ['Nguyễn', 12.5] },
    ]);
  });

  test('date styles (built-in and custom formats), 1900 leap-year quirk and the 1904 system', async () => {
    const styles = `<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0.00"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>`;
    const sheet = `<row r="1"><c r="A1" s="1"><v>32874</v></c><c r="B1" s="2"><v>59</v></c><c r="C1" s="2"><v>61</v></c><c r="D1" s="3"><v>32874</v></c><c r="E1"><v>32874</v></c></row>`;
    const a = at((await read(handmade('d1900.xlsx', sheet, { styles }))).rows, 0).cells;
    expect(a).toEqual([utc(1990, 1, 1), utc(1900, 2, 28), utc(1900, 3, 1), 32874, 32874]);
    const b = at((await read(handmade('d1904.xlsx', sheet, { styles, date1904: true }))).rows, 0).cells;
    expect(b[0]).toEqual(utc(1994, 1, 2));
  });

  test('date format detection', () => {
    for (const f of ['dd/mm/yyyy', 'd/m/yy', '[$-42A]d mmmm yyyy', 'mm/yyyy', 'yyyy-mm-dd hh:mm']) expect(isDateFormat(f)).toBe(true);
    for (const f of ['0.00', '#,##0', '"Ngày"0', 'h:mm', '[Red]0', '@']) expect(isDateFormat(f)).toBe(false);
  });
});

describe('hostile XLSX', () => {
  const fails = async (p: string, re: RegExp) => {
    const err = await (async () => {
      const t = await openTable(p);
      for await (const _ of t.rows) void _;
    })().catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).msg.en).toMatch(re);
    expect((err as InputError).msg.en).toContain(path.basename(p));
  };
  test('truncated and corrupt archives', async () => {
    const buf = fs.readFileSync(fixture('title-block-merged-two-row-header.xlsx'));
    const trunc = path.join(dir, 'truncated.xlsx');
    fs.writeFileSync(trunc, buf.subarray(0, Math.floor(buf.length / 2)));
    await fails(trunc, /damaged or incomplete/);
    const junk = path.join(dir, 'junk.xlsx');
    fs.writeFileSync(junk, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(3000, 0x55)]));
    await fails(junk, /damaged or incomplete/);
    const notzip = path.join(dir, 'text.xlsx');
    fs.writeFileSync(notzip, 'Họ và tên,Chức danh\n');
    await fails(notzip, /not a valid \.xlsx/);
  });
  test.skipIf(NO_PY)('malformed sheet XML', async () => {
    await fails(handmade('badxml.xlsx', '<row r="1"><c r="A1" t="s"><v>0</v></row>', { sharedStrings: '<si><t>a</t></si>' }), /damaged or incomplete/);
  });
  test.skipIf(NO_PY)('a zip bomb is stopped by the inflated-size cap', async () => {
    const big = `<row r="1"><c r="A1"><v>1</v></c></row>${' '.repeat(3 * 1024 * 1024)}`;
    const f = handmade('bomb.xlsx', big);
    const saved = LIMITS.sheetBytes;
    LIMITS.sheetBytes = 1024 * 1024;
    try {
      await fails(f, /too large.*zip bomb/);
    } finally {
      LIMITS.sheetBytes = saved;
    }
  });
  test.skipIf(NO_PY)('a cell longer than 1 MB', async () => {
    const f = handmade('hugecell.xlsx', `<row r="1"><c r="A1" t="inlineStr"><is><t>${'ấ'.repeat(1_100_000)}</t></is></c></row>`);
    await fails(f, /longer than 1 MB/);
  });
});

describe.skipIf(NO_PY)('a large Vietnamese workbook written by openpyxl: every character intact', () => {
  test('50,000 rows', async () => {
    const file = path.join(dir, 'large.xlsx');
    const expectedFile = path.join(dir, 'large.tsv');
    python(`
import random
from openpyxl import Workbook
rnd = random.Random(7)
fam = ["Nguyễn","Trần","Lê","Phạm","Hoàng","Huỳnh","Phan","Vũ","Võ","Đặng","Bùi","Đỗ","Hồ","Ngô","Dương","Lý"]
mid = ["Văn","Thị","Hữu","Ngọc","Thành","Quốc","Thu","Mỹ","Đức","Xuân"]
giv = ["Ánh","Ẩn","Ấn","Ỷ","Ỵ","Thưởng","Nguyệt","Khuyến","Dũng","Hương","Trường","Ước","Ửng","Ỹ","Đoàn","Ối"]
ward = ["Phường Bến Nghé","Phường Đa Kao","Phường Tân Định","Phường Võ Thị Sáu","Phường 4","Xã Thạnh An","Phường Xuân Hòa"]
wb = Workbook(write_only=True)
ws = wb.create_sheet("Danh sách")
ws.append(["Họ và tên","Chức danh","Khu phố/Ấp","Phường/Xã","Ghi chú"])
with open(${JSON.stringify(expectedFile)}, "w", encoding="utf-8") as out:
    for i in range(50000):
        name = " ".join([rnd.choice(fam), rnd.choice(mid), rnd.choice(giv)])
        note = "".join(rnd.choice("ạảãáàăắằẳẵặâấầẩẫậđêếềểễệơớờởỡợưứừửữựỳỷỹýỵ€😀 ") for _ in range(rnd.randint(0, 40)))
        row = [name, rnd.choice(["Tổ trưởng","Tổ phó","Thành viên"]), "Khu phố %d" % (i % 9 + 1), rnd.choice(ward), note]
        ws.append(row)
        out.write("\\t".join(row) + "\\n")
wb.save(${JSON.stringify(file)})
`);
    const expected = fs
      .readFileSync(expectedFile, 'utf8')
      .split('\n')
      .slice(0, -1)
      .map((l) => l.split('\t'));
    const t = await openTable(file);
    let i = -1;
    let bad = 0;
    let replacement = 0;
    for await (const batch of t.batches) {
      for (const r of batch) {
        if (i >= 0) {
          const want = at(expected, i).map((v) => (v === '' ? null : v.normalize('NFC')));
          while (want.length && want[want.length - 1] === null) want.pop();
          if (JSON.stringify(r.cells) !== JSON.stringify(want) || r.row !== i + 2) bad++;
          for (const c of r.cells) if (typeof c === 'string' && c.includes('\ufffd')) replacement++;
        }
        i++;
      }
    }
    expect(i).toBe(50000);
    expect(replacement).toBe(0);
    expect(bad).toBe(0);
  }, 180_000);
});
