import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { columnLetter, detectHeader, isColumnNumberRow, isFooterRow, type SavedMap } from '../src/importer/header.js';
import { fieldForHeader, missingRequired } from '../src/roster/fields.js';
import { openTable } from '../src/importer/readers/index.js';
import type { SourceRow } from '../src/importer/readers/types.js';
import { FIXTURES } from './helpers/cli.js';

const R = (row: number, ...cells: (string | number | null)[]): SourceRow => ({ row, cells });

async function allRows(file: string, opts = {}): Promise<SourceRow[]> {
  const t = await openTable(path.join(FIXTURES, 'rosters', file), opts);
  const out: SourceRow[] = [];
  for await (const r of t.rows) out.push(r);
  return out;
}

describe('fieldForHeader', () => {
  test('synonyms compared without diacritics, case or punctuation', () => {
    expect(fieldForHeader('Họ và tên')).toBe('full_name');
    expect(fieldForHeader('HO VA TEN')).toBe('full_name');
    expect(fieldForHeader('Họ tên (*)')).toBe('full_name');
    expect(fieldForHeader('Năm sinh')).toBe('dob');
    expect(fieldForHeader('Ngày, tháng, năm sinh')).toBe('dob');
    expect(fieldForHeader('Nam/Nữ')).toBe('gender');
    expect(fieldForHeader('CMND/CCCD')).toBe('person_id');
    expect(fieldForHeader('SĐT')).toBe('phone');
    expect(fieldForHeader('sdt')).toBe('phone');
    expect(fieldForHeader('Chức danh trong tổ')).toBe('role');
    expect(fieldForHeader('Khu phố/Ấp')).toBe('neighbourhood');
    expect(fieldForHeader('Phường/Xã')).toBe('ward');
    expect(fieldForHeader('Mã ĐVHC')).toBe('ward_code');
    expect(fieldForHeader('Quận/Huyện')).toBe('district');
    expect(fieldForHeader('Ngày rời tổ')).toBe('left_on');
    expect(fieldForHeader('Đã học OneTouch')).toBe('onetouch');
    expect(fieldForHeader('STT')).toBeNull();
    expect(fieldForHeader('')).toBeNull();
  });
  test('ward code satisfies the ward requirement', () => {
    expect(missingRequired(['full_name', 'role', 'ward_code'])).toEqual([]);
    expect(missingRequired(['full_name'])).toEqual(['role', 'ward']);
  });
});

describe('columnLetter', () => {
  test('A…Z, AA…', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});

describe('detectHeader', () => {
  test('title block, merged cells and a two-row header (openpyxl file)', async () => {
    const rows = await allRows('title-block-merged-two-row-header.xlsx');
    const h = detectHeader(rows.slice(0, 40));
    expect(h.headerRow).toBe(8);
    expect(h.groupRow).toBe(7);
    expect(h.missing).toEqual([]);
    const by = Object.fromEntries(h.columns.map((c) => [c.field, `${c.column}:${c.header}`]));
    expect(by).toEqual({
      full_name: 'B:Họ và tên',
      dob: 'C:Ngày sinh',
      gender: 'D:Giới tính',
      person_id: 'E:Số CCCD',
      phone: 'F:Số điện thoại',
      role: 'G:Chức danh',
      neighbourhood: 'H:Khu phố/Ấp',
      ward: 'I:Phường/Xã',
      district: 'J:Quận/Huyện',
      onetouch: 'K:Hoàn thành OneTouch',
      notes: 'L:Ghi chú',
    });
    expect(h.unmapped.map((u) => u.header)).toEqual(['STT']);
  });

  test('same header found in the workbook re-saved by LibreOffice', async () => {
    const rows = await allRows('libreoffice-resaved.xlsx');
    const h = detectHeader(rows.slice(0, 40));
    expect(h.headerRow).toBe(8);
    expect(h.columns.map((c) => c.field)).toContain('ward');
  });

  test('a group header whose parts only name a field together', () => {
    const h = detectHeader([R(1, 'Danh sách'), R(3, 'Họ và tên', 'Ngày', null, 'Chức vụ', 'Phường'), R(4, null, 'sinh', 'Giới tính', null, null)]);
    expect(h.headerRow).toBe(4);
    expect(h.columns.map((c) => `${c.field}:${c.column}`)).toEqual(['full_name:A', 'dob:B', 'gender:C', 'role:D', 'ward:E']);
  });

  test('missing required columns are named; headers are reported', () => {
    const h = detectHeader([R(1, 'Tên', 'Ngày sinh', 'Điện thoại'), R(2, 'A', '01/01/1990', '0912345678')]);
    expect(h.headerRow).toBe(1);
    expect(h.missing).toEqual(['full_name', 'role', 'ward']);
    expect(h.unmapped.map((u) => `${u.column}:${u.header}`)).toEqual(['A:Tên']);
  });

  test('--header-row and a saved map', () => {
    const rows = [R(1, 'Danh sách'), R(2, 'Tên', 'Vị trí', 'Nơi ở', 'Ghi chú'), R(3, 'Nguyễn Văn An', 'Tổ trưởng', 'Phường Đa Kao', '')];
    const map: SavedMap = { version: 1, headerRow: 2, columns: { Tên: 'full_name', 'Vị trí': 'role', 'Nơi ở': 'ward', 'Ghi chú': 'ignore' } };
    const h = detectHeader(rows, { map });
    expect(h.headerRow).toBe(2);
    expect(h.columns.map((c) => `${c.field}:${c.index}`)).toEqual(['full_name:0', 'role:1', 'ward:2']);
    expect(h.missing).toEqual([]);
    expect(h.unmapped).toEqual([]);
    const forced = detectHeader(rows, { headerRow: 3 });
    expect(forced.headerRow).toBe(3);
    expect(forced.missing).toEqual(['full_name', 'role', 'ward']);
  });
});

describe('footers', () => {
  test('totals, date line, signatures and their names are footers in the openpyxl fixture', async () => {
    const rows = await allRows('title-block-merged-two-row-header.xlsx');
    const h = detectHeader(rows.slice(0, 40));
    const below = rows.filter((r) => r.row > h.headerRow);
    const members = below.filter((r) => !isFooterRow(r, h.columns));
    const footers = below.filter((r) => isFooterRow(r, h.columns));
    expect(members.map((r) => r.row)).toEqual([9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 27]);
    // row 27 holds only the signers' names: not a footer by its text, but it comes after the first footer row (19)
    expect(members.at(-1)?.cells).toEqual([null, 'Lê Thị Mai', null, null, null, null, null, 'Trần Văn Bình']);
    expect(footers.map((r) => r.row)).toEqual([19, 21, 22, 23]);
  });
  test('a member row is never a footer, even with a footer-like organisation', () => {
    const cols = detectHeader([R(1, 'Họ và tên', 'Chức danh', 'Phường/Xã', 'Đơn vị công tác')]).columns;
    expect(isFooterRow(R(2, 'Lê Văn Cộng', 'Thành viên', 'Phường 4', 'Công an phường'), cols)).toBe(false);
    expect(isFooterRow(R(2, 'Lê Văn Cộng', null, 'Phường 4', 'Công an phường'), cols)).toBe(false);
    expect(isFooterRow(R(9, 'Cộng', null, null, 12), cols)).toBe(true);
    expect(isFooterRow(R(9, null, 'Tổng số: 12'), cols)).toBe(true);
    expect(isFooterRow(R(9, null, null, 'Quận 3, ngày 5 tháng 11 năm 2025'), cols)).toBe(true);
    expect(isFooterRow(R(9, 'NGƯỜI LẬP BIỂU', null, 'THỦ TRƯỞNG ĐƠN VỊ'), cols)).toBe(true);
  });
  test('a row of column numbers under the header', () => {
    expect(isColumnNumberRow(R(9, '(1)', '(2)', '(3)', '(4)'))).toBe(true);
    expect(isColumnNumberRow(R(9, 1, 2, 3, 4, 5))).toBe(true);
    expect(isColumnNumberRow(R(9, 1, 'Nguyễn Văn An', 'Tổ trưởng'))).toBe(false);
  });
});
